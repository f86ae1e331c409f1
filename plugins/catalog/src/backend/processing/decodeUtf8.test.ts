import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from './decodeUtf8';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(
    parts.map(part => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
  );

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, dropping a byte order mark', () => {
    expect(decodeUtf8(bytes('kind: Component\nname: é😀\n'))).toEqual({
      ok: true,
      text: 'kind: Component\nname: é😀\n',
    });
    expect(decodeUtf8(bytes([0xef, 0xbb, 0xbf], 'a: 1'))).toEqual({ ok: true, text: 'a: 1' });
    // A U+FFFD the file really holds is text, not a decoding failure.
    expect(decodeUtf8(bytes('a: \uFFFD'))).toEqual({ ok: true, text: 'a: \uFFFD' });
  });

  it('gives the byte offset of the first invalid sequence', () => {
    // Latin-1 é.
    expect(decodeUtf8(bytes('name: caf', [0xe9], '\n'))).toEqual({ ok: false, offset: 9 });
    // A lone continuation byte, then a valid é after it.
    expect(decodeUtf8(bytes('ab', [0x80], 'é'))).toEqual({ ok: false, offset: 2 });
    // A three-byte sequence cut short: the sequence starts at its lead byte.
    expect(decodeUtf8(bytes('abc', [0xe2, 0x82], 'x'))).toEqual({ ok: false, offset: 3 });
    // Cut short by the end of the file.
    expect(decodeUtf8(bytes('abcd', [0xf0, 0x9f, 0x98]))).toEqual({ ok: false, offset: 4 });
    // An overlong encoding of "/" and an encoded surrogate (CESU-8) are not UTF-8.
    expect(decodeUtf8(bytes('x', [0xc0, 0xaf]))).toEqual({ ok: false, offset: 1 });
    expect(decodeUtf8(bytes('xy', [0xed, 0xa0, 0x80]))).toEqual({ ok: false, offset: 2 });
    // Past U+10FFFF.
    expect(decodeUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toEqual({ ok: false, offset: 0 });
  });
});
