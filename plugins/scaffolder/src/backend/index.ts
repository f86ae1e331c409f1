export { scaffolderPlugin } from './scaffolderPlugin';
export type { ScaffolderCatalog, ScaffolderDeps, ScaffolderReader } from './ScaffolderDeps';
