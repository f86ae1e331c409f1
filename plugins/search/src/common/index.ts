export * from './api';
export const searchPluginId = 'search';
