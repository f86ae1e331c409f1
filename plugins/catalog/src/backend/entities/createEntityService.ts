import type { Knex } from 'knex';
import type { ReplicaState } from '@callboard/plugin-api/backend';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseEntityRef,
  parseLocationRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@callboard/plugin-api/common';
import type {
  CatalogStatus,
  EntityProcessing,
  IngestionProblem,
  ProblemsResponse,
  RecentEntitiesResponse,
} from '../../common/problems';
import { ancestorsOf, deleteEntitiesWithDescendants } from '../database/refreshStateStore';
import { enqueueStitch } from '../database/stitchQueue';
import { processEntity, type ProcessingContext } from '../processing/processEntity';
import { problemsFrom } from '../database/Problem';

export interface AncestryResponse {
  rootEntityRef: string;
  items: Array<{ entity: Entity; parentEntityRefs: string[] }>;
}

export interface EntityService {
  /** Deletes one entity; it comes back if a live location still emits it. */
  deleteByUid(uid: string): Promise<void>;
  ancestry(ref: { kind: string; namespace: string; name: string }): Promise<AncestryResponse>;
  /** Every current ingestion problem, paged by entity ref. */
  listProblems(options: {
    limit: number;
    cursor?: string;
    entityRef?: string;
    /** Only problems that came through this location (`url:https://…`). */
    location?: string;
  }): Promise<ProblemsResponse>;
  /** What the queues hold and what is served, across all replicas. */
  status(): Promise<CatalogStatus>;
  /** Where one entity came from, when it was last read, and its current problems. */
  processing(ref: { kind: string; namespace: string; name: string }): Promise<EntityProcessing>;
  /** The served entities that changed most recently, newest first. */
  recent(limit: number): Promise<RecentEntitiesResponse>;
  /** Runs the processing pipeline on an entity as if read from `location`; returns the problems. */
  validate(entity: unknown, location: string): Promise<Array<{ name: string; message: string }>>;
}

