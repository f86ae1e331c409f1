import { z } from 'zod';

/**
 * Building blocks for kind spec schemas, matching the JSON-schema idioms of Backstage's kind
 * schemas (`type: string, minLength: 1`, arrays of such strings, open objects).
 */

/** A required-if-present string that may not be empty. */
export const nonEmptyString = z.string().min(1);

/**
 * A single entity ref. Only its type is checked here: refs are parsed (with the field's default
 * kind and namespace) when relations are extracted, which is where Backstage rejects them too.
 */
export const entityRefString = nonEmptyString;

/** A list of entity refs. */
export const entityRefList = z.array(nonEmptyString);

/** A list of non-empty strings. */
export const stringList = z.array(nonEmptyString);

/** `type: object` in JSON schema: a mapping with any keys. */
export const anyObject = z.looseObject({});

/** The `profile` block shared by User and Group. */
export const profileSchema = z.looseObject({
  displayName: nonEmptyString.optional(),
  email: nonEmptyString.optional(),
  picture: nonEmptyString.optional(),
});

/** The `apiVersion` values every core kind accepts. */
export const BACKSTAGE_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;

/**
 * One schema or a list of them (JSON schema `oneOf: [X, X[]]`). Written by hand because a zod
 * union would hide the inner problems behind a single "invalid input".
 */
export function oneOrList<T extends z.ZodType>(schema: T) {
  const list = z.array(schema);
  return z.custom<z.output<T> | z.output<T>[]>().superRefine((value, ctx) => {
    const result = (Array.isArray(value) ? list : schema).safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ ...issue });
      }
    }
  });
}
