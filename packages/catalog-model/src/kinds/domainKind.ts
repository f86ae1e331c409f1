import { z } from 'zod';
import {
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import { BACKSTAGE_API_VERSIONS, entityRefString, nonEmptyString } from './specFields';

/** `Domain` spec, per Backstage's `Domain.v1alpha1` schema. */
export const domainSpecSchema = z.looseObject({
  owner: entityRefString,
  subdomainOf: entityRefString.optional(),
  type: nonEmptyString.optional(),
});

export type DomainSpec = z.infer<typeof domainSpecSchema>;

export const domainKind: KindDefinition = {
  kind: 'Domain',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A business area grouping related systems.',
  specSchema: domainSpecSchema,
  relationFields: [
    {
      path: 'spec.owner',
      relation: RELATION_OWNED_BY,
      reverse: RELATION_OWNER_OF,
      defaultKind: 'Group',
    },
    {
      path: 'spec.subdomainOf',
      relation: RELATION_PART_OF,
      reverse: RELATION_HAS_PART,
      defaultKind: 'Domain',
    },
  ],
};
