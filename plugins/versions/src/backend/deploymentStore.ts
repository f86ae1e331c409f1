import type { Knex } from 'knex';
import { ConflictError, InputError } from '@callboard/plugin-api/common';
import type { Deployment, DeploymentRequest, DeploymentsPage, DeploymentsQuery } from '../common';

export interface DeploymentRow {
  id: string | number;
  entity_ref: string;
  environment: string;
  target: string;
  version: string;
  commit: string | null;
  status: Deployment['status'];
  started_at: Date | null;
  finished_at: Date | null;
  reported_at: Date;
  event_at: Date;
  url: string | null;
  idempotency_key: string | null;
  reported_by: string;
}

export interface CurrentRow {
  entity_ref: string;
  environment: string;
  target: string;
  current_id: string | number | null;
  previous_id: string | number | null;
}

/** A deployment as stored: the request with its canonical entity ref and the caller. */
export type NewDeployment = DeploymentRequest & { entityRef: string; reportedBy: string };

/**
 * Stores a deployment report and recomputes what runs where, in one transaction. The `current`
 * row of its entity, environment and target is locked first, so concurrent reports for the same
 * place queue there and each recomputes from the full history: none is lost, whatever the
 * order in which they arrive. A report repeated with the same idempotency key stores nothing.
 */
export async function recordDeployment(
  knex: Knex,
  report: NewDeployment,
): Promise<{ deployment: DeploymentRow; created: boolean }> {
  const reportedAt = new Date();
  const startedAt = report.startedAt ? new Date(report.startedAt) : null;
  const finishedAt = report.finishedAt ? new Date(report.finishedAt) : null;
  if (startedAt && finishedAt && finishedAt < startedAt) {
    throw new InputError('Invalid request body: finishedAt must not be before startedAt');
  }
  const row = {
    entity_ref: report.entityRef,
    environment: report.environment,
    target: report.target ?? '',
    version: report.version,
    commit: report.commit ?? null,
    status: report.status,
    started_at: startedAt,
    finished_at: finishedAt,
    reported_at: reportedAt,
    event_at: finishedAt ?? startedAt ?? reportedAt,
    url: report.url ?? null,
    idempotency_key: report.idempotencyKey ?? null,
    reported_by: report.reportedBy,
  };
  return knex.transaction(async trx => {
    const place = { entity_ref: row.entity_ref, environment: row.environment, target: row.target };
    await trx('versions_current').insert(place).onConflict(Object.keys(place)).ignore();
    await trx('versions_current').where(place).forUpdate().first();
    const inserted = (await trx('versions_deployments')
      .insert(row)
      .onConflict('idempotency_key')
      .ignore()
      .returning('*')) as DeploymentRow[];
    if (inserted.length === 0) {
      const stored = (await trx('versions_deployments')
        .where({ idempotency_key: row.idempotency_key })
        .first()) as DeploymentRow;
      assertSameReport(stored, row);
      return { deployment: stored, created: false };
    }
    await recomputeCurrent(trx, place);
    return { deployment: inserted[0]!, created: true };
  });
}

/** A key reused for another deployment is the caller's mistake, not a retry. */
function assertSameReport(stored: DeploymentRow, row: Omit<DeploymentRow, 'id'>): void {
  const fields = ['entity_ref', 'environment', 'target', 'version', 'status'] as const;
  const differs = fields.find(field => stored[field] !== row[field]);
  if (differs) {
    throw new ConflictError(
      `The idempotency key "${row.idempotency_key}" was already used for another deployment (its ${differs} differs)`,
    );
  }
}

/**
 * The running deployment is the latest succeeded one by event time, unless that version was
 * rolled back at or after it; `previous` is the latest succeeded one of another version before.
 */
