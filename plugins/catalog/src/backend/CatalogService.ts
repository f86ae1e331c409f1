import type { Entity } from '@callboard/catalog-model';
import type {
  ChangeConsumer,
  ChangeConsumerOptions,
  CatalogChangeFeed,
} from './changes/createChangeConsumer';

/**
 * What the catalog offers other backend plugins, passed by hand in `packages/backend/src/plugins.ts`.
 * Narrow on purpose: entities, registering, refreshing and the change feed — no engine, store or
 * table, so the catalog's insides can change without touching another plugin.
 */
export interface CatalogService {
  /** The served entity, or undefined when the catalog has none by that ref. */
  getEntityByRef(ref: string): Promise<Entity | undefined>;
  /** In the order asked; undefined where none matched. */
  getEntitiesByRefs(refs: readonly string[]): Promise<Array<Entity | undefined>>;
  /** The ref of every served entity, in order: what a consumer's full resync starts from. */
  listEntityRefs(): Promise<string[]>;
  /** Registers a URL location (`dryRun`: only reads it); answers the refs of what it defines. */
  registerLocation(target: string, options: { dryRun: boolean }): Promise<{ entityRefs: string[] }>;
  /** Puts the entity (and the locations above it) at the front of the processing queue. */
  refresh(entityRef: string): Promise<void>;
  /** Every change to served entities, in commit order (ADR 0026). */
  changes: CatalogChangeFeed & {
    /** A durable, exactly-once consumer with its cursor in the caller's own table. */
    consume(options: Omit<ChangeConsumerOptions, 'feed'>): ChangeConsumer;
  };
  /** Processes and stitches everything pending now (dry runs, tests); rejects after `timeoutMs`. */
  whenIdle(timeoutMs?: number): Promise<void>;
}
