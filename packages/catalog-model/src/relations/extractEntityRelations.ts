import { DEFAULT_NAMESPACE } from '../entity/constants';
import type { Entity } from '../entity/Entity';
import {
  safeParseEntityRef,
  stringifyEntityRef,
  type SafeParseEntityRefResult,
} from '../entity/ref';
import { defaultKindRegistry, type KindRegistry } from '../kinds/createKindRegistry';
import type { KindDefinition, RelationFieldDefinition } from '../kinds/KindDefinition';
import { describeValue } from '../validation/describeValue';
import { problemAt, type ValidationProblem } from '../validation/ValidationProblem';

/** One stored relation: `source` has a relation of `type` to `target` (canonical refs). */
export interface RelationRow {
  source: string;
  type: string;
  target: string;
}

/** A relation this entity declares, with the name it has when seen from the target. */
export interface RelationPair {
  source: string;
  type: string;
  target: string;
  /** The reverse relation's type on the target, e.g. `ownerOf` for `ownedBy`. */
  reverse: string;
}

export interface ExtractedRelations {
  /** Forward and reverse rows, de-duplicated, in field order. */
  relations: RelationRow[];
  /**
   * The same relations once each, as declared by this entity with their reverse type: what a
   * store needs to keep (the reverse row follows from it).
   */
  pairs: RelationPair[];
  /** Refs that could not be parsed; empty for an entity that passed `validateEntity`. */
  problems: ValidationProblem[];
}

export interface ExtractEntityRelationsOptions {
  registry?: KindRegistry;
}

/** Follows a dotted path such as `spec.owner`. */
function valueAt(entity: Entity, path: string): unknown {
  let current: unknown = entity;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The candidate whose spec schema accepts the entity, else the first (it explains the problems). */
function pickKindDefinition(
  entity: Entity,
  definitions: readonly KindDefinition[],
): KindDefinition {
  return (
    definitions.find(d => d.specSchema.safeParse(entity.spec).success) ??
    (definitions[0] as KindDefinition)
  );
}

function refProblem(
  path: (string | number)[],
  item: unknown,
  failure: Extract<SafeParseEntityRefResult, { ok: false }>,
): ValidationProblem {
  const shown = JSON.stringify(item);
  const { message } = failure;
  switch (failure.reason) {
    case 'empty':
      return problemAt(path, '{field} must not be empty: give an entity reference or remove it');
    case 'missing-kind':
      return problemAt(
        path,
        `{field} ${shown} has no kind, and this field has no default kind: write it as <kind>:${String(item)}, e.g. "component:${String(item)}" or "resource:${String(item)}"`,
      );
    case 'empty-part':
      return problemAt(
        path,
        `{field} ${shown} is not a valid entity reference: the ${failure.part ?? 'name'} is empty (write [<kind>:][<namespace>/]<name>, e.g. "group:default/team-a")`,
      );
    case 'not-a-ref':
      return problemAt(
        path,
        typeof item === 'object' && item !== null && !Array.isArray(item)
          ? `{field} is not a valid entity reference: ${message}`
          : `{field} must be an entity reference such as "component:my-service", but found ${describeValue(item)}`,
      );
    default:
      return problemAt(path, `{field} is not a valid entity reference: ${message}`);
  }
}

function extractField(
  entity: Entity,
  selfRef: string,
  field: RelationFieldDefinition,
  emit: (row: RelationRow) => void,
  emitPair: (pair: RelationPair) => void,
  problems: ValidationProblem[],
): void {
  const value = valueAt(entity, field.path);
  // Backstage skips falsy values (missing, null, "") without complaint; the kind's schema decides
  // whether they are allowed.
  if (!value) {
    return;
  }
  const fieldPath = field.path.split('.');
  const items = Array.isArray(value) ? value : [value];
  const selfNamespace = entity.metadata.namespace || DEFAULT_NAMESPACE;
  items.forEach((item, index) => {
    const path = Array.isArray(value) ? [...fieldPath, index] : fieldPath;
    // Model-layer fields (those with allowedKinds) ignore anything that is not a ref string.
    if (field.allowedKinds && (typeof item !== 'string' || item === '')) {
      return;
    }
    const parsed = safeParseEntityRef(item, {
      defaultKind: field.defaultKind,
      defaultNamespace: field.defaultNamespace === 'default' ? DEFAULT_NAMESPACE : selfNamespace,
    });
    if (!parsed.ok) {
      problems.push(refProblem(path, item, parsed));
      return;
    }
    const targetKind = parsed.ref.kind.toLowerCase();
    if (field.allowedKinds && !field.allowedKinds.some(k => k.toLowerCase() === targetKind)) {
      return;
    }
    const target = stringifyEntityRef(parsed.ref);
    emit({ source: selfRef, type: field.relation, target });
    emit({ source: target, type: field.reverse, target: selfRef });
    emitPair({ source: selfRef, type: field.relation, target, reverse: field.reverse });
  });
}

/**
 * The relations an entity's spec produces: for every ref in a relation field of its kind, the
 * forward row on this entity and the reverse row on the target. Refs without a kind get the
 * field's default kind, refs without a namespace inherit the entity's namespace, and all refs are
 * stored lower-cased. Relations to entities that do not exist are still produced (the catalog
 * never checks targets).
 */
export function extractEntityRelations(
  entity: Entity,
  options: ExtractEntityRelationsOptions = {},
): ExtractedRelations {
  const registry = options.registry ?? defaultKindRegistry;
  const problems: ValidationProblem[] = [];
  const relations: RelationRow[] = [];
  const pairs: RelationPair[] = [];
  const resolution = registry.resolve(entity);
  if (!resolution.ok) {
    problems.push(problemAt(resolution.field.split('.'), resolution.message));
    return { relations, pairs, problems };
  }
  const definition = pickKindDefinition(entity, resolution.definitions);
  const selfRef = stringifyEntityRef(entity);
  const seen = new Set<string>();
  const emit = (row: RelationRow) => {
    const key = `${row.source}\n${row.type}\n${row.target}`;
    if (!seen.has(key)) {
      seen.add(key);
      relations.push(row);
    }
  };
  const seenPairs = new Set<string>();
  const emitPair = (pair: RelationPair) => {
    const key = `${pair.type}\n${pair.target}`;
    if (!seenPairs.has(key)) {
      seenPairs.add(key);
      pairs.push(pair);
    }
  };
  for (const field of definition.relationFields) {
    extractField(entity, selfRef, field, emit, emitPair, problems);
  }
  return { relations, pairs, problems };
}
