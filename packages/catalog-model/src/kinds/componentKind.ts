import { z } from 'zod';
import {
  RELATION_CONSUMES_API,
  RELATION_API_CONSUMED_BY,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
  RELATION_API_PROVIDED_BY,
} from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import {
  BACKSTAGE_API_VERSIONS,
  entityRefList,
  entityRefString,
  nonEmptyString,
} from './specFields';

/** `Component` spec, per Backstage's `Component.v1alpha1` schema. */
export const componentSpecSchema = z.looseObject({
  type: nonEmptyString,
  lifecycle: nonEmptyString,
  owner: entityRefString,
  system: entityRefString.optional(),
  subcomponentOf: entityRefString.optional(),
  providesApis: entityRefList.optional(),
  consumesApis: entityRefList.optional(),
  dependsOn: entityRefList.optional(),
  // `dependencyOf` is absent from the JSON schema; Backstage only checks it by parsing its refs
  // when emitting relations, and so do we (see extractEntityRelations).
});

export type ComponentSpec = z.infer<typeof componentSpecSchema> & { dependencyOf?: string[] };

export const componentKind: KindDefinition = {
  kind: 'Component',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A piece of software, such as a service, website or library.',
  specSchema: componentSpecSchema,
  relationFields: [
    {
      path: 'spec.owner',
      relation: RELATION_OWNED_BY,
      reverse: RELATION_OWNER_OF,
      defaultKind: 'Group',
    },
    // Backstage emits partOf/hasPart for subcomponents (there is no subcomponentOf relation on
    // the wire); see docs/adr/0003-catalog-model-validation.md.
    {
      path: 'spec.subcomponentOf',
      relation: RELATION_PART_OF,
      reverse: RELATION_HAS_PART,
      defaultKind: 'Component',
    },
    {
      path: 'spec.providesApis',
      relation: RELATION_PROVIDES_API,
      reverse: RELATION_API_PROVIDED_BY,
      defaultKind: 'API',
    },
    {
      path: 'spec.consumesApis',
      relation: RELATION_CONSUMES_API,
      reverse: RELATION_API_CONSUMED_BY,
      defaultKind: 'API',
    },
    { path: 'spec.dependsOn', relation: RELATION_DEPENDS_ON, reverse: RELATION_DEPENDENCY_OF },
    { path: 'spec.dependencyOf', relation: RELATION_DEPENDENCY_OF, reverse: RELATION_DEPENDS_ON },
    {
      path: 'spec.system',
      relation: RELATION_PART_OF,
      reverse: RELATION_HAS_PART,
      defaultKind: 'System',
    },
  ],
};
