import { z } from 'zod';
import {
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import { BACKSTAGE_API_VERSIONS, entityRefString, nonEmptyString } from './specFields';

/** `System` spec, per Backstage's `System.v1alpha1` schema. */
export const systemSpecSchema = z.looseObject({
  owner: entityRefString,
  domain: entityRefString.optional(),
  type: nonEmptyString.optional(),
});

export type SystemSpec = z.infer<typeof systemSpecSchema>;

export const systemKind: KindDefinition = {
  kind: 'System',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A collection of components, APIs and resources that together expose a capability.',
  specSchema: systemSpecSchema,
  relationFields: [
    {
      path: 'spec.owner',
      relation: RELATION_OWNED_BY,
      reverse: RELATION_OWNER_OF,
      defaultKind: 'Group',
    },
    {
      path: 'spec.domain',
      relation: RELATION_PART_OF,
      reverse: RELATION_HAS_PART,
      defaultKind: 'Domain',
    },
  ],
};
