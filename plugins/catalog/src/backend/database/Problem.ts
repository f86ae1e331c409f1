import type { EntityStatusItem } from '@callboard/catalog-model';

/**
 * A problem as the engine stores it on an entity's refresh state. Where it happened (file,
 * document, line, field) is kept structured so the API can list it precisely.
 */
export interface Problem {
  type:
    | 'read'
    | 'yaml'
    | 'envelope'
    | 'validation'
    | 'placeholder'
    | 'relation'
    | 'rules'
    | 'conflict'
    | 'location'
    /** The database refused to store the entity (ADR 0018). */
    | 'storage';
  level: 'error' | 'warning';
  /** Backstage's error name for the status item (`InputError`, `NotFoundError`, …). */
  name: string;
  message: string;
  file?: string;
  document?: number;
  line?: number;
  field?: string;
}

export const PROCESSING_STATUS_TYPE = 'backstage.io/catalog-processing';

/** Backstage's status item for a processing problem, with our location details as extra keys. */
export function toStatusItem(problem: Problem): EntityStatusItem {
  return {
    type: PROCESSING_STATUS_TYPE,
    level: problem.level,
    message: `${problem.name}: ${problem.message}`,
    error: { name: problem.name, message: problem.message },
    ...(problem.file ? { file: problem.file } : {}),
    ...(problem.document ? { document: problem.document } : {}),
    ...(problem.line ? { line: problem.line } : {}),
    ...(problem.field ? { field: problem.field } : {}),
  } as EntityStatusItem;
}

/** Reads stored problems back (the column is jsonb written by us; anything else is dropped). */
export function problemsFrom(value: unknown): Problem[] {
  return Array.isArray(value)
    ? (value as Problem[]).filter(p => p && typeof p.message === 'string')
    : [];
}
