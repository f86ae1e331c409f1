const strict = new TextDecoder('utf-8', { fatal: true });

export type DecodedText = { ok: true; text: string } | { ok: false; offset: number };

/**
 * A descriptor file's text, decoded strictly: a file that is not UTF-8 is refused with the byte
 * offset of its first invalid sequence, instead of being read with U+FFFD in place of its bytes
 * (which would store names and values the file does not hold). A byte order mark is dropped.
 */
export function decodeUtf8(content: Uint8Array): DecodedText {
  try {
    return { ok: true, text: strict.decode(content) };
  } catch {
    return { ok: false, offset: firstInvalidSequence(content) };
  }
}

/**
 * Where the first ill-formed sequence starts, by the Unicode Standard's table of well-formed
 * UTF-8 byte sequences (Table 3-7): no overlong forms, no surrogates, nothing past U+10FFFF.
 * TextDecoder says only that there is one; this says where. -1 if there is none.
 */
function firstInvalidSequence(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    const rule = sequenceRule(lead);
    if (!rule) return index;
    const [length, secondMin, secondMax] = rule;
    if (index + length > bytes.length) return index;
    for (let offset = 1; offset < length; offset++) {
      const byte = bytes[index + offset]!;
      const [min, max] = offset === 1 ? [secondMin, secondMax] : [0x80, 0xbf];
      if (byte < min || byte > max) return index;
    }
    index += length;
  }
  return -1;
}

/** For a lead byte: the sequence's length and the range its second byte must fall in. */
function sequenceRule(lead: number): [length: number, min: number, max: number] | undefined {
  if (lead <= 0x7f) return [1, 0, 0];
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  return undefined;
}
