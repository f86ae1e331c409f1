import type { Knex } from 'knex';
import type { Entity, RelationPair } from '@callboard/catalog-model';
import type { Problem } from './Problem';
import type { EntityKindRow, LocationEntityRow, ProcessingStateRow } from './tables';
import { hashOf } from './hash';
import {
  isRefusalOfData,
  refusedProblem,
  storableProblem,
  unstorableStandIn,
} from './storableEntity';
import { enqueueStitch } from './stitchQueue';
import { uuidV7 } from './uuidV7';
import type { ConflictRow, StitchSourceRow } from './tables';

/**
 * Every statement on the refresh state (`catalog_refresh_state`, `catalog_refresh_references`):
 * claiming due entities, writing what processing decided, problems, orphans, deleting subtrees,
 * and the one walk up the parent references.
 */

/** An entity a Location read, ready to be written as a child refresh state. */
export interface EmittedChild {
  entity: Entity;
  entityRef: string;
  /** Only this key may update the entity later (first location wins conflicts). */
  locationKey: string;
  source: { file: string; document: number; line: number };
  hash: string;
  hasPlaceholders: boolean;
}

/** An entity claimed for processing by this replica. */
export interface ClaimedEntity {
  entityId: string;
  entityRef: string;
  kind: string;
  unprocessedEntity: unknown;
  resultHash: string | null;
  depth: number;
  priority: number;
  locationKey: string | null;
  /**
   * `next_update_at` as claimed, to the microsecond: if it differs when the result is written,
   * someone asked for the entity again meanwhile (a refresh, a webhook, its parent re-emitting it).
   */
  claimedDue: string;
}

/**
 * Claims due entities for this replica: requested ones (priority 0) first, then the oldest due.
 * `FOR UPDATE SKIP LOCKED` lets replicas claim side by side without waiting on each other; the
 * lease expires so that work of a replica that died is taken over. The locked rows are chosen
 * once, in a materialized CTE: written as `where id in (select … limit … skip locked)`, the
 * planner is free to run the sub-select more than once (a rescan of a semi-join), and each run
 * may lock a different set.
 */
export async function claimDueEntities(
  knex: Knex,
  options: {
    owner: string;
    limit: number;
    leaseMs: number;
    /** Only requested work (priority 0): the lane that never waits behind routine rounds. */
    urgentOnly?: boolean;
  },
): Promise<ClaimedEntity[]> {
  const result = (await knex.raw(
    `with due as materialized (
        select entity_id from catalog_refresh_state
         where next_update_at <= now()
           and (lease_owner is null or lease_expires_at < now())${options.urgentOnly ? ' and priority = 0' : ''}
         order by priority, next_update_at
         limit ?
         for update skip locked)
     update catalog_refresh_state as r
        set lease_owner = ?, lease_expires_at = now() + ? * interval '1 millisecond', attempted_at = now()
       from due
      where r.entity_id = due.entity_id
      returning r.entity_id, r.entity_ref, r.kind, r.unprocessed_entity, r.result_hash, r.depth, r.priority, r.location_key, r.next_update_at, r.next_update_at::text as claimed_due`,
    [options.limit, options.owner, options.leaseMs],
  )) as {
    rows: Array<{
      entity_id: string;
      entity_ref: string;
      kind: string;
      unprocessed_entity: unknown;
      result_hash: string | null;
      depth: number;
      priority: number;
      location_key: string | null;
      next_update_at: Date | string;
      claimed_due: string;
    }>;
  };
  // RETURNING does not keep the subquery's order; results are written in queue order, which
  // decides which of two locations defining one entity keeps it (the first).
  const queueOrder = (row: (typeof result.rows)[number]) => new Date(row.next_update_at).getTime();
  return [...result.rows]
    .sort(
      (a, b) =>
        a.priority - b.priority ||
        queueOrder(a) - queueOrder(b) ||
        (a.entity_ref < b.entity_ref ? -1 : 1),
    )
    .map(row => ({
      entityId: row.entity_id,
      entityRef: row.entity_ref,
      kind: row.kind,
      unprocessedEntity:
        typeof row.unprocessed_entity === 'string'
          ? (JSON.parse(row.unprocessed_entity) as unknown)
          : row.unprocessed_entity,
      resultHash: row.result_hash,
      depth: row.depth,
      priority: row.priority,
      locationKey: row.location_key,
      claimedDue: row.claimed_due,
    }));
}

/** The refs of an entity's ancestors through its parents' references (for cycle detection). */
export async function loadAncestry(knex: Knex, entityRef: string): Promise<Set<string>> {
  const ancestors = await ancestorsOf(knex, entityRef, { includeSelf: false });
  return new Set(ancestors.map(ancestor => ancestor.ref));
}

