/** The catalog's plugin id: its API is under `/api/catalog`, its tables `catalog_*`. */
export const catalogPluginId = 'catalog';
