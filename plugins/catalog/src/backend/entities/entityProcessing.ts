import type { Knex } from 'knex';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import type { EntityProcessing } from '../../common/problems';
import { processingStateOf } from '../database/refreshStateStore';
import { problemsOf } from './entityProblems';
import { parseStoredJson } from './storedJson';

/** Where one entity came from, when it was last read, and its current problems. */
export async function entityProcessing(
  knex: Knex,
  name: { kind: string; namespace: string; name: string },
): Promise<EntityProcessing> {
  const ref = stringifyEntityRef(name);
  const row = await processingStateOf(knex, ref);
  if (!row) throw new NotFoundError(`No entity named ${ref}`);
  const annotations =
    (parseStoredJson(row.unprocessed_entity) as Entity | undefined)?.metadata?.annotations ?? {};
  const source = parseStoredJson(row.source) as { file?: string } | null;
  const file = source?.file ?? annotations[ANNOTATION_LOCATION];
  const location = annotations[ANNOTATION_ORIGIN_LOCATION];
  return {
    entityRef: ref,
    ...(location ? { location } : {}),
    ...(file ? { file } : {}),
    ...isoTimes({
      processedAt: row.processed_at,
      attemptedAt: row.attempted_at,
      nextUpdateAt: row.next_update_at,
      updatedAt: row.updated_at,
    }),
    problems: await problemsOf(knex, [ref]),
  };
}

/**
 * ISO strings for the times that are set; absent keys for the rest. An entity read through its
 * parent is due at `infinity` (it is re-read when the parent is), which has no ISO form: absent.
 */
function isoTimes(times: Record<string, Date | string | null | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(times).flatMap(([key, value]) => {
      const time = value === null || value === undefined ? Number.NaN : new Date(value).getTime();
      return Number.isFinite(time) ? [[key, new Date(time).toISOString()]] : [];
    }),
  );
}
