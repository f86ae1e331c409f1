import type { Knex } from 'knex';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  isScriptUrl,
  parseEntityRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import {
  ConflictError,
  InputError,
  maxIndexedBytes,
  NotAllowedError,
  NotFoundError,
  unstorableStringReason,
} from '@callboard/plugin-api/common';
import { z } from 'zod';
import type { FilterPredicate } from '../../common/entities';
import type { AnalyzeLocationResponse, Location } from '../../common/locations';
import type { IngestionProblem } from '../../common/problems';
import type { LocationRow } from '../database/tables';
import { MissingDescriptorError } from '@callboard/reading';
import type { ProcessingContext } from '../processing/processEntity';
import type { RepositoryReader } from '@callboard/plugin-api/backend';
import { dryRunLocation } from './dryRunLocation';
import { matchesLocationQuery } from './matchesLocationQuery';
import {
  deleteLocation,
  insertLocation,
  toStoredLocation,
  upsertRootEntity,
} from './locationStore';

export interface CreateLocationResult {
  location: Location;
  entities: Entity[];
  exists?: boolean;
}

export interface LocationService {
  createLocation(
    spec: { type: string; target: string },
    options: { dryRun: boolean; onConflict?: 'reject' | 'refresh' },
  ): Promise<CreateLocationResult>;
  listLocations(): Promise<Location[]>;
  /** A page of locations matching a predicate on `id`, `type`, `target`; the cursor carries the query. */
  queryLocations(request: { cursor?: string; limit: number; query?: FilterPredicate }): Promise<{
    items: Location[];
    totalItems: number;
    pageInfo: { nextCursor?: string };
  }>;
  getLocation(id: string): Promise<Location>;
  deleteLocation(id: string): Promise<void>;
  /** Points a location somewhere else: what it produced goes, what the new target holds comes. */
  updateLocation(id: string, spec: { type: string; target: string }): Promise<Location>;
  getLocationByEntity(ref: string): Promise<Location>;
  analyzeLocation(
    spec: { type: string; target: string },
    catalogFilename?: string,
  ): Promise<AnalyzeLocationResponse>;
}

export interface LocationServiceOptions {
  knex: Knex;
  reader: RepositoryReader;
  processing: ProcessingContext;
  readonly: boolean;
  defaultConflictStrategy: 'reject' | 'refresh';
}

/** Registered only through the API: `url`; `file` locations come from app-config alone. */
const allowedTypes = ['url'];