/** What processing decided for one claimed entity. */
export interface ProcessedWrite {
  claimed: ClaimedEntity;
  ok: boolean;
  /** The processed entity when ok. */
  entity?: unknown;
  relations: RelationPair[];
  problems: Problem[];
  /** Hash of entity + relations + problems; equal to the stored one means nothing changed. */
  resultHash: string;
  /** When to process it again: a timestamp, or `infinity` (only when its parent emits a change). */
  nextUpdateAt: Date | 'infinity';
  children?: {
    emitted: EmittedChild[];
    keep: 'all' | string[];
  };
}

export interface WriteSummary {
  /** Entities whose lease had expired and that another replica may have taken: nothing written. */
  leaseLost: number;
  childrenWritten: number;
  stitchRequested: number;
  deleted: string[];
}

export interface WriteOptions {
  owner: string;
  orphanStrategy: 'delete' | 'keep';
}

/**
 * Writes a batch of processing results in one transaction: the refresh states (only while this
 * replica still holds their lease), relations, emitted children with first-writer-wins conflicts,
 * parent→child references, orphans, and the stitch requests for everything that changed.
 */
export async function writeProcessingResults(
  trx: Knex.Transaction,
  writes: ProcessedWrite[],
  options: WriteOptions,
): Promise<WriteSummary> {
  const summary: WriteSummary = {
    leaseLost: 0,
    childrenWritten: 0,
    stitchRequested: 0,
    deleted: [],
  };
  if (writes.length === 0) return summary;

  // A request that came while the entity was being processed keeps it due, at the priority it
  // asked for: what this round read may predate the change the request is about. Its result hash
  // is not kept either, so that the next round writes everything it reads even if it reads the
  // same: a delete by uid asks the parent for that, to bring the entity back.
  const updated = (await trx.raw(
    `update catalog_refresh_state as r
        set errors = v.errors,
            next_update_at = case when r.next_update_at = v.claimed_due then v.next_update_at else r.next_update_at end,
            priority = case when r.next_update_at = v.claimed_due then 1 else r.priority end,
            lease_owner = null,
            lease_expires_at = null,
            result_hash = case when r.next_update_at = v.claimed_due then v.result_hash else null end,
            processed_entity = case when v.ok then v.processed_entity else r.processed_entity end,
            processed_at = case when v.ok then now() else r.processed_at end
       from json_to_recordset(?::json) as v(entity_id uuid, ok boolean, processed_entity json, errors jsonb, result_hash text, next_update_at timestamptz, claimed_due timestamptz)
      where r.entity_id = v.entity_id and r.lease_owner = ?
      returning r.entity_id, r.priority, r.next_update_at <> v.claimed_due as requested`,
    [
      JSON.stringify(
        writes.map(write => ({
          entity_id: write.claimed.entityId,
          ok: write.ok,
          processed_entity: write.ok ? write.entity : null,
          errors: write.problems.map(storableProblem),
          result_hash: write.resultHash,
          next_update_at:
            write.nextUpdateAt === 'infinity' ? 'infinity' : write.nextUpdateAt.toISOString(),
          claimed_due: write.claimed.claimedDue,
        })),
      ),
      options.owner,
    ],
  )) as { rows: Array<{ entity_id: string; priority: number; requested: boolean }> };
  const held = new Map(updated.rows.map(row => [row.entity_id, row]));
  summary.leaseLost = writes.length - held.size;
  // What a requested entity emits (children, stitches) is as urgent as the request.
  const live = writes.flatMap(write => {
    const row = held.get(write.claimed.entityId);
    if (!row) return [];
    return row.requested && row.priority < write.claimed.priority
      ? [{ ...write, claimed: { ...write.claimed, priority: row.priority } }]
      : [write];
  });

  // Relations change only when the entity did; a failed entity keeps its previous relations.
  const changed = live.filter(write => write.resultHash !== write.claimed.resultHash);
  const relationWrites = changed.filter(write => write.ok);
  const stitchRefs = new Set<string>();
  const urgentRefs = new Set<string>();
  // Relation peers (the other side of a changed relation) wait behind the changed entities
  // themselves: during a bulk load a Group is a peer of every component it owns, and stitched
  // once at the end instead of once per round.
  const peerRefs = new Set<string>();
  for (const write of changed) {
    (write.claimed.priority === 0 ? urgentRefs : stitchRefs).add(write.claimed.entityRef);
  }
  if (relationWrites.length > 0) {
    const ids = relationWrites.map(write => write.claimed.entityId);
    const removed = (await trx('catalog_relations')
      .whereIn('originating_entity_id', ids)
      .delete()
      .returning(['source_entity_ref', 'target_entity_ref'])) as Array<{
      source_entity_ref: string;
      target_entity_ref: string;
    }>;
    for (const row of removed) {
      peerRefs.add(row.source_entity_ref);
      peerRefs.add(row.target_entity_ref);
    }
    const rows = relationWrites.flatMap(write =>
      write.relations.map(relation => ({
        originating_entity_id: write.claimed.entityId,
        source_entity_ref: relation.source,
        type: relation.type,
        target_entity_ref: relation.target,
        reverse_type: relation.reverse,
      })),
    );
    for (const chunk of chunks(rows, 2000)) {
      await trx('catalog_relations').insert(chunk);
    }
    for (const row of rows) {
      peerRefs.add(row.source_entity_ref);
      peerRefs.add(row.target_entity_ref);
    }
  }

  for (const write of live) {
    if (!write.children) continue;
    if (write.resultHash === write.claimed.resultHash) {
      // Nothing changed in what it read; children with placeholders still re-read their files.
      await bumpPlaceholderChildren(trx, write.children.emitted, write.claimed.priority);
      continue;
    }
    const result = await writeChildren(trx, write, options);
    summary.childrenWritten += result.written;
    summary.deleted.push(...result.deleted);
    result.stitch.forEach(ref => stitchRefs.add(ref));
  }

  for (const ref of urgentRefs) stitchRefs.delete(ref);
  for (const ref of [...urgentRefs, ...stitchRefs]) peerRefs.delete(ref);
  summary.stitchRequested += await enqueueStitch(trx, [...urgentRefs], 0);
  summary.stitchRequested += await enqueueStitch(trx, [...stitchRefs], 1);
  summary.stitchRequested += await enqueueStitch(trx, [...peerRefs], 2);
  return summary;
}

