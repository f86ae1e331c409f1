import type { Knex } from 'knex';
import semver from 'semver';
import type { Release } from '../common';

interface ReleaseRow {
  entity_ref: string;
  version: string;
  commit: string | null;
  date: Date | null;
  url: string | null;
  source: Release['source'];
  seen_at: Date;
}

/** A release reported through the API; a tag of the same version keeps its commit. */
export async function recordReportedRelease(
  knex: Knex,
  release: { entityRef: string; version: string; commit?: string; date?: string; url?: string },
): Promise<Release> {
  const row = {
    entity_ref: release.entityRef,
    version: release.version,
    commit: release.commit ?? null,
    date: release.date ? new Date(release.date) : new Date(),
    url: release.url ?? null,
    source: 'reported',
    seen_at: new Date(),
  };
  const [stored] = (await knex('versions_releases')
    .insert(row)
    .onConflict(['entity_ref', 'version'])
    .merge({
      commit: knex.raw('coalesce(versions_releases.commit, excluded.commit)'),
      date: knex.raw('excluded.date'),
      url: knex.raw('coalesce(excluded.url, versions_releases.url)'),
    })
    .returning('*')) as ReleaseRow[];
  return toRelease(stored!);
}

/**
 * Makes the tag releases of an entity exactly `tags`: tags that disappeared go, reported
 * releases stay.
 */
export async function replaceTagReleases(
  trx: Knex.Transaction,
  entityRef: string,
  tags: ReadonlyArray<{ version: string; commit: string }>,
): Promise<void> {
  await trx('versions_releases')
    .where({ entity_ref: entityRef, source: 'tag' })
    .whereNotIn(
      'version',
      tags.map(tag => tag.version),
    )
    .delete();
  if (tags.length === 0) return;
  const now = new Date();
  await trx('versions_releases')
    .insert(
      tags.map(tag => ({
        entity_ref: entityRef,
        version: tag.version,
        commit: tag.commit,
        date: null,
        url: null,
        source: 'tag',
        seen_at: now,
      })),
    )
    .onConflict(['entity_ref', 'version'])
    .merge({ commit: trx.raw('excluded.commit') });
}

/** Releases of an entity, newest first: semver order, then opaque versions by date. */
export async function listReleases(knex: Knex, entityRef: string): Promise<Release[]> {
  const rows = (await knex('versions_releases').where({ entity_ref: entityRef })) as ReleaseRow[];
  return rows.map(toRelease).sort(compareNewestFirst);
}

/** Releases of many entities in one query, each list newest first (the overview). */
export async function listReleasesByEntity(
  knex: Knex,
  entityRefs: readonly string[],
): Promise<Map<string, Release[]>> {
  const byEntity = new Map<string, Release[]>();
  if (entityRefs.length === 0) return byEntity;
  const rows = (await knex('versions_releases').whereIn('entity_ref', entityRefs)) as ReleaseRow[];
  for (const release of rows.map(toRelease)) {
    const list = byEntity.get(release.entityRef) ?? [];
    list.push(release);
    byEntity.set(release.entityRef, list);
  }
  for (const list of byEntity.values()) list.sort(compareNewestFirst);
  return byEntity;
}

export function compareNewestFirst(a: Release, b: Release): number {
  const left = semver.valid(a.version);
  const right = semver.valid(b.version);
  if (left && right) return semver.rcompare(left, right);
  if (left) return -1;
  if (right) return 1;
  return (b.date ?? '').localeCompare(a.date ?? '');
}

function toRelease(row: ReleaseRow): Release {
  return {
    entityRef: row.entity_ref,
    version: row.version,
    commit: row.commit,
    date: row.date ? new Date(row.date).toISOString() : null,
    url: row.url,
    source: row.source,
  };
}
