import type { Knex } from 'knex';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { ConflictError, NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import type { Location } from '../../common/locations';
import { isUuid } from '../database/isUuid';
import {
  locationById,
  locationByTarget,
  removeLocation,
  retargetLocation,
  toStoredLocation,
} from '../database/locationStore';
import { checkLocationSpec } from './checkLocationSpec';
import { publicLocation } from './publicLocation';

/** Removes a registered location with what only it produced; config locations stay. */
export async function unregisterLocation(
  deps: { knex: Knex; readonly: boolean },
  id: string,
): Promise<void> {
  if (deps.readonly) {
    throw new NotAllowedError('This operation not allowed in readonly mode');
  }
  if (!isUuid(id)) throw new NotFoundError(`Found no location with ID ${id}`);
  const row = await locationById(deps.knex, id);
  if (row?.source === 'config') {
    throw new NotAllowedError(
      `Location ${row.type}:${row.target} comes from app-config; remove it there`,
    );
  }
  await removeLocation(deps.knex, id);
}

/** Points a location somewhere else: what it produced goes, what the new target holds comes. */
export async function updateLocation(
  deps: { knex: Knex; reader: RepositoryReader; readonly: boolean },
  id: string,
  spec: { type: string; target: string },
): Promise<Location> {
  if (deps.readonly) {
    throw new NotAllowedError('This operation not allowed in readonly mode');
  }
  if (!isUuid(id)) throw new NotFoundError(`Found no location with ID ${id}`);
  await checkLocationSpec(deps.reader, spec);
  const row = await locationById(deps.knex, id);
  if (!row) throw new NotFoundError(`Found no location with ID ${id}`);
  if (row.source === 'config') {
    throw new NotAllowedError(
      `Location ${row.type}:${row.target} comes from app-config; change it there`,
    );
  }
  if (row.type === spec.type && row.target === spec.target) {
    return publicLocation(toStoredLocation(row));
  }
  const clash = await locationByTarget(deps.knex, spec.type, spec.target);
  if (clash) throw new ConflictError(`Location ${spec.type}:${spec.target} already exists`);
  return publicLocation(await retargetLocation(deps.knex, row, spec));
}
