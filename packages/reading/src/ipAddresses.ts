import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is not on the public internet. */
export type NonPublicAddress =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared (carrier-grade NAT)'
  | 'multicast'
  | 'reserved';

interface Range {
  base: bigint;
  bits: number;
  kind: NonPublicAddress;
}

function v4(a: number, b: number, c: number, d: number): bigint {
  return (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d);
}

const ipv4Ranges: Range[] = [
  { base: v4(0, 0, 0, 0), bits: 8, kind: 'unspecified' },
  { base: v4(10, 0, 0, 0), bits: 8, kind: 'private' },
  { base: v4(100, 64, 0, 0), bits: 10, kind: 'shared (carrier-grade NAT)' },
  { base: v4(127, 0, 0, 0), bits: 8, kind: 'loopback' },
  { base: v4(169, 254, 0, 0), bits: 16, kind: 'link-local' },
  { base: v4(172, 16, 0, 0), bits: 12, kind: 'private' },
  { base: v4(192, 0, 0, 0), bits: 24, kind: 'reserved' },
  { base: v4(192, 168, 0, 0), bits: 16, kind: 'private' },
  { base: v4(198, 18, 0, 0), bits: 15, kind: 'reserved' },
  { base: v4(224, 0, 0, 0), bits: 4, kind: 'multicast' },
  { base: v4(240, 0, 0, 0), bits: 4, kind: 'reserved' },
];

function inRange(value: bigint, width: number, range: Range): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

function parseIPv4(address: string): bigint {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return v4(a, b, c, d);
}

/** The eight 16-bit groups of an IPv6 address as one 128-bit number (handles `::` and a dotted tail). */
function parseIPv6(address: string): bigint {
  let text = address.replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const value = parseIPv4(dotted[1]);
    text = `${text.slice(0, dotted.index)}${(value >> 16n).toString(16)}:${(value & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function classifyIPv4Value(value: bigint): NonPublicAddress | undefined {
  if (value === v4(255, 255, 255, 255)) return 'reserved';
  return ipv4Ranges.find(range => inRange(value, 32, range))?.kind;
}

function classifyIPv6Value(value: bigint): NonPublicAddress | undefined {
  const top = (bits: number) => value >> BigInt(128 - bits);
  if (value === 0n) return 'unspecified';
  if (value === 1n) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d)
  // addresses reach the embedded IPv4 address: judge that one.
  if (top(96) === 0xffffn || top(96) === 0n || top(96) === 0x0064ff9b0000000000000000n) {
    return classifyIPv4Value(value & 0xffffffffn) ?? undefined;
  }
  // 6to4 (2002:a.b.c.d::/48) embeds an IPv4 address in bits 16–48.
  if (top(16) === 0x2002n) {
    return classifyIPv4Value((value >> 80n) & 0xffffffffn);
  }
  if (top(7) === 0x7en) return 'private'; // fc00::/7 unique local
  if (top(10) === 0x3fan) return 'link-local'; // fe80::/10
  if (top(10) === 0x3fbn) return 'private'; // fec0::/10 site-local (deprecated)
  if (top(8) === 0xffn) return 'multicast';
  if (top(64) === 0x0100000000000000n) return 'reserved'; // 100::/64 discard
  if (top(32) === 0x20010db8n) return 'reserved'; // documentation
  return undefined;
}

/**
 * Classifies an IP address (v4 or v6, without brackets). Undefined means a public address;
 * anything else names why a reader must not connect to it without explicit permission.
 * Strings that are not IP addresses are reported as reserved, so they are never trusted.
 */
export function classifyAddress(address: string): NonPublicAddress | undefined {
  if (isIPv4(address)) return classifyIPv4Value(parseIPv4(address));
  if (isIPv6(address)) return classifyIPv6Value(parseIPv6(address));
  return 'reserved';
}
