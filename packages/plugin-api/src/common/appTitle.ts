/**
 * The meta tag in the served index.html that carries `app.title` from app-config to the
 * frontend (written by the backend, read by `appTitle()`).
 */
export const appTitleMetaName = 'callboard:app-title';
