import { formatFieldPath } from '@callboard/catalog-model';

/**
 * What PostgreSQL refuses to store although JavaScript and JSON hold it, checked before writing
 * so that one bad value fails only the item that carries it (ADR 0018):
 *
 * - NUL (U+0000): neither `text` nor `jsonb` can hold it ("unsupported Unicode escape sequence").
 * - A lone UTF-16 surrogate (from a `\ud800` escape in YAML or JSON): not valid Unicode, refused
 *   by `jsonb` and by JSON functions, or silently replaced on the way into `text`.
 * - A number JSON cannot hold (`Infinity`, `NaN`, from YAML `.inf`/`.nan`): JSON turns it into
 *   null, which is not what the author wrote. A `bigint` cannot be written as JSON at all.
 * - A string longer than a `jsonb` string can be (2^28 − 1 bytes).
 *
 * Values kept in an index (entity refs, location targets) have a far lower limit: a B-tree entry
 * must fit in a third of a page. `maxIndexedBytes` is the limit callers check those against.
 */

/** Longest string a `jsonb` value can hold, in UTF-8 bytes. */
export const maxStoredStringBytes = 0x0fffffff;

/**
 * Longest value kept in a B-tree index that is accepted, in UTF-8 bytes. PostgreSQL's limit is
 * about 2,700 bytes per entry after compression (a third of an 8 kB page); this leaves room for
 * a second column in the same index.
 */
export const maxIndexedBytes = 1_000;

export interface UnstorableValue {
  /** Where, as YAML authors read it: `metadata.description`, `spec.tags[2]`; '' for the root. */
  field: string;
  /** A sentence naming the field and what is wrong. */
  message: string;
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** NUL or any surrogate: one cheap test that clears almost every string at once. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const suspicious = /[\u0000\ud800-\udfff]/;

/** Why a string cannot be stored (completing "<field> …"), or undefined when it can. */
export function unstorableStringReason(
  text: string,
  maxBytes = maxStoredStringBytes,
): string | undefined {
  if (suspicious.test(text)) {
    if (text.includes('\u0000')) return 'contains a NUL character, which cannot be stored';
    const surrogate = loneSurrogate.exec(text);
    if (surrogate) {
      const code = surrogate[0].charCodeAt(0).toString(16).toUpperCase();
      return `contains a lone UTF-16 surrogate (U+${code}), which cannot be stored`;
    }
  }
  // Cheap first: a string of n UTF-16 units is at most 3n bytes of UTF-8.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) return `is ${bytes} bytes long; at most ${maxBytes} can be stored`;
  }
  return undefined;
}

/**
 * The first value in a JSON-like tree that PostgreSQL cannot store, depth first in key order, or
 * undefined when all of it can be stored. `at` is the path of `value` itself (for messages).
 * Walks with its own stack: a deeply nested value does not overflow the call stack.
 */
export function findUnstorableValue(
  value: unknown,
  at: ReadonlyArray<string | number> = [],
): UnstorableValue | undefined {
  // Paths are built only for what is reported: each frame knows its parent and its key.
  interface Frame {
    node: unknown;
    key?: string | number;
    parent?: Frame;
  }
  const pathOf = (frame: Frame): Array<string | number> => {
    const keys: Array<string | number> = [];
    for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
    return [...at, ...keys.reverse()];
  };
  const found = (frame: Frame, reason: string): UnstorableValue => {
    const field = formatFieldPath(pathOf(frame));
    return { field, message: `${field || 'The value'} ${reason}` };
  };
  const stack: Frame[] = [{ node: value }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    switch (typeof node) {
      case 'string': {
        const reason = unstorableStringReason(node);
        if (reason) return found(frame, reason);
        break;
      }
      case 'number':
        if (!Number.isFinite(node))
          return found(frame, `is ${node}, a number that cannot be stored`);
        break;
      case 'bigint':
        return found(frame, 'is a bigint, a number that cannot be stored as JSON');
      case 'object': {
        if (node === null) break;
        if (Array.isArray(node)) {
          for (let index = node.length - 1; index >= 0; index--) {
            stack.push({ node: node[index] as unknown, key: index, parent: frame });
          }
          break;
        }
        const keys = Object.keys(node);
        for (const key of keys) {
          const reason = unstorableStringReason(key);
          if (reason) return found(frame, `has a key ${preview(key)} that ${reason}`);
        }
        for (let index = keys.length - 1; index >= 0; index--) {
          const key = keys[index]!;
          stack.push({ node: (node as Record<string, unknown>)[key], key, parent: frame });
        }
        break;
      }
      default:
      // undefined, functions and symbols are left out by JSON: nothing is stored for them.
    }
  }
  return undefined;
}

/**
 * Text we write ourselves (a problem message quoting a value) made storable: NUL and lone
 * surrogates become U+FFFD, and it is cut to `maxChars`.
 */
export function toStorableText(text: string, maxChars = 4_000): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
  return cut.replace(new RegExp(`\u0000|${loneSurrogate.source}`, 'g'), '\ufffd');
}

/** A key as JSON, shortened: what the author wrote, readable and itself storable. */
function preview(key: string): string {
  const json = JSON.stringify(key);
  return toStorableText(json.length > 60 ? `${json.slice(0, 57)}…"` : json);
}
