import { z } from 'zod';
import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PART_OF,
} from '../relations/relationTypes';
import type { KindDefinition, RelationFieldDefinition } from './KindDefinition';
import { entityRefList, entityRefString, nonEmptyString, stringList } from './specFields';

/**
 * The alpha `AiResource` kind of `@backstage/catalog-model` 1.10 (skills, rules, plugins and
 * marketplaces consumed by AI coding tools). Backstage only accepts it when
 * `@backstage/plugin-catalog-backend-module-ai-model` is installed, so these definitions are not
 * part of `coreKinds`: add them to the registry to opt in. Relations follow Backstage's model
 * layer, which drops refs to kinds a field does not allow.
 */

const API_VERSIONS = ['backstage.io/v1alpha1'] as const;

const baseFields = {
  lifecycle: nonEmptyString,
  owner: entityRefString,
  system: entityRefString.optional(),
};

const baseRelations: readonly RelationFieldDefinition[] = [
  {
    path: 'spec.owner',
    relation: RELATION_OWNED_BY,
    reverse: RELATION_OWNER_OF,
    defaultKind: 'Group',
    allowedKinds: ['Group', 'User'],
  },
  {
    path: 'spec.system',
    relation: RELATION_PART_OF,
    reverse: RELATION_HAS_PART,
    defaultKind: 'System',
    allowedKinds: ['System'],
  },
];

/** Counts code points, as JSON schema's maxLength does. */
const atMostCodePoints = (max: number) => (ctx: z.core.ParsePayload<string>) => {
  const length = [...ctx.value].length;
  if (length > max) {
    ctx.issues.push({
      code: 'custom',
      input: ctx.value,
      message: `{field} must be at most ${max} characters long (it has ${length})`,
    });
  }
};

export const aiResourceSpecSchema = z.looseObject({ type: nonEmptyString, ...baseFields });

export const skillAiResourceSpecSchema = z.looseObject({
  type: z.literal('skill'),
  ...baseFields,
  disciplines: stringList.optional(),
  categories: stringList.optional(),
  agents: stringList.optional(),
  dependsOn: entityRefList.optional(),
  allowedTools: nonEmptyString.optional(),
  license: nonEmptyString.optional(),
  compatibility: nonEmptyString.check(atMostCodePoints(500)).optional(),
});

export const ruleAiResourceSpecSchema = z.looseObject({
  type: z.literal('rule'),
  ...baseFields,
  disciplines: stringList.optional(),
  category: nonEmptyString,
  rationale: nonEmptyString,
});

export const pluginAiResourceSpecSchema = z.looseObject({
  type: z.literal('plugin'),
  ...baseFields,
  skills: entityRefList,
  version: nonEmptyString.optional(),
});

export const marketplaceAiResourceSpecSchema = z.looseObject({
  type: z.literal('marketplace'),
  ...baseFields,
  plugins: entityRefList,
  version: nonEmptyString.optional(),
});

function aiResourceKind(
  specSchema: z.ZodType,
  specType?: string,
  extraRelations: readonly RelationFieldDefinition[] = [],
): KindDefinition {
  return {
    kind: 'AiResource',
    apiVersions: API_VERSIONS,
    ...(specType ? { specType } : {}),
    description: 'Context for AI coding tools (alpha): skills, rules, plugins, marketplaces.',
    specSchema,
    relationFields: [...baseRelations, ...extraRelations],
  };
}

const containsAiResources = (path: string): RelationFieldDefinition => ({
  path,
  relation: RELATION_HAS_PART,
  reverse: RELATION_PART_OF,
  defaultKind: 'AiResource',
  allowedKinds: ['AiResource'],
});

/** All AiResource definitions: the generic one and the four typed sub-kinds. */
export const aiResourceKinds: readonly KindDefinition[] = [
  aiResourceKind(aiResourceSpecSchema),
  aiResourceKind(skillAiResourceSpecSchema, 'skill', [
    {
      path: 'spec.dependsOn',
      relation: RELATION_DEPENDS_ON,
      reverse: RELATION_DEPENDENCY_OF,
      defaultKind: 'AiResource',
      allowedKinds: ['AiResource'],
    },
  ]),
  aiResourceKind(ruleAiResourceSpecSchema, 'rule'),
  aiResourceKind(pluginAiResourceSpecSchema, 'plugin', [containsAiResources('spec.skills')]),
  aiResourceKind(marketplaceAiResourceSpecSchema, 'marketplace', [
    containsAiResources('spec.plugins'),
  ]),
];
