import type { Entity } from '@callboard/catalog-model';
import type { CatalogChange } from '@callboard/plugin-catalog/common';
import type { Knex } from 'knex';
import type { DocsSearchDocument } from '../common';
import { docsDocument, entityDocuments, factsOf, type IndexDocument } from './documents';

/** Where the docs plugin's page sections come from on a rebuild (wired by the backend later). */
export interface DocsSearchSource {
  documents(cursor?: string): Promise<{ items: DocsSearchDocument[]; nextCursor?: string }>;
}

/** The catalog as search needs it: entities by ref, and every entity for a rebuild. */
export interface SearchEntitySource {
  getEntitiesByRefs(refs: readonly string[]): Promise<Array<Entity | undefined>>;
}

const entityTypes = ['software-catalog', 'templates'] as const;

/** Writes documents with their weighted tsvector, replacing any with the same type and id. */
async function writeDocuments(
  db: Knex | Knex.Transaction,
  analyzer: string,
  documents: readonly IndexDocument[],
): Promise<void> {
  for (const doc of documents) {
    // Every value is a bound parameter; the analyzer comes from validated config.
    await db.raw(
      `insert into search_documents
         (type, id, entity_ref, title, text, location, kind, namespace, name, lifecycle, owner,
          spec_type, tags, extra, body, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::text[], ?::jsonb,
         setweight(to_tsvector(?::regconfig, ?), 'A') ||
         setweight(to_tsvector(?::regconfig, ?), 'B') ||
         setweight(to_tsvector(?::regconfig, ?), 'C'),
         now())
       on conflict (type, id) do update set
         entity_ref = excluded.entity_ref, title = excluded.title, text = excluded.text,
         location = excluded.location, kind = excluded.kind, namespace = excluded.namespace,
         name = excluded.name, lifecycle = excluded.lifecycle, owner = excluded.owner,
         spec_type = excluded.spec_type, tags = excluded.tags, extra = excluded.extra,
         body = excluded.body, updated_at = excluded.updated_at`,
      [
        doc.type,
        doc.id,
        doc.entityRef,
        doc.title,
        doc.text,
        doc.location,
        doc.kind ?? null,
        doc.namespace ?? null,
        doc.name ?? null,
        doc.lifecycle ?? null,
        doc.owner ?? null,
        doc.specType ?? null,
        doc.tags,
        JSON.stringify(doc.extra),
        analyzer,
        doc.title,
        analyzer,
        doc.secondary,
        analyzer,
        [doc.text, doc.kind, doc.specType, doc.lifecycle, doc.owner].filter(Boolean).join(' '),
      ],
    );
  }
}

export interface SearchIndexer {
  /** Queues the changed entities in the consumer's transaction; they are indexed on commit. */
  applyChanges(changes: readonly CatalogChange[], trx: Knex.Transaction): Promise<void>;
  /** Indexes whatever is queued (the change feed's entities, a resync's), until none is left. */
  drain(): Promise<number>;
  /** Replaces the docs documents of one entity (after a docs build). */
  indexDocs(entityRef: string, documents: readonly DocsSearchDocument[]): Promise<void>;
  /** Removes every docs document of one entity. */
  removeDocs(entityRef: string): Promise<void>;
  /** Queues every entity the index knows (a resync, inside the consumer's transaction). */
  queueKnown(trx: Knex.Transaction): Promise<void>;
  /**
   * Rebuilds everything: every entity the index or `allEntityRefs` knows is read again (gone
   * ones leave), and with a docs source every docs document is replaced. Answers how many
   * documents the index holds afterwards.
   */
  rebuild(): Promise<number>;
}

const drainBatch = 200;