async function recomputeCurrent(
  trx: Knex.Transaction,
  place: { entity_ref: string; environment: string; target: string },
): Promise<void> {
  const rows = (await trx('versions_deployments as d')
    .where({ 'd.entity_ref': place.entity_ref })
    .andWhere({ 'd.environment': place.environment, 'd.target': place.target })
    .andWhere('d.status', 'succeeded')
    .whereNotExists(
      trx('versions_deployments as r')
        .whereRaw('r.entity_ref = d.entity_ref')
        .andWhereRaw('r.environment = d.environment and r.target = d.target')
        .andWhereRaw('r.version = d.version')
        .andWhere('r.status', 'rolled_back')
        .andWhereRaw('r.event_at >= d.event_at'),
    )
    .orderBy([
      { column: 'd.event_at', order: 'desc' },
      { column: 'd.id', order: 'desc' },
    ])
    .limit(50)
    .select('d.id', 'd.version')) as Array<{ id: string | number; version: string }>;
  const current = rows[0];
  const previous = current ? rows.find(row => row.version !== current.version) : undefined;
  await trx('versions_current')
    .where(place)
    .update({ current_id: current?.id ?? null, previous_id: previous?.id ?? null });
}

/** History, newest first, paged by an opaque cursor (the last row's report time and id). */
export async function listDeployments(
  knex: Knex,
  query: DeploymentsQuery & { entityRef?: string },
): Promise<DeploymentsPage> {
  const builder = knex('versions_deployments');
  if (query.entityRef) builder.where('entity_ref', query.entityRef);
  if (query.environment) builder.where('environment', query.environment);
  if (query.status) builder.where('status', query.status);
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    builder.whereRaw('(reported_at, id) < (?, ?)', [after.reportedAt, after.id]);
  }
  const rows = (await builder
    .orderBy([
      { column: 'reported_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(query.limit + 1)) as DeploymentRow[];
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toDeployment),
    ...(rows.length > query.limit && last
      ? { nextCursor: encodeCursor(last.reported_at, String(last.id)) }
      : {}),
  };
}

function encodeCursor(reportedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify([reportedAt.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  try {
    const [reportedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof reportedAt === 'string' && typeof id === 'string' && /^\d{1,19}$/.test(id)) {
      const date = new Date(reportedAt);
      if (!Number.isNaN(date.getTime())) return { reportedAt: date, id };
    }
  } catch {
    // Falls through to the error below.
  }
  throw new InputError('Invalid request query: cursor is not one this server gave out');
}

/** The running and previous deployment of every place of these entities. */
export async function currentDeployments(
  knex: Knex,
  entityRefs: readonly string[],
): Promise<
  Array<{
    entityRef: string;
    environment: string;
    target: string;
    current?: DeploymentRow;
    previous?: DeploymentRow;
  }>
> {
  const places = (await knex('versions_current')
    .whereIn('entity_ref', entityRefs)
    .select()) as CurrentRow[];
  const ids = places.flatMap(place => [place.current_id, place.previous_id]).filter(id => id);
  const rows = ids.length
    ? ((await knex('versions_deployments').whereIn('id', ids as string[])) as DeploymentRow[])
    : [];
  const byId = new Map(rows.map(row => [String(row.id), row]));
  return places.map(place => ({
    entityRef: place.entity_ref,
    environment: place.environment,
    target: place.target,
    current: place.current_id ? byId.get(String(place.current_id)) : undefined,
    previous: place.previous_id ? byId.get(String(place.previous_id)) : undefined,
  }));
}

export function toDeployment(row: DeploymentRow): Deployment {
  return {
    id: String(row.id),
    entityRef: row.entity_ref,
    environment: row.environment,
    target: row.target === '' ? null : row.target,
    version: row.version,
    commit: row.commit,
    status: row.status,
    startedAt: row.started_at ? new Date(row.started_at).toISOString() : null,
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
    reportedAt: new Date(row.reported_at).toISOString(),
    url: row.url,
    idempotencyKey: row.idempotency_key,
    reportedBy: row.reported_by,
  };
}
