import { DEFAULT_NAMESPACE, type Entity } from '@callboard/catalog-model';
import { toStorableText } from '@callboard/plugin-api/common';

/** One row of `catalog_search` without its `entity_id` (the stitcher adds it). */
export interface SearchRowValues {
  /** Lower-cased dot path, at most 200 characters. */
  key: string;
  /** Lower-cased value; null for a null leaf or a value longer than 200 characters. */
  value: string | null;
  /** The value as written (null whenever `value` is null). */
  original_value: string | null;
}

/** Longer keys are not indexed at all; longer values are indexed as null. */
export const maxSearchKeyLength = 200;
export const maxSearchValueLength = 200;

/** Subtrees that are not flattened: computed output, or added below in their own way. */
const skippedPaths = new Set([
  'relations',
  'status',
  'attachments',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);

type Leaf = string | number | boolean | null;

/**
 * The rows filters, ordering and facets run on (backstage-spec §2.6): every leaf of the entity
 * under its lower-cased dot path. Arrays repeat their path, and each string item `x` of the array
 * at `p` also gives `p.x = true`, so `metadata.tags.java` tests for a tag. `relations`, `status`
 * and `attachments` are left out; `metadata.name`, `metadata.namespace` (`default` when absent)
 * and `metadata.uid` are always there, and each relation gives `relations.<type>` → its target.
 * Identical (key, value) pairs appear once; the first spelling is kept as `original_value`.
 */
export function buildSearchRows(entity: Entity): SearchRowValues[] {
  const leaves: Array<[path: string, value: Leaf]> = [];
  const itemKeys = new Set<string>();

  const visit = (path: string, node: unknown): void => {
    if (skippedPaths.has(path)) return;
    if (node === undefined || node === null) {
      leaves.push([path, null]);
      return;
    }
    if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
      leaves.push([path, node]);
      return;
    }
    if (Array.isArray(node)) {
      for (const item of node) {
        visit(path, item);
        if (typeof item === 'string') {
          const itemKey = `${path}.${item}`;
          const lower = itemKey.toLowerCase();
          if (!itemKeys.has(lower)) {
            itemKeys.add(lower);
            leaves.push([itemKey, true]);
          }
        }
      }
      return;
    }
    if (typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        visit(path ? `${path}.${key}` : key, value);
      }
    }
    // Functions, symbols and bigints cannot come from JSON; they are ignored.
  };
  visit('', entity);

  const { metadata } = entity;
  leaves.push(['metadata.name', metadata.name ?? null]);
  leaves.push(['metadata.namespace', metadata.namespace || DEFAULT_NAMESPACE]);
  if (metadata.uid) leaves.push(['metadata.uid', metadata.uid]);
  for (const relation of entity.relations ?? []) {
    leaves.push([`relations.${relation.type}`, relation.targetRef]);
  }

  const rows: SearchRowValues[] = [];
  const seen = new Set<string>();
  for (const [path, raw] of leaves) {
    const key = withoutNul(path).toLowerCase();
    if (key.length > maxSearchKeyLength) continue;
    let value: string | null = null;
    let original: string | null = null;
    if (raw !== null) {
      const text = withoutNul(String(raw));
      const lower = text.toLowerCase();
      if (lower.length <= maxSearchValueLength) {
        value = lower;
        original = text;
      }
    }
    // Keys and values hold no NUL (PostgreSQL text cannot store it), so it separates safely.
    const identity = value === null ? `${key}\u0000` : `${key}\u0000\u0000${value}`;
    if (seen.has(identity)) continue;
    seen.add(identity);
    rows.push({ key, value, original_value: original });
  }
  return rows;
}

/**
 * PostgreSQL text cannot hold NUL characters, nor can the JSON the rows are sent in carry a lone
 * surrogate; a JavaScript string may hold both. NULs go, lone surrogates become U+FFFD.
 */
function withoutNul(text: string): string {
  return toStorableText(
    text.includes('\u0000') ? text.replaceAll('\u0000', '') : text,
    Number.POSITIVE_INFINITY,
  );
}
