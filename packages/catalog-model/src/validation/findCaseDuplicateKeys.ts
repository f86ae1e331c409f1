import { problemAt, type ValidationProblem } from './ValidationProblem';

/**
 * Backstage's catalog indexes every leaf of a stitched entity under a dotted, lower-cased search
 * key (list indices dropped, so `spec.steps[3].input.x` is `spec.steps.input.x`) and refuses to
 * stitch an entity in which two different keys collide once lower-cased ("Entity has duplicate
 * keys that vary only in casing"). We apply the same rule, with the same key construction, at
 * validation time so the author hears about it at once.
 */

// Indexed separately by the catalog (always present, fixed casing) or not indexed at all.
const SKIPPED = new Set([
  'attachments',
  'relations',
  'status',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'metadata.etag',
]);
const ALWAYS_PRESENT = ['metadata.name', 'metadata.namespace', 'metadata.uid'];

interface KeyUse {
  key: string;
  path: (string | number)[];
}

export function findCaseDuplicateKeys(entity: Record<string, unknown>): ValidationProblem[] {
  const uses: KeyUse[] = [];
  const lowerSeen = new Set<string>();
  const record = (key: string, path: (string | number)[]) => {
    uses.push({ key, path });
    lowerSeen.add(key.toLowerCase());
  };

  const problems: ValidationProblem[] = [];
  // YAML aliases can make a document contain itself; such a value cannot be stored as JSON.
  const ancestors = new Set<object>();

  const visit = (key: string, path: (string | number)[], value: unknown): void => {
    if (SKIPPED.has(key)) {
      return;
    }
    if (
      value === undefined ||
      value === null ||
      ['string', 'number', 'boolean'].includes(typeof value)
    ) {
      record(key, path);
      return;
    }
    if (typeof value !== 'object') {
      return;
    }
    if (ancestors.has(value)) {
      problems.push(
        problemAt(path, '{field} contains itself (a recursive YAML alias); remove the cycle'),
      );
      return;
    }
    ancestors.add(value);
    visitContainer(key, path, value);
    ancestors.delete(value);
  };

  const visitContainer = (key: string, path: (string | number)[], value: object): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        visit(key, [...path, index], item);
        // String items are also indexed as `<key>.<item>` (for "has tag X" filters), unless an
        // equal key in other casing is already there.
        if (typeof item === 'string' && !lowerSeen.has(`${key}.${item}`.toLowerCase())) {
          record(`${key}.${item}`, [...path, index]);
        }
      });
      return;
    }
    for (const [child, childValue] of Object.entries(value)) {
      visit(key ? `${key}.${child}` : child, [...path, child], childValue);
    }
  };

  // Recorded first so that a colliding key the author wrote (`metadata.Name`) is the one reported.
  for (const key of ALWAYS_PRESENT) {
    uses.push({ key, path: key.split('.') });
  }
  visit('', [], entity);
  const relations = entity.relations;
  if (Array.isArray(relations)) {
    relations.forEach((relation: unknown, index) => {
      const type = (relation as { type?: unknown } | null)?.type;
      if (typeof type === 'string') {
        record(`relations.${type}`, ['relations', index, 'type']);
      }
    });
  }

  const firstByLower = new Map<string, string>();
  const reported = new Set<string>();
  for (const { key, path } of uses) {
    const lower = key.toLowerCase();
    const first = firstByLower.get(lower);
    if (first === undefined) {
      firstByLower.set(lower, key);
    } else if (first !== key && !reported.has(key)) {
      reported.add(key);
      problems.push(
        problemAt(
          path,
          `${key} and ${first} differ only in letter case; the catalog matches keys case-insensitively, so keep only one of them`,
        ),
      );
    }
  }
  return problems;
}
