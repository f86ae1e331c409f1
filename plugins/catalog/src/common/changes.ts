/**
 * The catalog's change feed as other plugins read it (through `CatalogService.changes`): every
 * change to a served entity, in the order the changes became visible, each with a position that
 * only grows (a change committed late comes later; none is skipped).
 */
export interface CatalogChange {
  /** The change's position in the feed: the cursor a consumer keeps. */
  seq: number;
  /** The full, lower-case ref (`component:default/payments`). */
  entityRef: string;
  entityId: string;
  /** `upsert`: the served entity is new or changed (read it); `delete`: it is no longer served. */
  change: 'upsert' | 'delete';
  changedAt: string;
}

export interface CatalogChangesPage {
  items: CatalogChange[];
  /** The cursor to pass as `after` next time (the last item's seq, or `after` if none). */
  next: number;
  /**
   * The feed no longer holds the changes right after `after` (pruned after the retention
   * window): read every entity anew, then continue from `next`.
   */
  resync: boolean;
}
