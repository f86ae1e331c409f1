import { z } from 'zod';
import type { Entity } from '../entity/Entity';
import { defaultKindRegistry, type KindRegistry } from '../kinds/createKindRegistry';
import { extractEntityRelations } from '../relations/extractEntityRelations';
import { describeValue } from './describeValue';
import { entityMetaSchema } from './entityMetaSchema';
import { FIELD_FORMAT_ADVICE, isValidApiVersion, isValidKind } from './fieldFormats';
import { findCaseDuplicateKeys } from './findCaseDuplicateKeys';
import { formatCheck } from './formatCheck';
import { problemsFromZod } from './problemsFromZod';
import { entityRelationSchema, entityStatusSchema } from './storedFieldsSchema';
import { problemAt, type ValidationProblem } from './ValidationProblem';

export interface ValidateEntityOptions {
  /** The kinds to accept; `defaultKindRegistry` (the core kinds) when not given. */
  registry?: KindRegistry;
  /**
   * `yaml` (default): a descriptor as an author wrote it, where only apiVersion, kind, metadata
   * and spec may appear at the top level. `stored`: an entity as the catalog stores and serves
   * it, which may also carry the computed `relations` and `status`.
   */
  source?: 'yaml' | 'stored';
}

export type EntityValidationResult =
  { ok: true; entity: Entity } | { ok: false; problems: ValidationProblem[] };

const SOURCE_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];
const STORED_FIELDS = [...SOURCE_FIELDS, 'relations', 'status'];

// Unknown root keys are reported separately (with hints), so a stripping object is enough here.
const sourceEnvelopeSchema = z.object({
  apiVersion: z.string().check(formatCheck(isValidApiVersion, FIELD_FORMAT_ADVICE.apiVersion)),
  kind: z.string().check(formatCheck(isValidKind, FIELD_FORMAT_ADVICE.kind, 63)),
  metadata: entityMetaSchema,
  spec: z.looseObject({}).optional(),
});

const storedEnvelopeSchema = sourceEnvelopeSchema.extend({
  relations: z.array(entityRelationSchema).optional(),
  status: entityStatusSchema.optional(),
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function unknownRootField(key: string, source: 'yaml' | 'stored'): string {
  const allowed = source === 'yaml' ? SOURCE_FIELDS : STORED_FIELDS;
  const lookalike = allowed.find(f => f.toLowerCase() === key.toLowerCase());
  const hint = lookalike
    ? ` (did you mean "${lookalike}"? field names are case-sensitive)`
    : key === 'relations' || key === 'status'
      ? ` (${key} is computed by the catalog and cannot be written in a descriptor)`
      : '';
  return `Unknown field "${key}" at the top level: only ${allowed.join(', ')} are allowed there${hint}`;
}

/** True when `problem` is at or below one of `paths` (already explained by another problem). */
function isCovered(problem: ValidationProblem, paths: readonly (string | number)[][]): boolean {
  return paths.some(p => p.every((segment, i) => problem.path[i] === segment));
}

/**
 * Checks an entity the way Backstage's catalog does before accepting it (envelope, field formats,
 * entity schema, kind schema, relation refs, keys that differ only in case) and returns every
 * problem at once, worded for the YAML author. Never throws for bad input.
 */
export function validateEntity(
  input: unknown,
  options: ValidateEntityOptions = {},
): EntityValidationResult {
  const registry = options.registry ?? defaultKindRegistry;
  const source = options.source ?? 'yaml';

  if (!isPlainObject(input)) {
    return {
      ok: false,
      problems: [
        problemAt(
          [],
          `An entity must be a mapping with apiVersion, kind, metadata and spec, but found ${describeValue(input)}`,
        ),
      ],
    };
  }

  const problems: ValidationProblem[] = [];
  const allowed = source === 'yaml' ? SOURCE_FIELDS : STORED_FIELDS;
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) {
      problems.push(problemAt([key], unknownRootField(key, source)));
    }
  }

  const kindName = typeof input.kind === 'string' ? input.kind : undefined;
  const envelopeSchema = source === 'yaml' ? sourceEnvelopeSchema : storedEnvelopeSchema;
  const envelope = envelopeSchema.safeParse(input);
  if (!envelope.success) {
    problems.push(
      ...problemsFromZod(envelope.error.issues, { root: input, basePath: [], kind: kindName }),
    );
  }
  problems.push(...validateKind(input, registry, problems));
  problems.push(...findCaseDuplicateKeys(input));

  return problems.length === 0
    ? { ok: true, entity: input as unknown as Entity }
    : { ok: false, problems };
}

/**
 * The kind-specific part: the registry must know the kind and apiVersion, one of its
 * definitions must accept `spec`, and the refs in relation fields must parse. `earlier` holds the
 * problems found so far, so the same field is not reported twice.
 */
function validateKind(
  input: Record<string, unknown>,
  registry: KindRegistry,
  earlier: readonly ValidationProblem[],
): ValidationProblem[] {
  const { apiVersion, kind, spec, metadata } = input;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) {
    return [];
  }
  const explained = earlier.map(p => p.path);
  const problems: ValidationProblem[] = [];
  const resolution = registry.resolve({ kind, apiVersion, spec });
  if (!resolution.ok) {
    const problem = problemAt(resolution.field.split('.'), resolution.message);
    return isCovered(problem, explained) ? [] : [problem];
  }
  // A spec that is not a mapping was reported by the envelope check.
  if (spec !== undefined && !isPlainObject(spec)) {
    return [];
  }
  const results = resolution.definitions.map(d => d.specSchema.safeParse(spec));
  const first = results[0];
  if (!results.some(r => r.success) && first && !first.success) {
    problems.push(
      ...problemsFromZod(first.error.issues, { root: input, basePath: ['spec'], kind }),
    );
  }
  // Refs are parsed the way Backstage's relation processor parses them; that needs the entity's
  // own ref. Fields whose value already failed its schema are not reported twice.
  if (
    isPlainObject(metadata) &&
    typeof metadata.name === 'string' &&
    (metadata.namespace === undefined || typeof metadata.namespace === 'string')
  ) {
    const extracted = extractEntityRelations(input as unknown as Entity, { registry });
    const covered = [...explained, ...problems.map(p => p.path)];
    problems.push(...extracted.problems.filter(p => !isCovered(p, covered)));
  }
  return problems;
}
