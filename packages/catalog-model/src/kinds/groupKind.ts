import { z } from 'zod';
import {
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
} from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import {
  BACKSTAGE_API_VERSIONS,
  entityRefList,
  entityRefString,
  nonEmptyString,
  profileSchema,
} from './specFields';

/** `Group` spec, per Backstage's `Group.v1alpha1` schema (`children` is required, may be empty). */
export const groupSpecSchema = z.looseObject({
  type: nonEmptyString,
  profile: profileSchema.optional(),
  parent: entityRefString.optional(),
  children: entityRefList,
  members: entityRefList.optional(),
});

export type GroupSpec = z.infer<typeof groupSpecSchema>;

export const groupKind: KindDefinition = {
  kind: 'Group',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A team, business unit or other group of people.',
  specSchema: groupSpecSchema,
  relationFields: [
    {
      path: 'spec.parent',
      relation: RELATION_CHILD_OF,
      reverse: RELATION_PARENT_OF,
      defaultKind: 'Group',
    },
    {
      path: 'spec.children',
      relation: RELATION_PARENT_OF,
      reverse: RELATION_CHILD_OF,
      defaultKind: 'Group',
    },
    {
      path: 'spec.members',
      relation: RELATION_HAS_MEMBER,
      reverse: RELATION_MEMBER_OF,
      defaultKind: 'User',
    },
  ],
};
