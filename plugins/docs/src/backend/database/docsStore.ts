import type { Knex } from 'knex';
import { countLeasesByOwner } from '@callboard/plugin-api/backend';
import type { DocsNavNode, DocsStatus } from '../../common';
import type { Heading, Section } from '../rendering/headings';

/** The site JSON of a served build. */
export interface StoredSite {
  title: string;
  description?: string;
  nav: DocsNavNode[];
}

export interface SiteRow {
  entity_ref: string;
  kind: string | null;
  namespace: string | null;
  name: string | null;
  entity_title: string | null;
  owner: string | null;
  docs_entity_ref: string | null;
  status: DocsStatus;
  source: string | null;
  site: StoredSite | null;
  problems: string[];
  commit: string | null;
  committed_at: Date | string | null;
  built_at: Date | string | null;
  attempted_source: string | null;
  attempted_commit: string | null;
  build_requested_at: Date | string | null;
  build_forced: boolean;
  build_requests: number;
  lease_owner: string | null;
  lease_expires_at: Date | string | null;
}

export interface PageRow {
  entity_ref: string;
  url_path: string;
  path: string;
  title: string;
  html: string;
  headings: Heading[];
  sections: Section[];
  edit_url: string | null;
  position: number | null;
}

export interface FileRow {
  path: string;
  bytes: Buffer;
  content_type: string;
}

/** What the entity says about itself, kept on its row for the sites list. */
export interface EntityFacts {
  kind: string;
  namespace: string;
  name: string;
  entity_title: string;
  owner: string | null;
  docs_entity_ref: string | null;
}

/** A build to store: replaces the served site, its pages and its files. */
export interface StoredBuild {
  source: string;
  commit: string;
  site: StoredSite;
  problems: string[];
  pages: Array<Omit<PageRow, 'entity_ref'>>;
  files: FileRow[];
}

const sites = 'docs_sites';
const pages = 'docs_pages';
const files = 'docs_files';