/**
 * Adds a problem to an entity's current ones (unless it is there already), outside processing:
 * the next processing of the entity replaces them all.
 */
export async function recordProblem(
  knex: Knex,
  entityRef: string,
  problem: Problem,
): Promise<void> {
  const stored = JSON.stringify([storableProblem(problem)]);
  await knex('catalog_refresh_state')
    .where({ entity_ref: entityRef })
    .whereRaw('not (errors @> ?::jsonb)', [stored])
    .update({ errors: knex.raw('errors || ?::jsonb', [stored]) });
}

async function bumpPlaceholderChildren(
  trx: Knex.Transaction,
  emitted: EmittedChild[],
  priority: number,
): Promise<void> {
  const refs = emitted.filter(child => child.hasPlaceholders).map(child => child.entityRef);
  for (const chunk of chunks(refs, 2000)) {
    await trx('catalog_refresh_state')
      .whereIn('entity_ref', chunk)
      .update({
        next_update_at: trx.fn.now(),
        priority: trx.raw('least(priority, ?)', [priority]),
      });
  }
  if (refs.length > 0) await trx.raw(`select pg_notify('catalog_process', '')`);
}

interface ExistingChild {
  entity_id: string;
  entity_ref: string;
  location_key: string | null;
  unprocessed_hash: string;
}