export function createSearchIndexer(options: {
  knex: Knex;
  analyzer: string;
  catalog: SearchEntitySource;
  /** Every served entity's ref, when the catalog can list them (needed to find new ones). */
  allEntityRefs?: () => Promise<string[]>;
  docs?: DocsSearchSource;
}): SearchIndexer {
  const { knex, analyzer, catalog } = options;

  async function queue(refs: readonly string[], db: Knex | Knex.Transaction): Promise<void> {
    const unique = [...new Set(refs)];
    for (let start = 0; start < unique.length; start += 500) {
      await db('search_pending_entities')
        .insert(unique.slice(start, start + 500).map(entity_ref => ({ entity_ref })))
        .onConflict('entity_ref')
        .merge({ version: db.raw(`nextval('search_pending_entities_version')`) });
    }
  }

  /**
   * One batch: the entities are read with no transaction open (on PGlite the transaction would
   * hold the only connection the catalog needs), then written with the queue rows they settle.
   */
  async function drainOnce(): Promise<number> {
    const rows = (await knex('search_pending_entities')
      .select('entity_ref', 'version')
      .orderBy('version')
      .limit(drainBatch)) as Array<{ entity_ref: string; version: string | number }>;
    if (rows.length === 0) return 0;
    const refs = rows.map(row => row.entity_ref);
    const entities = await catalog.getEntitiesByRefs(refs);
    await knex.transaction(async trx => {
      await trx('search_documents')
        .whereIn('type', entityTypes)
        .whereIn('entity_ref', refs)
        .delete();
      await writeDocuments(
        trx,
        analyzer,
        entities
          .filter((entity): entity is Entity => entity !== undefined)
          .flatMap(entityDocuments),
      );
      // A ref queued again meanwhile keeps its row (its version moved) and is read again.
      for (const row of rows) {
        await trx('search_pending_entities')
          .where({ entity_ref: row.entity_ref, version: row.version })
          .delete();
      }
    });
    return rows.length;
  }

  async function drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await drainOnce();
      if (handled === 0) return total;
      total += handled;
    }
  }

  async function indexDocs(entityRef: string, documents: readonly DocsSearchDocument[]) {
    const ref = entityRef.toLowerCase();
    const [entity] = await catalog.getEntitiesByRefs([ref]);
    const facts = factsOf(entity, ref);
    await knex.transaction(async trx => {
      await trx('search_documents').where({ type: 'techdocs', entity_ref: ref }).delete();
      await writeDocuments(
        trx,
        analyzer,
        documents.map(doc => docsDocument(doc, facts)),
      );
    });
  }

  async function knownRefs(db: Knex | Knex.Transaction): Promise<string[]> {
    const rows = (await db('search_documents')
      .distinct('entity_ref')
      .whereIn('type', entityTypes)) as Array<{ entity_ref: string }>;
    return rows.map(row => row.entity_ref);
  }

  return {
    async applyChanges(changes, trx) {
      await queue(
        changes.map(change => change.entityRef),
        trx,
      );
    },
    drain,
    indexDocs,
    async removeDocs(entityRef) {
      await knex('search_documents')
        .where({ type: 'techdocs', entity_ref: entityRef.toLowerCase() })
        .delete();
    },
    async queueKnown(trx) {
      await queue(await knownRefs(trx), trx);
    },
    async rebuild() {
      const listed = options.allEntityRefs ? await options.allEntityRefs() : [];
      await queue([...(await knownRefs(knex)), ...listed], knex);
      await drain();
      if (options.docs) {
        const byEntity = new Map<string, DocsSearchDocument[]>();
        let cursor: string | undefined;
        do {
          const page = await options.docs.documents(cursor);
          for (const item of page.items) {
            const ref = item.entityRef.toLowerCase();
            byEntity.set(ref, [...(byEntity.get(ref) ?? []), item]);
          }
          cursor = page.nextCursor;
        } while (cursor);
        await knex('search_documents')
          .where({ type: 'techdocs' })
          .whereNotIn('entity_ref', [...byEntity.keys()])
          .delete();
        for (const [ref, items] of byEntity) await indexDocs(ref, items);
      }
      const [row] = (await knex('search_documents').count({ count: '*' })) as Array<{
        count: string | number;
      }>;
      return Number(row?.count ?? 0);
    },
  };
}
