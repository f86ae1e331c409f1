import type { Entity } from '@callboard/catalog-model';
import type { LocationSpec, RepositoryReader } from '@callboard/plugin-api/backend';
import type { Logger } from 'pino';
import type { DocsNavNode } from '../../common';
import type { DocsStore, FileRow, SiteRow, StoredBuild } from '../database/docsStore';
import type { NavNode } from '../site/buildNav';
import type { BuiltSite } from '../site/buildSite';
import { pageUrlPath, titleFromFileName } from '../site/sitePaths';
import { docsSourceOf, formatSource } from '../source/docsSource';
import { contentTypeOf } from './contentTypes';
import { buildInWorker, type WorkerLimits } from './buildInWorker';
import { siteAddresses } from './siteAddresses';

export interface SiteBuilderOptions {
  store: DocsStore;
  catalog: { getEntityByRef(ref: string): Promise<Entity | undefined> };
  reader: Pick<RepositoryReader, 'resolveTarget' | 'resolveCommit' | 'readTree'>;
  logger: Logger;
  /** How long a claimed site stays this replica's; longer than a build can take. */
  leaseMs: number;
  /** A docs folder holding more bytes than this is refused before it is read. */
  maxBytes: number;
  worker: WorkerLimits;
  /** Sites built side by side on this replica. */
  concurrency: number;
  /** Idle poll, for requests whose NOTIFY was missed. */
  pollIntervalMs: number;
}

export interface SiteBuilder {
  /** Checks (and builds when needed) one requested site; false when none was waiting. */
  runOnce(): Promise<boolean>;
  /** Wakes the loops: a request was just made. */
  wake(): void;
  start(): void;
  stop(): Promise<void>;
}

const toApiNav = (nodes: readonly NavNode[]): DocsNavNode[] =>
  nodes.map(node => ({
    title: node.title,
    ...(node.path !== undefined ? { urlPath: pageUrlPath(node.path) } : {}),
    ...(node.url !== undefined ? { url: node.url } : {}),
    ...(node.children ? { children: toApiNav(node.children) } : {}),
  }));

/** The pages in the nav's reading order (each once), as MkDocs orders previous and next. */
function readingOrder(nodes: readonly NavNode[], into: string[] = []): string[] {
  for (const node of nodes) {
    if (node.path !== undefined && !into.includes(node.path)) into.push(node.path);
    if (node.children) readingOrder(node.children, into);
  }
  return into;
}

function entityFacts(entity: Entity) {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  return {
    kind: entity.kind.toLowerCase(),
    namespace: (entity.metadata.namespace ?? 'default').toLowerCase(),
    name: entity.metadata.name.toLowerCase(),
    entity_title: entity.metadata.title ?? entity.metadata.name,
    owner: typeof owner === 'string' ? owner : null,
  };
}

/** A reading failure in words an author can act on, without the server's own paths. */
function describeReadError(error: unknown, location: LocationSpec): string {
  const name = error instanceof Error ? error.name : '';
  const where = location.type === 'url' ? location.target : 'the configured folder';
  if (name === 'NotFoundError') return `the docs folder was not found at ${where}`;
  if (name === 'NotAllowedError') return `reading ${where} is not allowed`;
  if (name === 'InputError' && location.type === 'url' && error instanceof Error) {
    return `${where} cannot be read: ${error.message}`;
  }
  if (name === 'InputError') return `the docs at ${where} cannot be read (too large or malformed)`;
  return `reading ${where} failed`;
}

/**
 * Builds docs sites from the queue in `docs_sites`: each requested site is leased, its entity
 * looked up, its source resolved and its commit asked for; only a new source or commit is read
 * (one snapshot) and built in a worker thread, and the result is stored in one transaction. A
 * failure keeps the last good build served, with the failure among its problems.
 */