/** Writes what one Location emitted, and prunes what it stopped emitting. */
async function writeChildren(
  trx: Knex.Transaction,
  write: ProcessedWrite,
  options: WriteOptions,
): Promise<{ written: number; stitch: string[]; deleted: string[] }> {
  const parent = write.claimed;
  const emitted = write.children!.emitted;
  const stitch: string[] = [];
  const existing = new Map<string, ExistingChild>();
  for (const chunk of chunks(
    emitted.map(child => child.entityRef),
    2000,
  )) {
    const rows = (await trx('catalog_refresh_state')
      .whereIn('entity_ref', chunk)
      .select('entity_id', 'entity_ref', 'location_key', 'unprocessed_hash')) as ExistingChild[];
    for (const row of rows) existing.set(row.entity_ref, row);
  }

  // What this parent referenced before: an entity that moved between its own files is still its own.
  const previous = (await trx('catalog_refresh_references as ref')
    .leftJoin('catalog_refresh_state as s', 's.entity_ref', 'ref.target_entity_ref')
    .where('ref.source_entity_ref', parent.entityRef)
    .select('ref.target_entity_ref as ref', 's.location_key as locationKey')) as Array<{
    ref: string;
    locationKey: string | null;
  }>;
  const before = new Set(previous.map(row => row.ref));

  const inserts: Array<Record<string, unknown> & { entity_ref: string; location_key: string }> = [];
  const updates: Array<Record<string, unknown> & { entity_ref: string }> = [];
  const conflicts: Array<{
    entity_ref: string;
    loser_location_key: string;
    loser_parent_ref: string;
    winner_location_key: string;
  }> = [];
  const owned: string[] = [];
  for (const child of emitted) {
    const current = existing.get(child.entityRef);
    if (!current) {
      inserts.push({
        entity_id: uuidV7(),
        entity_ref: child.entityRef,
        kind: child.entity.kind.toLowerCase(),
        unprocessed_entity: JSON.stringify(child.entity),
        unprocessed_hash: child.hash,
        errors: '[]',
        location_key: child.locationKey,
        source: JSON.stringify(child.source),
        depth: parent.depth + 1,
        priority: parent.priority,
        next_update_at: trx.fn.now(),
      });
      continue;
    }
    const ownedByAnother =
      current.location_key !== null &&
      current.location_key !== child.locationKey &&
      !before.has(child.entityRef);
    if (ownedByAnother) {
      conflicts.push({
        entity_ref: child.entityRef,
        loser_location_key: child.locationKey,
        loser_parent_ref: parent.entityRef,
        winner_location_key: current.location_key!,
      });
      stitch.push(child.entityRef);
      continue;
    }
    owned.push(child.entityRef);
    if (
      current.unprocessed_hash !== child.hash ||
      child.hasPlaceholders ||
      current.location_key !== child.locationKey
    ) {
      updates.push({
        entity_id: current.entity_id,
        entity_ref: child.entityRef,
        unprocessed_entity: child.entity,
        unprocessed_hash: child.hash,
        location_key: child.locationKey,
        source: child.source,
        depth: parent.depth + 1,
        priority: parent.priority,
      });
    }
  }

  const emittedByRef = new Map(emitted.map(child => [child.entityRef, child]));
  // A child the database refuses although the checks passed it is stored as a stand-in naming
  // the refusal, or, if even that is refused, left out with the problem on this parent.
  const asStandIn = (entityRef: string, error: unknown) => {
    const child = emittedByRef.get(entityRef)!;
    const standIn = unstorableStandIn(child.entity, refusedProblem(error));
    return standIn && { entity: standIn, hash: hashOf(standIn) };
  };
  const leaveOut = async (entityRef: string, error: unknown) => {
    const child = emittedByRef.get(entityRef)!;
    const refused = refusedProblem(error);
    await recordProblem(trx, parent.entityRef, {
      ...refused,
      message: `${entityRef}: ${refused.message}`,
      ...child.source,
    });
  };

  for (const chunk of chunks(inserts, 500)) {
    // Another replica may have inserted the same ref a moment ago: first writer wins.
    const written = await writeRowsIsolatingRefusals(
      trx,
      chunk,
      async (conn, rows) =>
        (await conn('catalog_refresh_state')
          .insert(rows)
          .onConflict('entity_ref')
          .ignore()
          .returning('entity_ref')) as Array<{ entity_ref: string }>,
      (row, error) => {
        const standIn = asStandIn(row.entity_ref, error);
        return (
          standIn && {
            ...row,
            unprocessed_entity: JSON.stringify(standIn.entity),
            unprocessed_hash: standIn.hash,
          }
        );
      },
    );
    const inserted = new Set(written.results.map(row => row.entity_ref));
    const leftOut = new Set(written.refused.map(refusal => refusal.row.entity_ref));
    for (const refusal of written.refused) await leaveOut(refusal.row.entity_ref, refusal.error);
    for (const row of chunk) {
      if (leftOut.has(row.entity_ref)) continue;
      if (inserted.has(row.entity_ref)) {
        owned.push(row.entity_ref);
        continue;
      }
      const winner = (await trx('catalog_refresh_state')
        .where({ entity_ref: row.entity_ref })
        .first('location_key')) as { location_key: string | null } | undefined;
      conflicts.push({
        entity_ref: row.entity_ref,
        loser_location_key: row.location_key,
        loser_parent_ref: parent.entityRef,
        winner_location_key: winner?.location_key ?? 'unknown',
      });
      stitch.push(row.entity_ref);
    }
  }
  for (const chunk of chunks(updates, 500)) {
    const written = await writeRowsIsolatingRefusals(
      trx,
      chunk,
      async (conn, rows) => {
        await conn.raw(
          `update catalog_refresh_state as r
              set unprocessed_entity = v.unprocessed_entity, unprocessed_hash = v.unprocessed_hash,
                  location_key = v.location_key, source = v.source, depth = v.depth,
                  priority = least(r.priority, v.priority), next_update_at = now()
             from json_to_recordset(?::json) as v(entity_id uuid, unprocessed_entity json, unprocessed_hash text, location_key text, source jsonb, depth int, priority smallint)
            where r.entity_id = v.entity_id`,
          [JSON.stringify(rows)],
        );
        return [];
      },
      (row, error) => {
        const standIn = asStandIn(row.entity_ref, error);
        return (
          standIn && { ...row, unprocessed_entity: standIn.entity, unprocessed_hash: standIn.hash }
        );
      },
    );
    // Left out: the child keeps what was stored of it before.
    for (const refusal of written.refused) await leaveOut(refusal.row.entity_ref, refusal.error);
  }

  // Conflicts of this parent are recomputed on every read.
  await trx('catalog_conflicts').where({ loser_parent_ref: parent.entityRef }).delete();
  for (const chunk of chunks(conflicts, 500)) {
    await trx('catalog_conflicts')
      .insert(chunk)
      .onConflict(['entity_ref', 'loser_location_key'])
      .merge();
  }

  // References: what it emits now, plus what it must keep because a file failed.
  const keep = write.children!.keep;
  const next = new Set(owned);
  for (const row of previous) {
    if (keep === 'all' || (row.locationKey !== null && keep.includes(row.locationKey)))
      next.add(row.ref);
  }
  const added = [...next].filter(ref => !before.has(ref));
  const removed = [...before].filter(ref => !next.has(ref));
  for (const chunk of chunks(removed, 2000)) {
    await trx('catalog_refresh_references')
      .where({ source_entity_ref: parent.entityRef })
      .whereIn('target_entity_ref', chunk)
      .delete();
  }
  for (const chunk of chunks(added, 1000)) {
    await trx('catalog_refresh_references').insert(
      chunk.map(ref => ({ source_entity_ref: parent.entityRef, target_entity_ref: ref })),
    );
  }

  // What it no longer emits goes once what it emits now is served (removeSettledOrphans).
  const deleted =
    options.orphanStrategy === 'delete'
      ? await deferOrphanRemoval(trx, parent.entityRef, removed)
      : await handleUnreferenced(trx, removed, options);
  stitch.push(...deleted.stitch);
  if (inserts.length + updates.length > 0) {
    await trx.raw(`select pg_notify('catalog_process', '')`);
  }
  return { written: inserts.length + updates.length, stitch, deleted: deleted.deleted };
}