/** Registering, listing and removing locations, with Backstage's semantics and messages. */
export function createLocationService(options: LocationServiceOptions): LocationService {
  const { knex } = options;

  const checkSpec = async (spec: { type: string; target: string }) => {
    // Stored and indexed as written: what the database cannot store is refused here (ADR 0018).
    const unstorable = unstorableStringReason(spec.target, maxIndexedBytes);
    if (unstorable) throw new InputError(`The location target ${unstorable}`);
    if (!allowedTypes.includes(spec.type)) {
      throw new InputError(
        `Registered locations must be of an allowed type ${JSON.stringify(allowedTypes)}`,
      );
    }
    if (isScriptUrl(spec.target)) {
      throw new InputError('The location target must not be a script URL');
    }
    let url: URL;
    try {
      url = new URL(spec.target);
    } catch {
      throw new InputError(`The location target "${spec.target}" is not an absolute URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new InputError(`The location target must be an http(s) URL, not ${url.protocol}`);
    }
    await options.reader.assertReadable({ type: 'url', target: spec.target });
  };

  /**
   * A location that cannot be read answers with the reader's typed error, worded for the person
   * who typed the URL (502 for a host that cannot be reached, 403, 404, 400), before it is
   * processed. A repository without a descriptor is, for analyze-location, an analysis of its own
   * (nothing to import yet, as in Backstage). The dry run that follows reads from the checkout
   * this read leaves behind.
   */
  const assertLocationReads = async (
    target: string,
    { descriptorOptional }: { descriptorOptional: boolean },
  ) => {
    try {
      await options.reader.readLocation({ type: 'url', target });
    } catch (error) {
      if (!(descriptorOptional && error instanceof MissingDescriptorError)) throw error;
    }
  };

  const rowByTarget = async (type: string, target: string) =>
    (await knex('catalog_locations').where({ type, target }).first()) as LocationRow | undefined;

  return {
    async createLocation(spec, { dryRun, onConflict }) {
      await checkSpec(spec);
      const existing = await rowByTarget(spec.type, spec.target);
      if (dryRun) {
        await assertLocationReads(spec.target, { descriptorOptional: false });
        const run = await dryRunLocation(
          { type: 'url', target: spec.target, source: 'api' },
          options.processing,
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
      if (options.readonly) {
        throw new NotAllowedError('This operation not allowed in readonly mode');
      }
      const strategy = onConflict ?? options.defaultConflictStrategy;
      if (existing) {
        if (strategy === 'reject') {
          throw new ConflictError(`Location ${spec.type}:${spec.target} already exists`);
        }
        await knex.transaction(trx => upsertRootEntity(trx, existing));
        return { location: publicLocation(toStoredLocation(existing)), entities: [], exists: true };
      }
      const stored = await knex.transaction(trx =>
        insertLocation(trx, { type: spec.type, target: spec.target, source: 'api' }),
      );
      return { location: publicLocation(stored), entities: [] };
    },

    async listLocations() {
      const rows = (await knex('catalog_locations')
        .orderBy('created_at')
        .orderBy('id')) as LocationRow[];
      return rows.map(row => publicLocation(toStoredLocation(row)));
    },

    async queryLocations({ cursor, limit, query }) {
      let offset = 0;
      let predicate = query;
      if (cursor) {
        const decoded = locationCursorSchema.safeParse(
          safeJson(Buffer.from(cursor, 'base64url').toString('utf8')),
        );
        if (!decoded.success) throw new InputError('Malformed cursor');
        offset = decoded.data.offset;
        predicate = decoded.data.query as FilterPredicate | undefined;
      }
      const all = (await this.listLocations()).filter(
        location =>
          !predicate ||
          matchesLocationQuery(
            { id: location.id, type: location.type, target: location.target },
            predicate,
          ),
      );
      const next = offset + limit;
      return {
        items: all.slice(offset, next),
        totalItems: all.length,
        pageInfo:
          next < all.length
            ? {
                nextCursor: Buffer.from(
                  JSON.stringify({ offset: next, query: predicate }),
                ).toString('base64url'),
              }
            : {},
      };
    },

    async getLocation(id) {
      const row = isUuid(id)
        ? ((await knex('catalog_locations').where({ id }).first()) as LocationRow | undefined)
        : undefined;
      if (!row) throw new NotFoundError(`Found no location with ID ${id}`);
      return publicLocation(toStoredLocation(row));
    },

    async deleteLocation(id) {
      if (options.readonly) {
        throw new NotAllowedError('This operation not allowed in readonly mode');
      }
      if (!isUuid(id)) throw new NotFoundError(`Found no location with ID ${id}`);
      const row = (await knex('catalog_locations').where({ id }).first()) as
        LocationRow | undefined;
      if (row?.source === 'config') {
        throw new NotAllowedError(
          `Location ${row.type}:${row.target} comes from app-config; remove it there`,
        );
      }
      await knex.transaction(trx => deleteLocation(trx, id));
    },

    async updateLocation(id, spec) {
      if (options.readonly) {
        throw new NotAllowedError('This operation not allowed in readonly mode');
      }
      if (!isUuid(id)) throw new NotFoundError(`Found no location with ID ${id}`);
      await checkSpec(spec);
      const row = (await knex('catalog_locations').where({ id }).first()) as
        LocationRow | undefined;
      if (!row) throw new NotFoundError(`Found no location with ID ${id}`);
      if (row.source === 'config') {
        throw new NotAllowedError(
          `Location ${row.type}:${row.target} comes from app-config; change it there`,
        );
      }
      if (row.type === spec.type && row.target === spec.target) {
        return publicLocation(toStoredLocation(row));
      }
      const clash = await rowByTarget(spec.type, spec.target);
      if (clash) throw new ConflictError(`Location ${spec.type}:${spec.target} already exists`);
      const stored = await knex.transaction(async trx => {
        await deleteLocation(trx, id);
        await trx('catalog_locations').insert({
          id,
          type: spec.type,
          target: spec.target,
          source: 'api',
          created_at: row.created_at,
        });
        await upsertRootEntity(trx, { id, type: spec.type, target: spec.target });
        return toStoredLocation({ ...row, type: spec.type, target: spec.target });
      });
      return publicLocation(stored);
    },

    async getLocationByEntity(ref) {
      const entityRef = stringifyEntityRef(parseEntityRef(ref));
      const row = (await knex('catalog_refresh_state')
        .where({ entity_ref: entityRef })
        .first('unprocessed_entity')) as { unprocessed_entity: unknown } | undefined;
      const entity = (
        typeof row?.unprocessed_entity === 'string'
          ? JSON.parse(row.unprocessed_entity)
          : row?.unprocessed_entity
      ) as Entity | undefined;
      const origin = entity?.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
      if (!origin) throw new NotFoundError(`No entity with ref ${ref}`);
      const colon = origin.indexOf(':');
      const found = await rowByTarget(origin.slice(0, colon), origin.slice(colon + 1));
      if (!found) throw new NotFoundError(`Found no location for entity ${ref}`);
      return publicLocation(toStoredLocation(found));
    },

    async analyzeLocation(spec, catalogFilename) {
      await checkSpec(spec);
      const target =
        catalogFilename && catalogFilename !== 'catalog-info.yaml'
          ? withFilename(spec.target, catalogFilename)
          : spec.target;
      await assertLocationReads(target, { descriptorOptional: true });
      const run = await dryRunLocation({ type: 'url', target, source: 'api' }, options.processing);
      const children = run.entities.filter(
        entity =>
          entity.metadata.annotations?.[ANNOTATION_LOCATION] !== `url:${target}` ||
          entity.kind !== 'Location',
      );
      const refs = children.map(entity => stringifyEntityRef(entity));
      const registered = new Set(
        refs.length === 0
          ? []
          : ((await knex('catalog_final_entities')
              .whereIn('entity_ref', refs)
              .pluck('entity_ref')) as string[]),
      );
      return {
        existingEntityFiles: children.map(entity => {
          const file = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? `url:${target}`;
          const colon = file.indexOf(':');
          return {
            entity: entity as unknown as Record<string, unknown>,
            isRegistered: registered.has(stringifyEntityRef(entity)),
            location: { type: file.slice(0, colon), target: file.slice(colon + 1) },
          };
        }),
        generateEntities: [],
        problems: run.problems,
      };
    },
  };
}

function publicLocation(location: {
  id: string;
  type: string;
  target: string;
  entityRef: string;
}): Location {
  return {
    id: location.id,
    type: location.type,
    target: location.target,
    entityRef: location.entityRef,
  };
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

/** A repository or folder URL plus a catalog file name (analyze-location's `catalogFilename`). */
function withFilename(target: string, filename: string): string {
  return /\.ya?ml$/i.test(target) ? target : `${target.replace(/\/+$/, '')}/${filename}`;
}

const locationCursorSchema = z.object({
  offset: z.number().int().min(0),
  query: z.unknown().optional(),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
