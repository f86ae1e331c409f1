import { z } from 'zod';
import {
  FIELD_FORMAT_ADVICE as ADVICE,
  isNonBlankString,
  isValidAnnotationKey,
  isValidEntityName,
  isValidLabelKey,
  isValidLabelValue,
  isValidNamespace,
  isValidTag,
  isValidUrl,
} from './fieldFormats';
import { quoteValue } from './describeValue';
import { formatCheck } from './formatCheck';

/**
 * A string-to-string map whose keys and values follow the given rules. Written as one check over
 * the entries so that a bad key, a non-string value and a badly formatted value are all reported
 * together (zod skips refinements once an inner value failed).
 */
function stringMap(
  what: string,
  isValidKey: (key: string) => boolean,
  isValidValue?: (value: string) => boolean,
) {
  return z.record(z.string(), z.unknown()).check(ctx => {
    for (const [key, value] of Object.entries(ctx.value)) {
      if (!isValidKey(key)) {
        ctx.issues.push({
          code: 'custom',
          input: key,
          path: [key],
          message: `${what} key ${quoteValue(key)} is not valid: ${ADVICE.labelKey}`,
        });
      }
      if (typeof value !== 'string') {
        // Let the generic wording ("must be a string, but found …") describe it.
        ctx.issues.push({ code: 'invalid_type', expected: 'string', input: value, path: [key] });
      } else if (isValidValue && !isValidValue(value)) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          path: [key],
          message: `{field} ${quoteValue(value)} is not a valid ${what} value: ${ADVICE.labelValue}`,
        });
      }
    }
  });
}

const nonBlank = (ctx: z.core.ParsePayload<string>) => {
  if (!isNonBlankString(ctx.value)) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: '{field} must not be blank' });
  }
};

/** `metadata.links[]`: `url` must be absolute; `title` and `icon` non-blank when given. */
export const entityLinkSchema = z.looseObject({
  url: z.string().check(formatCheck(isValidUrl, ADVICE.url)),
  title: z.string().check(nonBlank).optional(),
  icon: z.string().check(nonBlank).optional(),
  type: z.string().min(1).optional(),
});

/**
 * `metadata`: Backstage's `EntityMeta` schema and its field-format policy in one. Unknown keys are
 * allowed, as in Backstage.
 */
export const entityMetaSchema = z.looseObject({
  uid: z.string().min(1).optional(),
  etag: z.string().min(1).optional(),
  name: z.string().check(formatCheck(isValidEntityName, ADVICE.name, 63)),
  namespace: z
    .string()
    .check(formatCheck(isValidNamespace, ADVICE.namespace, 63))
    .optional(),
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  labels: stringMap('label', isValidLabelKey, isValidLabelValue).optional(),
  annotations: stringMap('annotation', isValidAnnotationKey).optional(),
  tags: z.array(z.string().check(formatCheck(isValidTag, ADVICE.tag, 63))).optional(),
  links: z.array(entityLinkSchema).optional(),
});