/**
 * Writes rows with `write` in a savepoint. When the database refuses their data, writes them one
 * by one, each in a savepoint of its own; a row refused alone is written as `standIn(row)`
 * instead, and is returned as refused when it has none or that is refused too. Errors that are
 * not about the data are thrown as they are.
 */
async function writeRowsIsolatingRefusals<Row, Result>(
  trx: Knex.Transaction,
  rows: Row[],
  write: (conn: Knex.Transaction, rows: Row[]) => Promise<Result[]>,
  standIn: (row: Row, error: unknown) => Row | undefined,
): Promise<{ results: Result[]; refused: Array<{ row: Row; error: unknown }> }> {
  const attempt = async (batch: Row[]) => {
    try {
      return {
        ok: true as const,
        results: await trx.transaction(savepoint => write(savepoint, batch)),
      };
    } catch (error) {
      if (!isRefusalOfData(error)) throw error;
      return { ok: false as const, error };
    }
  };
  const all = await attempt(rows);
  if (all.ok) return { results: all.results, refused: [] };
  const results: Result[] = [];
  const refused: Array<{ row: Row; error: unknown }> = [];
  for (const row of rows) {
    const alone = rows.length > 1 ? await attempt([row]) : all;
    if (alone.ok) {
      results.push(...alone.results);
      continue;
    }
    const replacement = standIn(row, alone.error);
    const instead = replacement && (await attempt([replacement]));
    if (instead?.ok) results.push(...instead.results);
    else refused.push({ row, error: alone.error });
  }
  return { results, refused };
}

/**
 * Entities a parent stopped emitting stay served until every child it emits now has been
 * processed and stitched: a location whose entities were all renamed in one push must not
 * serve neither version meanwhile. Nothing is deleted here; `removeSettledOrphans` does it.
 */
async function deferOrphanRemoval(
  trx: Knex.Transaction,
  parentRef: string,
  refs: string[],
): Promise<{ deleted: string[]; stitch: string[] }> {
  for (const chunk of chunks(refs, 1000)) {
    await trx('catalog_orphan_removals')
      .insert(chunk.map(ref => ({ entity_ref: ref, parent_ref: parentRef })))
      .onConflict('entity_ref')
      .merge({ parent_ref: parentRef, requested_at: trx.fn.now() });
  }
  return { deleted: [], stitch: [] };
}

