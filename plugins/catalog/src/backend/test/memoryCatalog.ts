import { posix } from 'node:path';
import pino from 'pino';
import { defaultKindRegistry } from '@callboard/catalog-model';
import { NotFoundError } from '@callboard/plugin-api/common';
import { pluginDatabaseOf, type TestDatabase } from '@callboard/test-utils';
import { insertLocation } from '../database/locationStore';
import {
  createCatalogEngine,
  type CatalogEngine,
  type CatalogEngineOptions,
} from '../createCatalogEngine';
import type { ProcessingContext } from '../processing/processEntity';
import { problemsFrom, type Problem } from '../database/Problem';
import { createCatalogRules } from '../processing/rules';
import type { LocationSpec, RepositoryReader } from '@callboard/plugin-api/backend';

/**
 * The whole processing pipeline (read, process, write, stitch) on a test database, reading
 * `file` locations from an in-memory file system, run round by round by the test: no server, no
 * timers, nothing in the background.
 */
export interface MemoryCatalog {
  /** Absolute path → YAML text. */
  files: Map<string, string>;
  engine: CatalogEngine;
  /** What the catalog's services process with (the in-memory reader, default kinds and rules). */
  processing: ProcessingContext;
  /** Registers a config file location; returns its root Location's ref. */
  register(path: string): Promise<string>;
  /** Asks for an entity to be read again now, as `POST /refresh` does. */
  refresh(entityRef: string): Promise<void>;
  /** The refs the API serves, sorted. */
  served(): Promise<string[]>;
  /** The stored problems of one entity (what `/problems` lists). */
  problemsOf(entityRef: string): Promise<Problem[]>;
}

export function createMemoryCatalog(
  db: TestDatabase,
  options: Partial<Pick<CatalogEngineOptions, 'afterCommit' | 'batchSize' | 'logger'>> = {},
): MemoryCatalog {
  const knex = db.database.knex;
  const files = new Map<string, string>();
  const reader: RepositoryReader = {
    assertReadable: () => Promise.resolve(),
    readLocation: location => {
      const content = files.get(location.target);
      if (content === undefined) {
        return Promise.reject(new NotFoundError(`${location.target} does not exist`));
      }
      return Promise.resolve({
        files: [{ location, content: Buffer.from(content, 'utf8') }],
        version: `${location.target}:${content}`,
      });
    },
    resolveTarget: (base: LocationSpec, target: string) => ({
      type: base.type,
      target: posix.resolve(posix.dirname(base.target), target),
    }),
    readFile: async location => (await reader.readLocation(location)).files[0]!,
    // The catalog reads single files and globs only.
    readTree: () => Promise.reject(new Error('The memory catalog has no trees')),
    resolveCommit: () => Promise.reject(new Error('The memory catalog has no commits')),
    listTags: () => Promise.reject(new Error('The memory catalog has no tags')),
    annotationsFor: () => ({}),
    repositoryOf: () => undefined,
    close: () => Promise.resolve(),
  };
  const processing: ProcessingContext = {
    reader,
    kinds: () => defaultKindRegistry,
    rules: createCatalogRules({ configLocations: [] }),
    maxLocationDepth: 10,
  };
  const engine = createCatalogEngine({
    database: pluginDatabaseOf(db.database, 'catalog'),
    reader,
    kinds: processing.kinds,
    rules: processing.rules,
    logger: options.logger ?? pino({ level: 'silent' }),
    instanceId: 'memory-catalog',
    originSource: () => Promise.resolve('config'),
    orphanStrategy: 'delete',
    processingIntervalMs: false,
    batchSize: options.batchSize ?? 500,
    leaseMs: 60_000,
    maxLocationDepth: 10,
    readConcurrency: 4,
    stitchDebounceMs: 0,
    stitchPeerMaxWaitMs: 0,
    ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
  });
  return {
    files,
    engine,
    processing,
    register: path =>
      knex.transaction(
        async trx =>
          (await insertLocation(trx, { type: 'file', target: path, source: 'config' })).entityRef,
      ),
    async refresh(entityRef) {
      await knex('catalog_refresh_state')
        .where({ entity_ref: entityRef })
        .update({ next_update_at: knex.fn.now(), priority: 0 });
    },
    async served() {
      return (
        (await knex('catalog_final_entities').orderBy('entity_ref').pluck('entity_ref')) as string[]
      ).sort();
    },
    async problemsOf(entityRef) {
      const row = (await knex('catalog_refresh_state')
        .where({ entity_ref: entityRef })
        .first('errors')) as { errors: unknown } | undefined;
      const errors =
        typeof row?.errors === 'string' ? (JSON.parse(row.errors) as unknown) : row?.errors;
      return problemsFrom(errors);
    },
  };
}

/** A Component document; `description` is written as a JSON string (YAML accepts it). */
export function componentYaml(name: string, description = 'fine'): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: ${JSON.stringify(description)}
spec:
  type: service
  lifecycle: production
  owner: team-a
`;
}

export const documents = (...yaml: string[]) => yaml.join('---\n');
