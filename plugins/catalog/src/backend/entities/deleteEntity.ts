import type { Knex } from 'knex';
import { NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import { isUuid } from '../database/isUuid';
import { deleteEntityRereadingParents, entityRefByUid } from '../database/refreshStateStore';

/** Deletes one entity; it comes back if a live location still emits it. */
export async function deleteEntityByUid(
  deps: { knex: Knex; readonly: boolean },
  uid: string,
): Promise<void> {
  if (deps.readonly) throw new NotAllowedError('This operation not allowed in readonly mode');
  const entityRef = isUuid(uid) ? await entityRefByUid(deps.knex, uid) : undefined;
  if (!entityRef) throw new NotFoundError(`No entity with uid ${uid}`);
  await deleteEntityRereadingParents(deps.knex, entityRef);
}