/**
 * Removes the orphans whose parent's tree has settled: nothing below the parent (its children,
 * theirs, …) is due for processing, being processed, or waiting to be stitched. The whole tree,
 * as a location that is replaced by another one with other entities serves them a level down.
 * Whatever is referenced again meanwhile (the rename was undone, another location took it)
 * stays. Returns what was deleted and the peers to stitch.
 */
export async function removeSettledOrphans(
  trx: Knex.Transaction,
): Promise<{ deleted: string[]; stitch: string[] }> {
  const parents = (await trx('catalog_orphan_removals').distinct('parent_ref')) as Array<{
    parent_ref: string;
  }>;
  const settled: string[] = [];
  for (const { parent_ref: parentRef } of parents) {
    const busy = (await trx.raw(
      `with recursive tree(ref, depth) as (
         select target_entity_ref, 1 from catalog_refresh_references where source_entity_ref = ?
         union
         select r.target_entity_ref, tree.depth + 1
           from catalog_refresh_references r join tree on r.source_entity_ref = tree.ref
          where tree.depth < 32)
       select exists(select 1 from tree join catalog_refresh_state s on s.entity_ref = tree.ref
                      where s.next_update_at <= now() or s.lease_owner is not null)
           or exists(select 1 from tree join catalog_stitch_queue q on q.entity_ref = tree.ref) as busy`,
      [parentRef],
    )) as { rows: Array<{ busy: boolean }> };
    if (!busy.rows[0]?.busy) settled.push(parentRef);
  }
  const refs: string[] = [];
  for (const chunk of chunks(settled, 1000)) {
    const rows = (await trx('catalog_orphan_removals')
      .whereIn('parent_ref', chunk)
      .delete()
      .returning('entity_ref')) as Array<{ entity_ref: string }>;
    refs.push(...rows.map(row => row.entity_ref));
  }
  const result = await handleUnreferenced(trx, refs, { orphanStrategy: 'delete' });
  await enqueueStitch(trx, result.stitch, 1);
  return result;
}

/**
 * Entities that lost a reference: those nothing references any more are orphans. With the
 * `delete` strategy they go (with everything only they referenced); with `keep` they stay and are
 * re-stitched to carry `backstage.io/orphan: "true"`.
 */
export async function handleUnreferenced(
  trx: Knex.Transaction,
  refs: string[],
  options: { orphanStrategy: 'delete' | 'keep' },
): Promise<{ deleted: string[]; stitch: string[] }> {
  if (refs.length === 0) return { deleted: [], stitch: [] };
  const stillReferenced = new Set<string>();
  for (const chunk of chunks(refs, 2000)) {
    const rows = (await trx('catalog_refresh_references')
      .whereIn('target_entity_ref', chunk)
      .distinct('target_entity_ref')) as Array<{
      target_entity_ref: string;
    }>;
    rows.forEach(row => stillReferenced.add(row.target_entity_ref));
  }
  const orphans = refs.filter(ref => !stillReferenced.has(ref));
  if (options.orphanStrategy === 'keep') {
    return { deleted: [], stitch: orphans };
  }
  return deleteEntitiesWithDescendants(trx, orphans);
}

/**
 * Deletes entities and, recursively, every descendant no other parent references. Their relation
 * peers are returned for re-stitching; a location that lost a conflict for one of them is asked to
 * read again, so it can take the entity over.
 */
