import { z } from 'zod';
import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import {
  BACKSTAGE_API_VERSIONS,
  entityRefList,
  entityRefString,
  nonEmptyString,
} from './specFields';

/** `Resource` spec, per Backstage's `Resource.v1alpha1` schema. */
export const resourceSpecSchema = z.looseObject({
  type: nonEmptyString,
  owner: entityRefString,
  dependsOn: entityRefList.optional(),
  system: entityRefString.optional(),
  // `dependencyOf` is checked when relations are extracted, as for Component.
});

export type ResourceSpec = z.infer<typeof resourceSpecSchema> & { dependencyOf?: string[] };

export const resourceKind: KindDefinition = {
  kind: 'Resource',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'Infrastructure a component needs at run time: a database, a bucket, a cluster, …',
  specSchema: resourceSpecSchema,
  relationFields: [
    {
      path: 'spec.owner',
      relation: RELATION_OWNED_BY,
      reverse: RELATION_OWNER_OF,
      defaultKind: 'Group',
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
