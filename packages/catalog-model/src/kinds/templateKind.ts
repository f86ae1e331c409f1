import { z } from 'zod';
import { RELATION_OWNED_BY, RELATION_OWNER_OF } from '../relations/relationTypes';
import type { KindDefinition } from './KindDefinition';
import { anyObject, entityRefString, nonEmptyString, oneOrList } from './specFields';

const condition = z.union([z.string(), z.boolean()], {
  error:
    '{field} must be a string (an expression such as "${{ parameters.enabled }}") or true/false',
});

const permissions = z.looseObject({ tags: z.array(z.string()).optional() });

/** One form page of `spec.parameters`: a JSON Schema with `ui:*` keys, checked loosely. */
const parameterPage = z.looseObject({ 'backstage:permissions': permissions.optional() });

const formDecorators = z.array(
  z.looseObject({ id: z.string().optional(), input: anyObject.optional() }),
);

/** `Template` spec, per `@backstage/plugin-scaffolder-common`'s `Template.v1beta3` schema. */
export const templateSpecSchema = z.looseObject({
  type: nonEmptyString,
  owner: entityRefString.optional(),
  lifecycle: nonEmptyString.optional(),
  parameters: oneOrList(parameterPage).optional(),
  secrets: z.looseObject({ schema: anyObject.optional() }).optional(),
  presentation: z
    .looseObject({
      buttonLabels: z
        .looseObject({
          backButtonText: z.string().optional(),
          createButtonText: z.string().optional(),
          reviewButtonText: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  EXPERIMENTAL_recovery: z.looseObject({ EXPERIMENTAL_strategy: z.string().optional() }).optional(),
  formDecorators: formDecorators.optional(),
  EXPERIMENTAL_formDecorators: formDecorators.optional(),
  steps: z.array(
    z.looseObject({
      id: z.string().optional(),
      name: z.string().optional(),
      action: z.string(),
      input: anyObject.optional(),
      if: condition.optional(),
      'backstage:permissions': permissions.optional(),
    }),
  ),
  // Keys other than links and text must be strings (JSON schema additionalProperties: string).
  output: z
    .object({
      links: z
        .array(
          z.looseObject({
            if: condition.optional(),
            url: nonEmptyString.optional(),
            entityRef: nonEmptyString.optional(),
            title: nonEmptyString.optional(),
            icon: nonEmptyString.optional(),
          }),
        )
        .optional(),
      text: z
        .array(
          z.looseObject({
            if: condition.optional(),
            title: nonEmptyString.optional(),
            icon: nonEmptyString.optional(),
            content: z.string().optional(),
          }),
        )
        .optional(),
    })
    .catchall(z.string())
    .optional(),
});

export type TemplateSpec = z.infer<typeof templateSpecSchema>;

export const templateKind: KindDefinition = {
  kind: 'Template',
  apiVersions: ['scaffolder.backstage.io/v1beta3'],
  description: 'A software template: a form and the steps that create something from it.',
  specSchema: templateSpecSchema,
  relationFields: [
    {
      path: 'spec.owner',
      relation: RELATION_OWNED_BY,
      reverse: RELATION_OWNER_OF,
      defaultKind: 'Group',
    },
  ],
};
