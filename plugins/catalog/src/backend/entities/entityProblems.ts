import type { Knex } from 'knex';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  type Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@callboard/catalog-model';
import type { IngestionProblem, ProblemsResponse } from '../../common/problems';
import { problemsFrom } from '../database/Problem';
import {
  conflictsOf,
  countProblems,
  type ProblemFilter,
  problemStatesOf,
  refsWithProblems,
} from '../database/problemsStore';
import type { ProblemStateRow } from '../database/tables';
import { parseStoredJson } from './storedJson';

export interface ListProblemsRequest {
  limit: number;
  cursor?: string;
  entityRef?: string;
  /** Only problems that came through this location (`url:https://…`). */
  location?: string;
}

/**
 * Every current ingestion problem, paged by entity ref: entities with processing problems, and
 * entities another location also defines (conflicts).
 */
export async function listProblems(
  knex: Knex,
  { limit, cursor, entityRef, location }: ListProblemsRequest,
): Promise<ProblemsResponse> {
  const filter: ProblemFilter = {
    ...(entityRef ? { entityRef: stringifyEntityRef(parseEntityRef(entityRef)) } : {}),
    ...(location ? { location } : {}),
  };
  // What is listed is problems, several per entity: count those, not the entities.
  const total = await countProblems(knex, filter);
  const pageRefs = await refsWithProblems(knex, filter, {
    ...(cursor ? { afterRef: Buffer.from(cursor, 'base64url').toString('utf8') } : {}),
    limit: limit + 1,
  });
  const page = pageRefs.slice(0, limit);
  const items = await problemsOf(knex, page, filter.location);
  const last = page[page.length - 1];
  return {
    items,
    totalItems: total,
    pageInfo:
      pageRefs.length > limit && last
        ? { nextCursor: Buffer.from(last).toString('base64url') }
        : {},
  };
}

/**
 * The current problems of these entities, processing errors then conflicts; with `location`, only
 * those that came through it.
 */
export async function problemsOf(
  knex: Knex,
  refs: string[],
  location?: string,
): Promise<IngestionProblem[]> {
  if (refs.length === 0) return [];
  const states = new Map((await problemStatesOf(knex, refs)).map(row => [row.entity_ref, row]));
  const conflicts = await conflictsOf(knex, refs, location);
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

/** The stored problems of one entity, with where it came from filled in. */
function processingProblems(ref: string, row: ProblemStateRow | undefined): IngestionProblem[] {
  if (!row) return [];
  const entity = parseStoredJson(row.unprocessed_entity) as Entity | undefined;
  const annotations = entity?.metadata?.annotations ?? {};
  const source = parseStoredJson(row.source) as {
    file?: string;
    document?: number;
    line?: number;
  } | null;
  return problemsFrom(parseStoredJson(row.errors)).map(problem => {
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
