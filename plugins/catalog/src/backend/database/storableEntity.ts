import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
} from '@callboard/catalog-model';
import {
  findUnstorableValue,
  maxIndexedBytes,
  toStorableText,
  unstorableStringReason,
} from '@callboard/plugin-api/common';
import type { Problem } from '../database/Problem';

/**
 * Kind, namespace and name each fit in this many UTF-8 bytes: the ref they make is kept in
 * several B-tree indexes (refresh state, relations, conflicts with a location key beside it).
 */
export const maxRefPartBytes = 250;

/**
 * The key under which an entity whose values cannot be stored carries why, in the stand-in that
 * is stored in its place. Processing turns it into the entity's problem (ADR 0018).
 */
export const unstorableMarker = '$unstorable';

/** A problem with an entity's own values that the database cannot store. */
export function unstorableProblem(field: string, message: string): Problem {
  return { type: 'validation', level: 'error', name: 'InputError', message, field };
}

/** Why an entity's ref cannot be stored (a NUL in its name, a name of kilobytes), if it cannot. */
export function unstorableRef(entity: Entity): { field?: string; message: string } | undefined {
  const parts: Array<[field: string, value: string | undefined]> = [
    ['kind', entity.kind],
    ['metadata.namespace', entity.metadata.namespace],
    ['metadata.name', entity.metadata.name],
  ];
  for (const [field, value] of parts) {
    if (value === undefined) continue;
    const reason = unstorableStringReason(value, maxRefPartBytes);
    if (reason) {
      return {
        field,
        message: `${field} ${reason}${reason.startsWith('is ') ? ' as part of an entity ref' : ''}`,
      };
    }
  }
  return undefined;
}

/** Why a location key (the URL or path of a file) cannot be stored, if it cannot. */
export function unstorableLocationKey(
  locationKey: string,
): { field?: string; message: string } | undefined {
  const reason = unstorableStringReason(locationKey, maxIndexedBytes);
  return reason ? { message: `The file location ${reason}` } : undefined;
}

/**
 * What is stored for an entity whose values cannot be: who it is and where it came from, and
 * why it is not there. Processing it fails with that problem, so the entity keeps its last good
 * version (or is never served) and the rest of its location goes on. Undefined if even this
 * cannot be stored.
 */
export function unstorableStandIn(
  entity: Entity,
  problem: { field?: string; message: string; type?: Problem['type'] },
): Entity | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const standIn = {
    apiVersion: toStorableText(String(entity.apiVersion), 200),
    kind: entity.kind,
    metadata: {
      name: entity.metadata.name,
      ...(entity.metadata.namespace !== undefined ? { namespace: entity.metadata.namespace } : {}),
      annotations: {
        [ANNOTATION_LOCATION]: annotations[ANNOTATION_LOCATION],
        [ANNOTATION_ORIGIN_LOCATION]: annotations[ANNOTATION_ORIGIN_LOCATION],
      },
    },
    [unstorableMarker]: {
      ...(problem.field ? { field: problem.field } : {}),
      ...(problem.type ? { type: problem.type } : {}),
      message: toStorableText(problem.message),
    },
  } as unknown as Entity;
  return findUnstorableValue(standIn) ? undefined : standIn;
}

/**
 * The problem of an entity the database refused although the checks above passed it (a limit
 * nobody foresaw): only the SQLSTATE is named, as the database's message may quote the data.
 */
export function refusedProblem(error: unknown): Problem {
  const code = (error as { code?: unknown }).code;
  return {
    type: 'storage',
    level: 'error',
    name: 'InputError',
    message: `The database refused to store this entity (${typeof code === 'string' ? code : 'unknown error'}); its last stored version is kept`,
  };
}

/**
 * True for an error in what a statement wrote rather than in the database or in the moment: a
 * data exception (class 22) or a program limit such as an index entry too large (54). Only these
 * are worth narrowing down to the row that caused them. Integrity violations (23) are left out:
 * between replicas they come from races (a unique key another writer took a moment ago), which
 * a retry of the whole round resolves, and the row is not at fault.
 */
export function isRefusalOfData(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(code);
}

/** The problem a stored stand-in stands for, if the entity is one. */
export function standInProblem(entity: unknown): Problem | undefined {
  const marker = (entity as Record<string, unknown> | null | undefined)?.[unstorableMarker] as
    { field?: unknown; message?: unknown; type?: unknown } | undefined;
  if (!marker || typeof marker.message !== 'string') return undefined;
  return {
    type: marker.type === 'storage' ? 'storage' : 'validation',
    level: 'error',
    name: 'InputError',
    message: marker.message,
    ...(typeof marker.field === 'string' && marker.field ? { field: marker.field } : {}),
  };
}

/** A problem made storable: what it quotes from the author may hold anything. */
export function storableProblem(problem: Problem): Problem {
  return {
    ...problem,
    name: toStorableText(problem.name, 200),
    message: toStorableText(problem.message),
    ...(problem.file !== undefined ? { file: toStorableText(problem.file) } : {}),
    ...(problem.field !== undefined ? { field: toStorableText(problem.field, 1_000) } : {}),
  };
}