export async function deleteEntitiesWithDescendants(
  trx: Knex.Transaction,
  refs: string[],
): Promise<{ deleted: string[]; stitch: string[] }> {
  const toDelete = new Set<string>();
  let frontier = [...new Set(refs)];
  while (frontier.length > 0) {
    frontier.forEach(ref => toDelete.add(ref));
    const next: string[] = [];
    for (const chunk of chunks(frontier, 2000)) {
      const children = (await trx('catalog_refresh_references')
        .whereIn('source_entity_ref', chunk)
        .delete()
        .returning('target_entity_ref')) as Array<{ target_entity_ref: string }>;
      const candidates = [...new Set(children.map(row => row.target_entity_ref))].filter(
        ref => !toDelete.has(ref),
      );
      for (const candidateChunk of chunks(candidates, 2000)) {
        const referenced = new Set(
          (
            (await trx('catalog_refresh_references')
              .whereIn('target_entity_ref', candidateChunk)
              .distinct('target_entity_ref')) as Array<{
              target_entity_ref: string;
            }>
          ).map(row => row.target_entity_ref),
        );
        next.push(...candidateChunk.filter(ref => !referenced.has(ref)));
      }
    }
    frontier = next;
  }
  const deleted = [...toDelete];
  const stitch = new Set<string>();
  for (const chunk of chunks(deleted, 2000)) {
    const ids = trx('catalog_refresh_state').whereIn('entity_ref', chunk).select('entity_id');
    const peers = (await trx('catalog_relations')
      .whereIn('originating_entity_id', ids)
      .select('source_entity_ref', 'target_entity_ref')) as Array<{
      source_entity_ref: string;
      target_entity_ref: string;
    }>;
    peers.forEach(peer => {
      stitch.add(peer.source_entity_ref);
      stitch.add(peer.target_entity_ref);
    });
    await trx('catalog_refresh_references').whereIn('target_entity_ref', chunk).delete();
    await trx('catalog_search').whereIn('entity_id', ids).delete();
    await trx('catalog_refresh_state').whereIn('entity_ref', chunk).delete();
    await trx('catalog_stitch_queue').whereIn('entity_ref', chunk).delete();
    await trx('catalog_orphan_removals').whereIn('entity_ref', chunk).delete();
    const lost = (await trx('catalog_conflicts')
      .whereIn('entity_ref', chunk)
      .delete()
      .returning('loser_parent_ref')) as Array<{
      loser_parent_ref: string;
    }>;
    if (lost.length > 0) {
      await trx('catalog_refresh_state')
        .whereIn('entity_ref', [...new Set(lost.map(row => row.loser_parent_ref))])
        .update({ next_update_at: trx.fn.now() });
    }
  }
  deleted.forEach(ref => stitch.delete(ref));
  return { deleted, stitch: [...stitch] };
}

/** The ref of the entity with this uid, if any (`uid` must be a uuid: the column refuses other text). */
export async function entityRefByUid(knex: Knex, uid: string): Promise<string | undefined> {
  const row = (await knex('catalog_refresh_state')
    .where({ entity_id: uid })
    .first('entity_ref')) as { entity_ref: string } | undefined;
  return row?.entity_ref;
}

/**
 * Deletes one entity and what only it emitted; its parents read again soon, so an entity still in
 * a live location reappears.
 */
export async function deleteEntityRereadingParents(knex: Knex, entityRef: string): Promise<void> {
  await knex.transaction(async trx => {
    const parents = (await trx('catalog_refresh_references')
      .where({ target_entity_ref: entityRef })
      .whereNotNull('source_entity_ref')
      .pluck('source_entity_ref')) as string[];
    if (parents.length > 0) {
      await trx('catalog_refresh_state')
        .whereIn('entity_ref', parents)
        .update({ next_update_at: trx.fn.now(), result_hash: null });
    }
    const result = await deleteEntitiesWithDescendants(trx, [entityRef]);
    await enqueueStitch(trx, result.stitch, 0);
  });
}

/** Puts these entities at the front of the processing queue and wakes the processors. */
export async function prioritizeEntities(knex: Knex, refs: string[]): Promise<void> {
  if (refs.length === 0) return;
  await knex('catalog_refresh_state')
    .whereIn('entity_ref', refs)
    .update({ priority: 0, next_update_at: knex.fn.now() });
  await knex.raw(`select pg_notify('catalog_process', '')`);
}

/** The kind (lower case) of each of these entities that has a refresh state. */
export async function kindsOf(knex: Knex, refs: string[]): Promise<EntityKindRow[]> {
  return (await knex('catalog_refresh_state')
    .whereIn('entity_ref', refs)
    .select('entity_ref', 'kind')) as EntityKindRow[];
}

/** Every Location entity with what it reads from: its location key and unprocessed form. */
export async function locationEntities(knex: Knex): Promise<LocationEntityRow[]> {
  return (await knex('catalog_refresh_state')
    .where({ kind: 'location' })
    .select('entity_ref', 'location_key', 'unprocessed_entity')) as LocationEntityRow[];
}

/** The entity as it was read (before processing), if it has a refresh state. */
export async function unprocessedEntityOf(knex: Knex, entityRef: string): Promise<unknown> {
  const row = (await knex('catalog_refresh_state')
    .where({ entity_ref: entityRef })
    .first('unprocessed_entity')) as { unprocessed_entity: unknown } | undefined;
  return row?.unprocessed_entity;
}

/** Where one entity came from and when it was read, processed and last served anew. */
export async function processingStateOf(
  knex: Knex,
  entityRef: string,
): Promise<ProcessingStateRow | undefined> {
  return (await knex('catalog_refresh_state as r')
    .leftJoin('catalog_final_entities as f', 'f.entity_id', 'r.entity_id')
    .where('r.entity_ref', entityRef)
    .first(
      'r.unprocessed_entity',
      'r.source',
      'r.processed_at',
      'r.attempted_at',
      'r.next_update_at',
      'f.updated_at',
    )) as ProcessingStateRow | undefined;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size)
    out.push(items.slice(index, index + size));
  return out;
}

