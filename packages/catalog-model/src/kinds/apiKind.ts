import { z } from 'zod';
import {
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '../relations/relationTypes';
import type { KindDefinition, RelationFieldDefinition } from './KindDefinition';
import { BACKSTAGE_API_VERSIONS, entityRefString, nonEmptyString } from './specFields';

const apiRelationFields: readonly RelationFieldDefinition[] = [
  {
    path: 'spec.owner',
    relation: RELATION_OWNED_BY,
    reverse: RELATION_OWNER_OF,
    defaultKind: 'Group',
  },
  {
    path: 'spec.system',
    relation: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
    defaultKind: 'System',
  },
];

/** `API` spec, per Backstage's `API.v1alpha1` schema. */
export const apiSpecSchema = z.looseObject({
  type: nonEmptyString,
  lifecycle: nonEmptyString,
  owner: entityRefString,
  system: entityRefString.optional(),
  /** The API document itself, usually supplied through a `$text` placeholder. */
  definition: nonEmptyString,
});

export type ApiSpec = z.infer<typeof apiSpecSchema>;

export const apiKind: KindDefinition = {
  kind: 'API',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'An interface a component exposes: OpenAPI, AsyncAPI, GraphQL, gRPC, tRPC, …',
  specSchema: apiSpecSchema,
  relationFields: apiRelationFields,
};

/** `API` spec of type `mcp-server`, per Backstage's `API.v1alpha1.mcp-server` schema. */
export const mcpServerApiSpecSchema = z.looseObject({
  type: z.literal('mcp-server'),
  lifecycle: nonEmptyString,
  owner: entityRefString,
  system: entityRefString.optional(),
  /** Transports the server is reachable over, e.g. `{type: streamable-http, url: …}`. */
  remotes: z.array(z.looseObject({ type: nonEmptyString, url: nonEmptyString })).min(1),
});

export type McpServerApiSpec = z.infer<typeof mcpServerApiSpecSchema>;

export const mcpServerApiKind: KindDefinition = {
  kind: 'API',
  apiVersions: BACKSTAGE_API_VERSIONS,
  specType: 'mcp-server',
  description: 'A Model Context Protocol server: an API with `remotes` instead of `definition`.',
  specSchema: mcpServerApiSpecSchema,
  relationFields: apiRelationFields,
};
