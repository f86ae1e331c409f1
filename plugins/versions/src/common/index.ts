export * from './api';
export const versionsPluginId = 'versions';