export function createSiteBuilder(options: SiteBuilderOptions): SiteBuilder {
  const { store, catalog, reader, logger } = options;
  let running = false;
  const loops: Array<Promise<void>> = [];
  const sleepers = new Set<() => void>();

  async function fail(
    claimed: SiteRow,
    source: string | null,
    commit: string | null,
    problems: string[],
  ) {
    const hasGoodBuild = claimed.commit !== null && claimed.site !== null;
    await store.finish(store.knex, claimed, {
      status: hasGoodBuild ? 'ready' : 'failed',
      attempted_source: source,
      attempted_commit: commit,
      problems: hasGoodBuild
        ? [
            `the last build${commit ? ` (commit ${commit.slice(0, 12)})` : ''} failed; the site built from ${claimed.commit?.slice(0, 12)} is still shown`,
            ...problems,
          ]
        : problems,
    });
  }

  async function check(claimed: SiteRow): Promise<void> {
    const entity = await catalog.getEntityByRef(claimed.entity_ref);
    if (!entity) return store.deleteSite(claimed);
    const source = docsSourceOf(entity, reader);
    if (source.kind === 'none') return store.deleteSite(claimed);
    const facts = { ...entityFacts(entity), docs_entity_ref: null as string | null };
    if (source.kind === 'entity' && source.entityRef === claimed.entity_ref) {
      await store.setFacts(claimed.entity_ref, facts);
      return fail(claimed, null, null, [
        'backstage.io/techdocs-entity names this entity itself; it shows no docs',
      ]);
    }
    if (source.kind === 'entity') {
      await store.setFacts(claimed.entity_ref, { ...facts, docs_entity_ref: source.entityRef });
      // Only a site never heard of is asked for: two entities naming each other never loop.
      await store.requestIfUnknown(source.entityRef);
      await store.finish(store.knex, claimed, { status: 'ready', problems: [] });
      return;
    }
    await store.setFacts(claimed.entity_ref, facts);
    if (source.kind === 'problem') {
      return fail(claimed, null, null, [source.problem]);
    }
    const sourceText = formatSource(source.location);
    let commit: string;
    try {
      commit = await reader.resolveCommit(source.location, { fresh: claimed.build_forced });
    } catch (error) {
      logger.warn({ err: error, entityRef: claimed.entity_ref }, 'resolving a docs commit failed');
      return fail(claimed, sourceText, null, [describeReadError(error, source.location)]);
    }
    if (claimed.attempted_source === sourceText && claimed.attempted_commit === commit) {
      // Unchanged: whatever was built (or failed) from this commit stands.
      await store.finish(store.knex, claimed, {});
      return;
    }
    await store.markBuilding(claimed);
    let files: Map<string, Buffer>;
    try {
      // One snapshot at the commit asked for (a config folder has no refs: its version is its content).
      const tree = await reader.readTree(source.location, {
        ...(source.location.type === 'url' ? { ref: commit } : {}),
        maxBytes: options.maxBytes,
      });
      files = new Map(tree.files.map(file => [file.path, file.content]));
    } catch (error) {
      logger.warn({ err: error, entityRef: claimed.entity_ref }, 'reading a docs folder failed');
      return fail(claimed, sourceText, commit, [describeReadError(error, source.location)]);
    }
    const addresses = siteAddresses(facts);
    let built: BuiltSite;
    try {
      built = await buildInWorker(
        { files, siteBase: addresses.siteBase, filesBase: addresses.filesBase },
        options.worker,
      );
    } catch (error) {
      return fail(claimed, sourceText, commit, [
        error instanceof Error ? error.message : 'the build failed',
      ]);
    }
    if (built.fatal) return fail(claimed, sourceText, commit, built.problems);
    await store.storeBuild(claimed, toStoredBuild(built, files, sourceText, commit, entity));
  }

  async function runOnce(): Promise<boolean> {
    const claimed = await store.claimNext(options.leaseMs);
    if (!claimed) return false;
    try {
      await check(claimed);
    } catch (error) {
      logger.error({ err: error, entityRef: claimed.entity_ref }, 'checking a docs site failed');
      // Give the lease back so that the site is tried again, by this replica or another.
      await store.finish(store.knex, claimed, {}).catch(() => undefined);
      throw error;
    }
    return true;
  }

  async function loop(): Promise<void> {
    while (running) {
      let worked: boolean;
      try {
        worked = await runOnce();
      } catch {
        worked = false;
      }
      if (worked || !running) continue;
      await new Promise<void>(resolve => {
        const wakeUp = () => {
          clearTimeout(timer);
          sleepers.delete(wakeUp);
          resolve();
        };
        const timer = setTimeout(wakeUp, options.pollIntervalMs);
        sleepers.add(wakeUp);
      });
    }
  }

  return {
    runOnce,
    wake() {
      for (const wakeUp of [...sleepers]) wakeUp();
    },
    start() {
      if (running) return;
      running = true;
      for (let index = 0; index < options.concurrency; index += 1) loops.push(loop());
    },
    async stop() {
      running = false;
      for (const wakeUp of [...sleepers]) wakeUp();
      await Promise.all(loops.splice(0));
    },
  };
}

function toStoredBuild(
  built: BuiltSite,
  files: ReadonlyMap<string, Buffer>,
  source: string,
  commit: string,
  entity: Entity,
): StoredBuild {
  const order = readingOrder(built.nav);
  const position = new Map(order.map((path, index) => [path, index]));
  const prefix = built.docsDir ? `${built.docsDir}/` : '';
  const assetFiles: FileRow[] = built.assets.flatMap(path => {
    const bytes = files.get(`${prefix}${path}`);
    return bytes ? [{ path, bytes, content_type: contentTypeOf(path) }] : [];
  });
  return {
    source,
    commit,
    site: {
      title:
        built.siteName !== 'Docs'
          ? built.siteName
          : (entity.metadata.title ?? entity.metadata.name),
      ...(built.siteDescription ? { description: built.siteDescription } : {}),
      nav: toApiNav(built.nav),
    },
    problems: built.problems,
    pages: built.pages.map(page => ({
      url_path: page.urlPath,
      path: page.path,
      title: page.title || titleFromFileName(page.path),
      html: page.html,
      headings: page.headings,
      sections: page.sections,
      edit_url: page.editUrl ?? null,
      position: position.get(page.path) ?? null,
    })),
    files: assetFiles,
  };
}
