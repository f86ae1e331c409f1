import type { PluginMigration } from '@callboard/plugin-api/backend';
import { docsSites } from './20261207220000_docs_sites';
import { docsPages } from './20261207220100_docs_pages';
import { docsFiles } from './20261207220200_docs_files';
import { docsChangeCursor } from './20261207220300_docs_change_cursor';

/** Every migration of the docs tables, in the order written; a name never changes. */
export const docsMigrations: readonly PluginMigration[] = [
  docsSites,
  docsPages,
  docsFiles,
  docsChangeCursor,
];
