import type { FrontendPlugin } from '@callboard/plugin-api/frontend';
import { aboutPlugin } from '@callboard/plugin-about/frontend';
import { catalogPlugin } from '@callboard/plugin-catalog/frontend';
import { docsPlugin } from '@callboard/plugin-docs/frontend';
import { scaffolderPlugin } from '@callboard/plugin-scaffolder/frontend';
import { searchPlugin } from '@callboard/plugin-search/frontend';
import { versionsPlugin } from '@callboard/plugin-versions/frontend';

/**
 * THE list of frontend plugins. Order matters only as a tie-break: for nav items without an
 * `order` and for slot contributions without one. Keep in step with packages/backend/src/plugins.ts.
 */
export const plugins: readonly FrontendPlugin[] = [
  catalogPlugin,
  docsPlugin,
  scaffolderPlugin,
  searchPlugin,
  versionsPlugin,
  aboutPlugin,
];
