import type { Knex } from 'knex';
import type { Entity } from '@callboard/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@callboard/plugin-api/common';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import type { Location } from '../../common/locations';
import type { IngestionProblem } from '../../common/problems';
import {
  addLocation,
  locationByTarget,
  rereadLocationRoot,
  toStoredLocation,
} from '../database/locationStore';
import type { ProcessingContext } from '../processing/processEntity';
import { assertLocationReads, checkLocationSpec } from './checkLocationSpec';
import { dryRunLocation } from './dryRunLocation';
import { publicLocation } from './publicLocation';

export interface CreateLocationResult {
  location: Location;
  entities: Entity[];
  exists?: boolean;
}

export interface RegisterLocationDeps {
  knex: Knex;
  reader: RepositoryReader;
  processing: ProcessingContext;
  readonly: boolean;
  defaultConflictStrategy: 'reject' | 'refresh';
}

/**
 * Registers a location (its root entity is read now), or with `dryRun` reads and processes it
 * without storing anything. An existing one is refused or read again, as `onConflict` says.
 */
export async function registerLocation(
  deps: RegisterLocationDeps,
  spec: { type: string; target: string },
  { dryRun, onConflict }: { dryRun: boolean; onConflict?: 'reject' | 'refresh' },
): Promise<CreateLocationResult> {
  await checkLocationSpec(deps.reader, spec);
  const existing = await locationByTarget(deps.knex, spec.type, spec.target);
  if (dryRun) {
    await assertLocationReads(deps.reader, spec.target, { descriptorOptional: false });
    const run = await dryRunLocation(
      { type: 'url', target: spec.target, source: 'api' },
      deps.processing,
    );
    const errors = run.problems.filter(problem => problem.level === 'error');
    if (errors.length > 0) {
      throw new InputError(errors.map(describeProblem).join('; '));
    }
    return {
      location: { id: `${spec.type}:${spec.target}`, type: spec.type, target: spec.target },
      entities: run.entities,
      exists: existing !== undefined,
    };
  }
  if (deps.readonly) {
    throw new NotAllowedError('This operation not allowed in readonly mode');
  }
  const strategy = onConflict ?? deps.defaultConflictStrategy;
  if (existing) {
    if (strategy === 'reject') {
      throw new ConflictError(`Location ${spec.type}:${spec.target} already exists`);
    }
    await rereadLocationRoot(deps.knex, existing);
    return { location: publicLocation(toStoredLocation(existing)), entities: [], exists: true };
  }
  const stored = await addLocation(deps.knex, {
    type: spec.type,
    target: spec.target,
    source: 'api',
  });
  return { location: publicLocation(stored), entities: [] };
}

function describeProblem(problem: IngestionProblem): string {
  const where = [
    problem.file,
    problem.document ? `document ${problem.document}` : undefined,
    problem.field,
  ]
    .filter(Boolean)
    .join(', ');
  return where ? `${problem.message} (${where})` : problem.message;
}
