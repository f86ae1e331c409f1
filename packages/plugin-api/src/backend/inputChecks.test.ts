import { describe, expect, it } from 'vitest';
import { findUnusableInput, maxInputDepth } from './inputChecks';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { a: value };
  return value;
}

describe('findUnusableInput', () => {
  it('accepts ordinary values', () => {
    expect(findUnusableInput({ a: ['x', 1, null, { b: 'é😀' }] }, 'body')).toBeUndefined();
    expect(findUnusableInput(nested(maxInputDepth), 'body')).toBeUndefined();
  });

  it('names the field that holds a NUL character or an unpaired surrogate', () => {
    expect(findUnusableInput({ target: 'a\u0000b' }, 'body')).toBe(
      'body field target contains a NUL character',
    );
    expect(findUnusableInput({ entity: { metadata: { tags: ['ok', 'x\ud800'] } } }, 'body')).toBe(
      'body field entity.metadata.tags[1] contains an unpaired surrogate (U+D800)',
    );
    expect(findUnusableInput({ name: '\udc00x' }, 'path parameter')).toBe(
      'path parameter name contains an unpaired surrogate (U+DC00)',
    );
    expect(findUnusableInput({ spec: { 'a\u0000': 1 } }, 'body')).toBe(
      'body field spec has a key that contains a NUL character',
    );
    expect(findUnusableInput('\u0000', 'body')).toBe('body contains a NUL character');
  });

  it('reports the first flaw in document order', () => {
    expect(findUnusableInput({ a: 'x\u0000', b: '\u0000' }, 'query parameter')).toBe(
      'query parameter a contains a NUL character',
    );
  });

  it('refuses nesting past the limit without recursing, naming the top-level field', () => {
    expect(findUnusableInput({ entity: nested(maxInputDepth) }, 'body')).toBe(
      `body field entity is nested deeper than ${maxInputDepth} levels`,
    );
    expect(findUnusableInput([nested(maxInputDepth)], 'body')).toBe(
      `body field [0] is nested deeper than ${maxInputDepth} levels`,
    );
    // 100,000 levels: a recursive walk would overflow the stack.
    expect(findUnusableInput({ entity: nested(100_000) }, 'body')).toBe(
      `body field entity is nested deeper than ${maxInputDepth} levels`,
    );
  });
});
