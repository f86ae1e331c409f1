import { z } from 'zod';
import { RELATION_HAS_MEMBER, RELATION_MEMBER_OF } from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import { BACKSTAGE_API_VERSIONS, entityRefList, profileSchema } from './specFields';

/**
 * `User` spec, per Backstage's `User.v1alpha1` schema: `memberOf` is required there (it may be
 * empty) even though Backstage's TypeScript type marks it optional; the schema decides validity.
 */
export const userSpecSchema = z.looseObject({
  profile: profileSchema.optional(),
  memberOf: entityRefList,
});

export type UserSpec = z.infer<typeof userSpecSchema>;

export const userKind: KindDefinition = {
  kind: 'User',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A person, such as an employee or contractor.',
  specSchema: userSpecSchema,
  relationFields: [
    {
      path: 'spec.memberOf',
      relation: RELATION_MEMBER_OF,
      reverse: RELATION_HAS_MEMBER,
      defaultKind: 'Group',
    },
  ],
};
