import { z } from 'zod';

/**
 * The catalog-computed root fields, `relations` and `status`, as Backstage's `Entity` schema
 * allows them on a stored entity or an API response.
 */

const RELATION_TYPE = /^\w+$/;

export const entityRelationSchema = z.strictObject({
  type: z
    .string()
    .min(1)
    .check(ctx => {
      if (ctx.value && !RELATION_TYPE.test(ctx.value)) {
        ctx.issues.push({
          code: 'custom',
          input: ctx.value,
          message: `{field} ${JSON.stringify(ctx.value)} is not valid: use letters, digits and _ only (e.g. "ownedBy")`,
        });
      }
    }),
  targetRef: z.string().min(1),
  // Deprecated object form of targetRef; no longer emitted, still accepted when read back.
  target: z
    .strictObject({
      kind: z.string().min(1),
      namespace: z.string().min(1),
      name: z.string().min(1),
    })
    .optional(),
});

export const entityStatusItemSchema = z.looseObject({
  type: z.string().min(1),
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  error: z
    .looseObject({
      name: z.string().min(1),
      message: z.string(),
      code: z.string().optional(),
      stack: z.string().optional(),
    })
    .optional(),
});

export const entityStatusSchema = z.looseObject({
  items: z.array(entityStatusItemSchema).optional(),
});