export function createEntityService(options: {
  knex: Knex;
  processing: ProcessingContext;
  readonly: boolean;
  /** The live replicas and the leases each holds (the backend's registry). */
  replicas: () => Promise<ReplicaState[]>;
}): EntityService {
  const { knex } = options;

  return {
    async deleteByUid(uid) {
      if (options.readonly)
        throw new NotAllowedError('This operation not allowed in readonly mode');
      const row = isUuid(uid)
        ? ((await knex('catalog_refresh_state').where({ entity_id: uid }).first('entity_ref')) as
            { entity_ref: string } | undefined)
        : undefined;
      if (!row) throw new NotFoundError(`No entity with uid ${uid}`);
      await knex.transaction(async trx => {
        const parents = (await trx('catalog_refresh_references')
          .where({ target_entity_ref: row.entity_ref })
          .whereNotNull('source_entity_ref')
          .pluck('source_entity_ref')) as string[];
        // Its parents read again soon, so an entity still in a live location reappears.
        if (parents.length > 0) {
          await trx('catalog_refresh_state')
            .whereIn('entity_ref', parents)
            .update({ next_update_at: trx.fn.now(), result_hash: null });
        }
        const result = await deleteEntitiesWithDescendants(trx, [row.entity_ref]);
        await enqueueStitch(trx, result.stitch, 0);
      });
    },

    async ancestry(ref) {
      const entityRef = stringifyEntityRef(ref);
      const ancestors = await ancestorsOf(knex, entityRef, { includeSelf: true });
      const rows = (await knex.raw(
        `select f.entity_ref as ref, f.final_entity,
                coalesce((select json_agg(r.source_entity_ref order by r.source_entity_ref)
                            from catalog_refresh_references r
                           where r.target_entity_ref = f.entity_ref
                             and r.source_entity_ref is not null), '[]'::json) as parents
           from catalog_final_entities f
          where f.entity_ref = any(?)`,
        [ancestors.map(ancestor => ancestor.ref)],
      )) as { rows: Array<{ ref: string; final_entity: string; parents: unknown }> };
      // Nearest first: the entity, its parent, then on up to the root.
      const nearness = new Map(ancestors.map((ancestor, index) => [ancestor.ref, index]));
      rows.rows.sort((a, b) => (nearness.get(a.ref) ?? 0) - (nearness.get(b.ref) ?? 0));
      if (!rows.rows.some(row => row.ref === entityRef)) {
        throw new NotFoundError(`No such entity ${entityRef}`);
      }
      const items = rows.rows.map(row => ({
        entity: JSON.parse(row.final_entity) as Entity,
        parentEntityRefs: (typeof row.parents === 'string'
          ? JSON.parse(row.parents)
          : row.parents) as string[],
      }));
      const root = items.find(item => item.parentEntityRefs.length === 0);
      return { rootEntityRef: root ? stringifyEntityRef(root.entity) : entityRef, items };
    },

    async listProblems({ limit, cursor, entityRef, location }) {
      const filter: ProblemFilter = {
        ...(entityRef ? { entityRef: stringifyEntityRef(parseEntityRef(entityRef)) } : {}),
        ...(location ? { location } : {}),
      };
      // Entities with processing problems, and entities another location also defines (conflicts).
      const withProblems = knex
        .select('entity_ref')
        .from('catalog_refresh_state')
        .whereRaw(`errors <> '[]'::jsonb`)
        .modify(query => {
          if (filter.location)
            query.whereRaw(`${originOf('catalog_refresh_state')} = ?`, [filter.location]);
        })
        .union(
          knex
            .select('entity_ref')
            .from('catalog_conflicts')
            .modify(query => {
              if (filter.location) query.where('loser_location_key', filter.location);
            }),
        );
      const refs = knex.from(withProblems.as('p')).modify(query => {
        if (filter.entityRef) query.where('p.entity_ref', filter.entityRef);
      });
      // What is listed is problems, several per entity: count those, not the entities.
      const total = await countProblems(filter);
      const pageRefs = (await refs
        .clone()
        .modify(query => {
          if (cursor)
            query.where('p.entity_ref', '>', Buffer.from(cursor, 'base64url').toString('utf8'));
        })
        .orderBy('p.entity_ref')
        .limit(limit + 1)
        .pluck('p.entity_ref')) as string[];
      const page = pageRefs.slice(0, limit);
      const items = await problemsOf(page, filter.location);
      const last = page[page.length - 1];
      return {
        items,
        totalItems: total,
        pageInfo:
          pageRefs.length > limit && last
            ? { nextCursor: Buffer.from(last).toString('base64url') }
            : {},
      };
    },

    async status() {
      const [result, replicas, problems] = await Promise.all([
        knex.raw(
          `select
           (select count(*) from catalog_final_entities)::int as entities,
           (select count(*) from catalog_locations)::int as locations,
           (select count(*) from catalog_refresh_state where next_update_at <= now())::int as due,
           (select count(*) from catalog_refresh_state where priority = 0 and next_update_at <= now())::int as requested,
           (select count(*) from catalog_refresh_state where lease_owner is not null and lease_expires_at > now())::int as in_progress,
           (select count(*) from catalog_stitch_queue)::int as stitching`,
        ) as Promise<{ rows: Array<Record<string, number>> }>,
        options.replicas(),
        countProblems(),
      ]);
      const row = result.rows[0] ?? {};
      return {
        entities: row.entities ?? 0,
        problems,
        locations: row.locations ?? 0,
        queue: {
          due: row.due ?? 0,
          requested: row.requested ?? 0,
          inProgress: row.in_progress ?? 0,
          stitching: row.stitching ?? 0,
        },
        replicas: replicas.map(replica => ({
          id: replica.id,
          host: replica.host,
          pid: replica.pid,
          startedAt: replica.startedAt.toISOString(),
          heartbeatAt: replica.heartbeatAt.toISOString(),
          holds: {
            processing: replica.leases['catalog.processing'] ?? 0,
            stitching: replica.leases['catalog.stitching'] ?? 0,
          },
        })),
      };
    },

    async processing(name) {
      const ref = stringifyEntityRef(name);
      const row = (await knex('catalog_refresh_state as r')
        .leftJoin('catalog_final_entities as f', 'f.entity_id', 'r.entity_id')
        .where('r.entity_ref', ref)
        .first(
          'r.unprocessed_entity',
          'r.source',
          'r.processed_at',
          'r.attempted_at',
          'r.next_update_at',
          'f.updated_at',
        )) as
        | {
            unprocessed_entity: unknown;
            source: unknown;
            processed_at: Date | string | null;
            attempted_at: Date | string | null;
            next_update_at: Date | string | null;
            updated_at: Date | string | null;
          }
        | undefined;
      if (!row) throw new NotFoundError(`No entity named ${ref}`);
      const annotations =
        (parse(row.unprocessed_entity) as Entity | undefined)?.metadata?.annotations ?? {};
      const source = parse(row.source) as { file?: string } | null;
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
        problems: await problemsOf([ref]),
      };
    },

    async recent(limit) {
      // The entity JSON is read only for the page's few rows; the index orders them.
      const rows = (await knex('catalog_final_entities')
        .orderBy([
          { column: 'updated_at', order: 'desc' },
          { column: 'entity_ref', order: 'asc' },
        ])
        .limit(limit)
        .select('entity_ref', 'final_entity', 'updated_at')) as Array<{
        entity_ref: string;
        final_entity: string;
        updated_at: Date | string;
      }>;
      return {
        items: rows.map(row => {
          const entity = JSON.parse(row.final_entity) as Entity;
          const { namespace, name } = parseEntityRef(row.entity_ref);
          return {
            entityRef: row.entity_ref,
            kind: entity.kind,
            namespace,
            name: entity.metadata.name ?? name,
            ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
            updatedAt: new Date(row.updated_at).toISOString(),
          };
        }),
      };
    },

    async validate(entity, location) {
      let locationRef;
      try {
        locationRef = parseLocationRef(location);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      if (locationRef.type !== 'url') {
        throw new InputError(
          `Invalid location ref ${location}, only 'url:<target>' is supported, e.g. url:https://host/path`,
        );
      }
      if (!entity || typeof entity !== 'object' || Array.isArray(entity)) {
        return [{ name: 'InputError', message: 'The entity must be an object' }];
      }
      const candidate = structuredClone(entity) as Entity;
      candidate.metadata = {
        ...(candidate.metadata ?? {}),
        annotations: {
          ...((candidate.metadata ?? {}) as Entity['metadata']).annotations,
          [ANNOTATION_LOCATION]: location,
          [ANNOTATION_ORIGIN_LOCATION]: location,
        },
      } as Entity['metadata'];
      let ref = 'unknown';
      try {
        ref = stringifyEntityRef(candidate);
      } catch {
        // Validation below says what is wrong with the name.
      }
      const outcome = await processEntity(
        {
          entityRef: ref,
          unprocessedEntity: candidate,
          depth: 0,
          ancestry: new Set(),
          origin: { type: locationRef.type, target: locationRef.target, source: 'api' },
          urgent: true,
          // Validation only: a Location's targets are not read here.
          readChildren: false,
        },
        options.processing,
      );
      return outcome.problems
        .filter(
          problem =>
            problem.level === 'error' && problem.type !== 'read' && problem.type !== 'location',
        )
        .map(problem => ({ name: problem.name, message: problem.message }));
    },
  };

  /** The current problems of these entities: processing errors, then conflicts. */
  /**
   * The problems `listProblems` lists (all, one entity's, one location's): each stored processing
   * problem (`problemsFrom` keeps those with a message) plus one per conflict.
   */
  async function countProblems(filter: ProblemFilter = {}): Promise<number> {
    const processing: string[] = [];
    const conflicts: string[] = [];
    const bindings: { processing: string[]; conflicts: string[] } = {
      processing: [],
      conflicts: [],
    };
    if (filter.entityRef) {
      processing.push('and s.entity_ref = ?');
      bindings.processing.push(filter.entityRef);
      conflicts.push('and entity_ref = ?');
      bindings.conflicts.push(filter.entityRef);
    }
    if (filter.location) {
      processing.push(`and ${originOf('s')} = ?`);
      bindings.processing.push(filter.location);
      conflicts.push('and loser_location_key = ?');
      bindings.conflicts.push(filter.location);
    }
    const result = (await knex.raw(
      `select
         (select count(*) from catalog_refresh_state s
            cross join lateral jsonb_array_elements(
              case when jsonb_typeof(s.errors) = 'array' then s.errors else '[]'::jsonb end) e
           where s.errors <> '[]'::jsonb and jsonb_typeof(e -> 'message') = 'string'
           ${processing.join(' ')})::int
         + (select count(*) from catalog_conflicts where true ${conflicts.join(' ')})::int as count`,
      [...bindings.processing, ...bindings.conflicts],
    )) as { rows: Array<{ count: number | string }> };
    return Number(result.rows[0]?.count ?? 0);
  }

  /** The problems of these entities; with `location`, only those that came through it. */
  async function problemsOf(refs: string[], location?: string): Promise<IngestionProblem[]> {
    if (refs.length === 0) return [];
    const states = new Map(
      (
        (await knex('catalog_refresh_state')
          .whereIn('entity_ref', refs)
          .select('entity_ref', 'errors', 'unprocessed_entity', 'source')) as ProblemStateRow[]
      ).map(row => [row.entity_ref, row]),
    );
    const conflicts = (await knex('catalog_conflicts')
      .whereIn('entity_ref', refs)
      .modify(query => {
        if (location) query.where('loser_location_key', location);
      })
      .orderBy('loser_location_key')
      .select('entity_ref', 'loser_location_key', 'winner_location_key')) as Array<{
      entity_ref: string;
      loser_location_key: string;
      winner_location_key: string;
    }>;
    return refs.flatMap(ref => [
      ...processingProblems(ref, states.get(ref)).filter(
        problem => location === undefined || problem.location === location,
      ),
      ...conflicts
        .filter(conflict => conflict.entity_ref === ref)
        .map((conflict): IngestionProblem => ({
          type: 'conflict',
          level: 'warning',
          entityRef: ref,
          file: conflict.loser_location_key,
          message: `${ref} at ${conflict.loser_location_key} is ignored: ${conflict.winner_location_key} defined this entity first`,
        })),
    ]);
  }
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

/** Which problems to list: one entity's, the ones that came through one location, or all. */
interface ProblemFilter {
  entityRef?: string;
  /** The registered or config location, `url:https://…` (a problem's `location`). */
  location?: string;
}

/** The registered or config location a refresh state row's entity came through (its origin). */
const originOf = (table: string) =>
  `(${table}.unprocessed_entity -> 'metadata' -> 'annotations' ->> '${ANNOTATION_ORIGIN_LOCATION}')`;

interface ProblemStateRow {
  entity_ref: string;
  errors: unknown;
  unprocessed_entity: unknown;
  source: unknown;
}

/** The stored problems of one entity, with where it came from filled in. */
function processingProblems(ref: string, row: ProblemStateRow | undefined): IngestionProblem[] {
  if (!row) return [];
  const entity = parse(row.unprocessed_entity) as Entity | undefined;
  const annotations = entity?.metadata?.annotations ?? {};
  const source = parse(row.source) as { file?: string; document?: number; line?: number } | null;
  return problemsFrom(parse(row.errors)).map(problem => {
    // Problems in a file the entity read (a Location's targets) carry their own position.
    const own = problem.file === undefined;
    const document = problem.document ?? (own ? source?.document : undefined);
    const line = problem.line ?? (own ? source?.line : undefined);
    return {
      type: problem.type,
      level: problem.level,
      message: problem.message,
      entityRef: ref,
      location: annotations[ANNOTATION_ORIGIN_LOCATION],
      file: problem.file ?? source?.file ?? annotations[ANNOTATION_LOCATION],
      ...(document ? { document } : {}),
      ...(line ? { line } : {}),
      ...(problem.field ? { field: problem.field } : {}),
    };
  });
}

function parse(value: unknown): unknown {
  return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
