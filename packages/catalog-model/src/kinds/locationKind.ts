import { z } from 'zod';
import type { KindDefinition } from './KindDefinition';
import { BACKSTAGE_API_VERSIONS, nonEmptyString, stringList } from './specFields';

/**
 * `Location` spec, per Backstage's `Location.v1alpha1` schema. Nothing is required: `type`
 * defaults to the type of the location that read the file, and relative targets resolve against
 * it.
 */
export const locationSpecSchema = z.looseObject({
  type: nonEmptyString.optional(),
  target: nonEmptyString.optional(),
  targets: stringList.optional(),
  presence: z.enum(['required', 'optional']).optional(),
});

export type LocationSpec = z.infer<typeof locationSpecSchema>;

export const locationKind: KindDefinition = {
  kind: 'Location',
  apiVersions: BACKSTAGE_API_VERSIONS,
  description: 'A pointer to more descriptor files to read.',
  specSchema: locationSpecSchema,
  relationFields: [],
};