/** PGlite answers jsonb as parsed values, pg as well; text JSON only from older drivers. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function siteRow(row: Record<string, unknown>): SiteRow {
  return {
    ...(row as unknown as SiteRow),
    site: row.site == null ? null : json<StoredSite>(row.site),
    problems: json<string[]>(row.problems ?? []),
    build_requests: Number(row.build_requests ?? 0),
  };
}

export function createDocsStore(options: { knex: Knex; readKnex: Knex; instanceId: string }) {
  const { knex, readKnex, instanceId } = options;

  /** Asks for a check (and a build when the commit moved) of these entities' sites. */
  async function requestBuilds(
    db: Knex | Knex.Transaction,
    entityRefs: readonly string[],
    { forced }: { forced: boolean },
  ): Promise<void> {
    const unique = [...new Set(entityRefs)];
    // One statement for a batch of the change feed (a row may be named once per statement).
    for (let start = 0; start < unique.length; start += 500) {
      await db(sites)
        .insert(
          unique.slice(start, start + 500).map(entityRef => ({
            entity_ref: entityRef,
            build_requested_at: db.fn.now(),
            build_forced: forced,
            build_requests: 1,
          })),
        )
        .onConflict('entity_ref')
        .merge({
          build_requested_at: db.raw('coalesce(docs_sites.build_requested_at, now())'),
          build_forced: forced ? true : db.raw('docs_sites.build_forced'),
          build_requests: db.raw('docs_sites.build_requests + 1'),
        });
    }
  }

  /**
   * Updates a claimed row and gives the lease back; the request is cleared unless another
   * came in meanwhile (then the site is checked again). Nothing happens when the lease was
   * lost to another replica.
   */
  async function finish(
    db: Knex | Knex.Transaction,
    claimed: SiteRow,
    patch: Partial<Omit<SiteRow, 'site' | 'problems'>> & {
      site?: StoredSite | null;
      problems?: string[];
    },
  ): Promise<boolean> {
    const { site, problems, ...rest } = patch;
    const updated = await db(sites)
      .where({ entity_ref: claimed.entity_ref, lease_owner: instanceId })
      .update({
        ...rest,
        ...(site !== undefined ? { site: site === null ? null : JSON.stringify(site) } : {}),
        ...(problems !== undefined ? { problems: JSON.stringify(problems) } : {}),
        build_requested_at: db.raw(
          'case when build_requests = ? then null else build_requested_at end',
          [claimed.build_requests],
        ),
        build_forced: db.raw('case when build_requests = ? then false else build_forced end', [
          claimed.build_requests,
        ]),
        lease_owner: null,
        lease_expires_at: null,
      });
    return updated > 0;
  }

  return {
    knex,
    requestBuilds,

    /** Asks for a check of a site nobody asked for yet; a known site is left as it is. */
    async requestIfUnknown(entityRef: string): Promise<void> {
      await knex(sites)
        .insert({ entity_ref: entityRef, build_requested_at: knex.fn.now(), build_requests: 1 })
        .onConflict('entity_ref')
        .ignore();
    },

    /** Every known site checked again (the change feed lost changes, or a periodic freshness check). */
    async requestAll(db: Knex | Knex.Transaction): Promise<void> {
      await db(sites).update({
        build_requested_at: db.raw('coalesce(build_requested_at, now())'),
        build_requests: db.raw('build_requests + 1'),
      });
    },

    /**
     * Takes the next requested site, forced ones first, that no live replica holds: the lease
     * makes this replica its only builder until it finishes or the lease runs out.
     */
    async claimNext(leaseMs: number): Promise<SiteRow | undefined> {
      const result = await knex.raw<{ rows: Array<Record<string, unknown>> }>(
        `update docs_sites
            set lease_owner = ?, lease_expires_at = now() + ?::double precision * interval '1 millisecond'
          where entity_ref = (
            select entity_ref from docs_sites
             where build_requested_at is not null
               and (lease_owner is null or lease_expires_at < now())
             order by build_forced desc, build_requested_at asc
             limit 1
             for update skip locked)
          returning *`,
        [instanceId, leaseMs],
      );
      const row = result.rows[0];
      return row ? siteRow(row) : undefined;
    },

    finish,

    /** Marks a claimed site as being built (a site never built shows its progress). */
    async markBuilding(claimed: SiteRow): Promise<void> {
      await knex(sites)
        .where({ entity_ref: claimed.entity_ref, lease_owner: instanceId })
        .whereIn('status', ['none', 'pending', 'failed'])
        .update({ status: 'building' });
    },

    async setFacts(entityRef: string, facts: EntityFacts): Promise<void> {
      await knex(sites).where({ entity_ref: entityRef }).update(facts);
    },

    /**
     * Stores a build in one transaction: the site, its pages and files replace the served ones,
     * and the lease is given back. Nothing is written when the lease was lost meanwhile.
     */
    async storeBuild(claimed: SiteRow, build: StoredBuild): Promise<boolean> {
      return knex.transaction(async trx => {
        const owned = await trx(sites)
          .where({ entity_ref: claimed.entity_ref, lease_owner: instanceId })
          .forUpdate()
          .first('entity_ref');
        if (!owned) return false;
        await trx(pages).where({ entity_ref: claimed.entity_ref }).delete();
        await trx(files).where({ entity_ref: claimed.entity_ref }).delete();
        for (let start = 0; start < build.pages.length; start += 200) {
          await trx(pages).insert(
            build.pages.slice(start, start + 200).map(page => ({
              ...page,
              entity_ref: claimed.entity_ref,
              headings: JSON.stringify(page.headings),
              sections: JSON.stringify(page.sections),
            })),
          );
        }
        for (const file of build.files) {
          await trx(files).insert({ ...file, entity_ref: claimed.entity_ref });
        }
        return finish(trx, claimed, {
          status: 'ready',
          source: build.source,
          commit: build.commit,
          attempted_source: build.source,
          attempted_commit: build.commit,
          site: build.site,
          problems: build.problems,
          built_at: new Date(),
        });
      });
    },

    /** An entity without docs (or gone): its row, pages and files go. */
    async deleteSite(claimed: SiteRow): Promise<void> {
      await knex.transaction(async trx => {
        const owned = await trx(sites)
          .where({ entity_ref: claimed.entity_ref, lease_owner: instanceId })
          .forUpdate()
          .first('build_requests');
        if (!owned) return;
        if (Number(owned.build_requests) !== claimed.build_requests) {
          // Asked again meanwhile: look again rather than forget the request.
          await finish(trx, claimed, {});
          return;
        }
        await trx(pages).where({ entity_ref: claimed.entity_ref }).delete();
        await trx(files).where({ entity_ref: claimed.entity_ref }).delete();
        await trx(sites).where({ entity_ref: claimed.entity_ref }).delete();
      });
    },

    async getSite(entityRef: string): Promise<SiteRow | undefined> {
      const row = (await readKnex(sites).where({ entity_ref: entityRef }).first()) as
        Record<string, unknown> | undefined;
      return row ? siteRow(row) : undefined;
    },

    async listSites(filter: { kind?: string; owner?: string; q?: string }): Promise<SiteRow[]> {
      const query = readKnex(sites)
        .whereNot({ status: 'none' })
        .whereNull('docs_entity_ref')
        .orderBy('entity_ref');
      if (filter.kind) query.whereRaw('lower(kind) = ?', [filter.kind.toLowerCase()]);
      if (filter.owner) query.whereRaw('lower(owner) = ?', [filter.owner.toLowerCase()]);
      if (filter.q) {
        const like = `%${filter.q.toLowerCase().replace(/[\\%_]/g, match => `\\${match}`)}%`;
        query.where(inner => {
          void inner
            .whereRaw('lower(entity_ref) like ?', [like])
            .orWhereRaw('lower(entity_title) like ?', [like])
            .orWhereRaw("lower(site->>'title') like ?", [like]);
        });
      }
      return ((await query) as Array<Record<string, unknown>>).map(siteRow);
    },

    async getPage(entityRef: string, urlPath: string): Promise<PageRow | undefined> {
      const row = (await readKnex(pages)
        .where({ entity_ref: entityRef, url_path: urlPath })
        .first()) as Record<string, unknown> | undefined;
      if (!row) return undefined;
      return {
        ...(row as unknown as PageRow),
        headings: json<Heading[]>(row.headings),
        sections: json<Section[]>(row.sections),
      };
    },

    /** The pages next to a position in the nav's reading order. */
    async neighbours(
      entityRef: string,
      position: number,
    ): Promise<{ previous?: PageRow; next?: PageRow }> {
      const rows = (await readKnex(pages)
        .where({ entity_ref: entityRef })
        .whereIn('position', [position - 1, position + 1])
        .select('url_path', 'title', 'position')) as PageRow[];
      return {
        previous: rows.find(row => row.position === position - 1),
        next: rows.find(row => row.position === position + 1),
      };
    },

    async getFile(entityRef: string, path: string): Promise<FileRow | undefined> {
      return (await readKnex(files)
        .where({ entity_ref: entityRef, path })
        .first('path', 'bytes', 'content_type')) as FileRow | undefined;
    },

    /** Pages of every served site after a (entity ref, url path) cursor, in that order. */
    async pagesAfter(
      after: { entityRef: string; urlPath: string } | undefined,
      limit: number,
    ): Promise<
      Array<
        PageRow & {
          site_title: string | null;
          kind: string | null;
          namespace: string | null;
          name: string | null;
        }
      >
    > {
      const query = readKnex(`${pages} as p`)
        .join(`${sites} as s`, 's.entity_ref', 'p.entity_ref')
        .select(
          'p.entity_ref',
          'p.url_path',
          'p.title',
          'p.sections',
          readKnex.raw("s.site->>'title' as site_title"),
          's.kind',
          's.namespace',
          's.name',
        )
        .orderBy([
          { column: 'p.entity_ref', order: 'asc' },
          { column: 'p.url_path', order: 'asc' },
        ])
        .limit(limit);
      if (after) {
        query.whereRaw('(p.entity_ref, p.url_path) > (?, ?)', [after.entityRef, after.urlPath]);
      }
      const rows = (await query) as Array<Record<string, unknown>>;
      return rows.map(row => ({
        ...(row as unknown as PageRow & {
          site_title: string | null;
          kind: string | null;
          namespace: string | null;
          name: string | null;
        }),
        sections: json<Section[]>(row.sections),
      }));
    },

    async leasesByOwner(): Promise<ReadonlyMap<string, number>> {
      return countLeasesByOwner(readKnex(sites));
    },

    async releaseOwnedBy(owners: readonly string[]): Promise<number> {
      if (owners.length === 0) return 0;
      return knex(sites)
        .whereIn('lease_owner', [...owners])
        .update({ lease_owner: null, lease_expires_at: null });
    },
  };
}

export type DocsStore = ReturnType<typeof createDocsStore>;
