import { describe, expect, it } from 'vitest';
import {
  findUnstorableValue,
  maxIndexedBytes,
  toStorableText,
  unstorableStringReason,
} from './storableValue';

describe('findUnstorableValue', () => {
  it('names the first field PostgreSQL cannot store, as YAML authors read it', () => {
    expect(findUnstorableValue({ metadata: { description: 'a\u0000b' } })).toEqual({
      field: 'metadata.description',
      message: 'metadata.description contains a NUL character, which cannot be stored',
    });
    expect(findUnstorableValue({ spec: { tags: ['ok', 'x\udc00'] } })).toEqual({
      field: 'spec.tags[1]',
      message: 'spec.tags[1] contains a lone UTF-16 surrogate (U+DC00), which cannot be stored',
    });
    expect(
      findUnstorableValue({ metadata: { annotations: { 'backstage.io/x': '\ud800' } } }),
    ).toEqual({
      field: 'metadata.annotations["backstage.io/x"]',
      message:
        'metadata.annotations["backstage.io/x"] contains a lone UTF-16 surrogate (U+D800), which cannot be stored',
    });
    expect(findUnstorableValue({ spec: { replicas: Number.POSITIVE_INFINITY } })).toEqual({
      field: 'spec.replicas',
      message: 'spec.replicas is Infinity, a number that cannot be stored',
    });
    expect(findUnstorableValue({ spec: { ratio: Number.NaN } })?.message).toBe(
      'spec.ratio is NaN, a number that cannot be stored',
    );
    expect(findUnstorableValue({ spec: { big: 10n } })?.message).toBe(
      'spec.big is a bigint, a number that cannot be stored as JSON',
    );
    expect(findUnstorableValue({ spec: { 'k\u0000': 1 } })).toEqual({
      field: 'spec',
      message: 'spec has a key "k\\u0000" that contains a NUL character, which cannot be stored',
    });
  });

  it('reports the first problem in document order, under the given root', () => {
    expect(findUnstorableValue({ a: ['fine', { b: '\u0000' }], c: '\u0000' }, ['values'])).toEqual({
      field: 'values.a[1].b',
      message: 'values.a[1].b contains a NUL character, which cannot be stored',
    });
    expect(findUnstorableValue('\u0000')?.message).toBe(
      'The value contains a NUL character, which cannot be stored',
    );
  });

  it('passes everything PostgreSQL stores: surrogate pairs, escapes written out, big numbers', () => {
    expect(
      findUnstorableValue({
        emoji: '😀 in a pair',
        written: '\\u0000 as six characters',
        max: Number.MAX_VALUE,
        tiny: Number.MIN_VALUE,
        nothing: null,
        skipped: undefined,
        list: [[[['deep']]]],
      }),
    ).toBeUndefined();
  });

  it('walks a value nested deeper than the call stack would allow', () => {
    let deep: unknown = '\u0000';
    for (let depth = 0; depth < 20_000; depth++) deep = [deep];
    expect(findUnstorableValue(deep)?.field).toBe('[0]'.repeat(20_000));
  });
});

describe('unstorableStringReason', () => {
  it('measures indexed values in UTF-8 bytes', () => {
    expect(unstorableStringReason('é'.repeat(500), maxIndexedBytes)).toBeUndefined();
    expect(unstorableStringReason('é'.repeat(501), maxIndexedBytes)).toBe(
      'is 1002 bytes long; at most 1000 can be stored',
    );
  });
});

describe('toStorableText', () => {
  it('replaces NUL and lone surrogates, keeps pairs, and cuts long text', () => {
    expect(toStorableText('a\u0000b\ud800c😀')).toBe('a\ufffdb\ufffdc😀');
    expect(toStorableText('abcdef', 3)).toBe('abc…');
    // A cut through a surrogate pair leaves no half of it.
    expect(toStorableText('ab😀', 3)).toBe('ab\ufffd…');
  });
});
