import type { Entity } from '@callboard/catalog-model';
import type { CatalogChange } from '@callboard/plugin-catalog/common';
import type { Knex } from 'knex';
import type { DocsSearchDocument } from '../common';
import {
  docsDocument,
  entityDocuments,
  entityRefOf,
  factsOf,
  type IndexDocument,
} from './documents';

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
  /** Applies a batch of catalog changes (the consumer's `handle`). */
  applyChanges(changes: readonly CatalogChange[], trx: Knex.Transaction): Promise<void>;
  /** Re-indexes the given entities from the catalog; those it no longer serves go. */
  reindexEntities(refs: readonly string[], trx: Knex | Knex.Transaction): Promise<void>;
  /** Replaces the docs documents of one entity (after a docs build). */
  indexDocs(entityRef: string, documents: readonly DocsSearchDocument[]): Promise<void>;
  /** Removes every docs document of one entity. */
  removeDocs(entityRef: string): Promise<void>;
  /**
   * Rebuilds from the sources: every entity the index or `allEntityRefs` knows is re-read, and
   * with a docs source, every docs document is replaced. Answers the count of documents written.
   */
  rebuild(trx: Knex | Knex.Transaction): Promise<number>;
}

export function createSearchIndexer(options: {
  knex: Knex;
  analyzer: string;
  catalog: SearchEntitySource;
  /** Every served entity's ref, when the catalog can list them (needed to find new ones). */
  allEntityRefs?: () => Promise<string[]>;
  docs?: DocsSearchSource;
}): SearchIndexer {
  const { knex, analyzer, catalog } = options;

  async function reindexEntities(
    refs: readonly string[],
    trx: Knex | Knex.Transaction,
  ): Promise<void> {
    const unique = [...new Set(refs)];
    for (let start = 0; start < unique.length; start += 200) {
      const chunk = unique.slice(start, start + 200);
      const entities = await catalog.getEntitiesByRefs(chunk);
      await trx('search_documents')
        .whereIn('type', entityTypes)
        .whereIn('entity_ref', chunk)
        .delete();
      const documents = entities
        .filter((entity): entity is Entity => entity !== undefined)
        .flatMap(entityDocuments);
      await writeDocuments(trx, analyzer, documents);
    }
  }

  async function replaceDocs(
    db: Knex | Knex.Transaction,
    entityRef: string,
    documents: readonly DocsSearchDocument[],
  ): Promise<number> {
    const ref = entityRef.toLowerCase();
    const [entity] = await catalog.getEntitiesByRefs([ref]);
    const facts = factsOf(entity, ref);
    await db('search_documents').where({ type: 'techdocs', entity_ref: ref }).delete();
    await writeDocuments(
      db,
      analyzer,
      documents.map(doc => docsDocument(doc, facts)),
    );
    return documents.length;
  }

  return {
    async applyChanges(changes, trx) {
      await reindexEntities(
        changes.map(change => change.entityRef),
        trx,
      );
    },
    reindexEntities,
    async indexDocs(entityRef, documents) {
      await knex.transaction(trx => replaceDocs(trx, entityRef, documents));
    },
    async removeDocs(entityRef) {
      await knex('search_documents')
        .where({ type: 'techdocs', entity_ref: entityRef.toLowerCase() })
        .delete();
    },
    async rebuild(trx) {
      const known = (await trx('search_documents')
        .distinct('entity_ref')
        .whereIn('type', entityTypes)) as Array<{ entity_ref: string }>;
      const listed = options.allEntityRefs ? await options.allEntityRefs() : [];
      const refs = [...new Set([...known.map(row => row.entity_ref), ...listed])];
      await reindexEntities(refs, trx);
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
        await trx('search_documents').where({ type: 'techdocs' }).delete();
        for (const [ref, items] of byEntity) await replaceDocs(trx, ref, items);
      }
      const [row] = (await trx('search_documents').count({ count: '*' })) as Array<{
        count: string | number;
      }>;
      return Number(row?.count ?? 0);
    },
  };
}

export { entityRefOf };
