import {
  ANNOTATION_LOCATION,
  type Entity,
  extractEntityRelations,
  type KindRegistry,
  type RelationPair,
  sortEntityRefArrays,
  validateEntity,
} from '@callboard/catalog-model';
import type { RepositoryReader, LocationSpec } from '@callboard/plugin-api/backend';
import { findUnstorableValue } from '@callboard/plugin-api/common';
import { readLocationChildren, type LocationReadResult } from './readLocationChildren';
import type { Problem } from '../database/Problem';
import { resolvePlaceholders } from './resolvePlaceholders';
import type { CatalogRules, Origin } from './rules';
import { standInProblem, unstorableProblem } from '../database/storableEntity';

export interface ProcessingInput {
  entityRef: string;
  unprocessedEntity: unknown;
  depth: number;
  /** Refs of the entity's ancestors, nearest first (for cycle detection). */
  ancestry: ReadonlySet<string>;
  origin: Origin;
  /** Requested now (refresh, webhook): read from the origin, not from a cache. */
  urgent: boolean;
  /** False to validate a Location without reading its targets (validate-entity). */
  readChildren?: boolean;
}

export interface ProcessingContext {
  reader: RepositoryReader;
  kinds: () => KindRegistry;
  rules: CatalogRules;
  maxLocationDepth: number;
  signal?: AbortSignal;
}

export interface ProcessingOutcome {
  /** False when any error-level problem occurred: the previous processed entity is kept. */
  ok: boolean;
  /** The processed entity (placeholders resolved, ref arrays sorted), when ok. */
  entity?: Entity;
  /** The relations it declares, each once with its reverse type. */
  relations: RelationPair[];
  problems: Problem[];
  /** What a Location entity read; undefined for other kinds. */
  children?: LocationReadResult;
}

/**
 * Processes one entity as emitted by its location: resolves placeholders, validates it against
 * the kinds registered now, extracts its relations and, for a Location, reads its targets.
 * Never throws for bad input; every problem is returned with the field it concerns.
 */
export async function processEntity(
  input: ProcessingInput,
  context: ProcessingContext,
): Promise<ProcessingOutcome> {
  // A stand-in for an entity whose values could not be stored: it fails with why.
  const refused = standInProblem(input.unprocessedEntity);
  if (refused) return { ok: false, relations: [], problems: [refused] };

  const problems: Problem[] = [];
  const file = ownFile(input.unprocessedEntity);

  let candidate = input.unprocessedEntity;
  if (file) {
    const resolved = await resolvePlaceholders(candidate, {
      reader: context.reader,
      base: file,
      root:
        file.type === 'file' && input.origin.type === 'file'
          ? dirOf(input.origin.target)
          : undefined,
      fresh: input.urgent,
      signal: context.signal,
    });
    candidate = resolved.value;
    problems.push(...resolved.problems);
  }

  const registry = context.kinds();
  const validation = validateEntity(candidate, { registry });
  if (!validation.ok) {
    for (const issue of validation.problems) {
      problems.push({
        type: 'validation',
        level: 'error',
        name: 'InputError',
        message:
          issue.field && !issue.message.includes(issue.field)
            ? `${issue.field}: ${issue.message}`
            : issue.message,
        ...(issue.field ? { field: issue.field } : {}),
      });
    }
    return { ok: false, relations: [], problems };
  }
  const entity = sortEntityRefArrays(validation.entity, { registry });
  // What a placeholder brought in (a `$text` file with a NUL) is checked here; what the location
  // emitted was checked before it was stored.
  const unstorable = findUnstorableValue(entity);
  if (unstorable) {
    problems.push(unstorableProblem(unstorable.field, unstorable.message));
    return { ok: false, relations: [], problems };
  }
  const extracted = extractEntityRelations(entity, { registry });
  for (const issue of extracted.problems) {
    problems.push({
      type: 'relation',
      level: 'error',
      name: 'InputError',
      message: issue.message,
      field: issue.field,
    });
  }

  // Problems of the entity itself decide whether it is updated. Problems in what a Location
  // read are recorded on it, but do not hold back the documents that were fine.
  const ok = !problems.some(problem => problem.level === 'error');

  let children: LocationReadResult | undefined;
  if (ok && input.readChildren !== false && entity.kind.toLowerCase() === 'location') {
    children = await readLocationChildren(entity, {
      reader: context.reader,
      rules: context.rules,
      origin: input.origin,
      selfRef: input.entityRef,
      ancestry: input.ancestry,
      depth: input.depth,
      maxDepth: context.maxLocationDepth,
      allowFileTargets: input.origin.source === 'config',
      fresh: input.urgent,
      signal: context.signal,
    });
    problems.push(...children.problems);
  }

  return { ok, entity, relations: extracted.pairs, problems, children };
}

/** The file an entity was read from, from its managed-by-location annotation. */
function ownFile(entity: unknown): LocationSpec | undefined {
  const annotations = (
    entity as { metadata?: { annotations?: Record<string, unknown> } } | undefined
  )?.metadata?.annotations;
  const ref = annotations?.[ANNOTATION_LOCATION];
  if (typeof ref !== 'string') return undefined;
  const colon = ref.indexOf(':');
  const type = ref.slice(0, colon);
  return type === 'url' || type === 'file' ? { type, target: ref.slice(colon + 1) } : undefined;
}

function dirOf(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}
