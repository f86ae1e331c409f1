import { apiKind, mcpServerApiKind } from './apiKind';
import { componentKind } from './componentKind';
import { domainKind } from './domainKind';
import { groupKind } from './groupKind';
import type { KindDefinition } from './KindDefinition';
import { locationKind } from './locationKind';
import { resourceKind } from './resourceKind';
import { systemKind } from './systemKind';
import { templateKind } from './templateKind';
import { userKind } from './userKind';

/**
 * The kinds a default Backstage installation accepts: the built-in kinds of
 * `@backstage/catalog-model` (with the `mcp-server` API sub-type) plus the scaffolder's Template.
 * The alpha `aiResourceKinds` are not included; see their module.
 */
export const coreKinds: readonly KindDefinition[] = [
  componentKind,
  apiKind,
  mcpServerApiKind,
  resourceKind,
  systemKind,
  domainKind,
  groupKind,
  userKind,
  locationKind,
  templateKind,
];