/** How far up the parent references are followed: deeper means a cycle or a runaway tree. */
const maxAncestryDepth = 100;

export interface Ancestor {
  ref: string;
  /** 0 for the entity itself, 1 for a parent, 2 for a grandparent… (the shortest way up). */
  depth: number;
}

/**
 * The one walk up an entity's parent references (`catalog_refresh_references`): the locations
 * and entities that emitted it, theirs, and so on, each once, nearest first. Cycle detection,
 * refresh (every location above an entity) and `/entities/by-name/…/ancestry` all use it.
 */
export async function ancestorsOf(
  knex: Knex | Knex.Transaction,
  entityRef: string,
  options: { includeSelf: boolean },
): Promise<Ancestor[]> {
  const result = (await knex.raw(
    `with recursive up(ref, depth) as (
       select ?::text, 0
       union
       select r.source_entity_ref, up.depth + 1 from catalog_refresh_references r
         join up on r.target_entity_ref = up.ref
        where r.source_entity_ref is not null and up.depth < ?)
     select ref, min(depth) as depth from up group by ref order by min(depth), ref`,
    [entityRef, maxAncestryDepth],
  )) as { rows: Array<{ ref: string; depth: number | string }> };
  return result.rows
    .map(row => ({ ref: row.ref, depth: Number(row.depth) }))
    .filter(row => options.includeSelf || row.depth > 0);
}

// What stitching reads of the refresh state: what an entity is assembled from.

/** The refresh states of these refs (a ref without one is not returned). */
export function readStitchSources(
  trx: Knex.Transaction,
  refs: readonly string[],
): Promise<StitchSourceRow[]> {
  return trx('catalog_refresh_state')
    .whereIn('entity_ref', refs)
    .select('entity_id', 'entity_ref', 'processed_entity', 'errors', 'location_key') as Promise<
    StitchSourceRow[]
  >;
}

/** The conflicts recorded for these refs: other locations that also define them. */
export function readConflictsOf(
  trx: Knex.Transaction,
  refs: readonly string[],
): Promise<ConflictRow[]> {
  return trx('catalog_conflicts').whereIn('entity_ref', refs).select('*') as Promise<ConflictRow[]>;
}

/** Those of these refs that something (a location or another entity) still emits. */
export async function readReferencedRefs(
  trx: Knex.Transaction,
  refs: readonly string[],
): Promise<Set<string>> {
  const rows = (await trx('catalog_refresh_references')
    .whereIn('target_entity_ref', refs)
    .distinct('target_entity_ref')) as Array<{ target_entity_ref: string }>;
  return new Set(rows.map(row => row.target_entity_ref));
}

// What the engine asks and changes between its rounds.

/** Whether orphans wait for their parent's tree to settle (cheap: checked after every round). */
export async function orphanRemovalsPending(knex: Knex): Promise<boolean> {
  const pending = await knex('catalog_orphan_removals').first('entity_ref');
  return pending !== undefined;
}

/** Gives back the leases this replica holds on these entities, so that any replica takes them. */
export async function releaseProcessingLeases(
  knex: Knex,
  entityIds: readonly string[],
  owner: string,
): Promise<void> {
  await knex('catalog_refresh_state')
    .whereIn('entity_id', entityIds)
    .where({ lease_owner: owner })
    .update({ lease_owner: null, lease_expires_at: null });
}

/** Makes every entity that failed due now (a plugin providing its kind may be installed now). */
export async function makeFailedEntitiesDue(knex: Knex): Promise<void> {
  await knex('catalog_refresh_state')
    .whereRaw(`errors <> '[]'::jsonb`)
    .where('next_update_at', '>', knex.fn.now())
    .update({ next_update_at: knex.fn.now() });
}

/** Nothing due, nothing leased, nothing waiting to be stitched or removed — on any replica. */
export async function pipelineIsIdle(knex: Knex): Promise<boolean> {
  const busy = (await knex.raw(
    `select exists(select 1 from catalog_refresh_state where next_update_at <= now())
              or exists(select 1 from catalog_refresh_state where lease_owner is not null) as processing,
            exists(select 1 from catalog_stitch_queue)
              or exists(select 1 from catalog_orphan_removals) as stitching`,
  )) as { rows: Array<{ processing: boolean; stitching: boolean }> };
  const row = busy.rows[0];
  return !row?.processing && !row?.stitching;
}
