import { describe, expect, it } from 'vitest';
import {
  isNonBlankString,
  isValidAnnotationKey,
  isValidApiVersion,
  isValidDnsLabel,
  isValidDnsSubdomain,
  isValidEntityName,
  isValidKind,
  isValidLabelKey,
  isValidLabelValue,
  isValidNamespace,
  isValidTag,
  isValidUrl,
} from './fieldFormats';

const a = (n: number) => 'a'.repeat(n);
// 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253 characters of dot-separated DNS labels.
const subdomain253 = [a(63), a(63), a(63), a(61)].join('.');

describe('isValidEntityName', () => {
  it.each(['a', 'A', '1', 'my-service', 'My_Service.v2', 'a-_.b', a(63), 'a..b', 'a--b'])(
    'accepts %j',
    v => expect(isValidEntityName(v)).toBe(true),
  );
  it.each(['', a(64), '-a', 'a-', '_a', 'a.', 'my service', 'ä', 'a/b', 'a:b', 5, null, undefined])(
    'rejects %j',
    v => expect(isValidEntityName(v)).toBe(false),
  );
});

describe('isValidNamespace / isValidDnsLabel', () => {
  it.each(['default', 'a', 'my-ns', 'my--ns', 'a1', a(63)])('accepts %j', v => {
    expect(isValidNamespace(v)).toBe(true);
    expect(isValidDnsLabel(v)).toBe(true);
  });
  it.each(['', a(64), 'Default', 'my_ns', 'my.ns', '-ns', 'ns-', 5])('rejects %j', v =>
    expect(isValidNamespace(v)).toBe(false),
  );
});

describe('isValidDnsSubdomain', () => {
  it('accepts dot-separated labels up to 253 characters', () => {
    expect(subdomain253).toHaveLength(253);
    expect(isValidDnsSubdomain(subdomain253)).toBe(true);
    expect(isValidDnsSubdomain('backstage.io')).toBe(true);
  });
  it('rejects 254 characters, empty labels and upper case', () => {
    expect(isValidDnsSubdomain(`${subdomain253}a`)).toBe(false);
    expect(isValidDnsSubdomain('a..b')).toBe(false);
    expect(isValidDnsSubdomain('Example.com')).toBe(false);
    expect(isValidDnsSubdomain(`${a(64)}.com`)).toBe(false);
  });
});

describe('isValidLabelKey / isValidAnnotationKey', () => {
  it.each([
    'a',
    'my-label',
    'backstage.io/techdocs-ref',
    'github.com/project-slug',
    'example.com/My_Key',
    `${subdomain253}/x`,
    `x/${a(63)}`,
  ])('accepts %j', v => {
    expect(isValidLabelKey(v)).toBe(true);
    expect(isValidAnnotationKey(v)).toBe(true);
  });
  it.each([
    '',
    'a/b/c',
    '/x',
    'x/',
    'Example.com/x',
    'my key',
    `${subdomain253}a/x`,
    `x/${a(64)}`,
    a(64),
  ])('rejects %j', v => {
    expect(isValidLabelKey(v)).toBe(false);
    expect(isValidAnnotationKey(v)).toBe(false);
  });
});

describe('isValidLabelValue', () => {
  it.each(['', 'v', 'V1.2_3-x', a(63)])('accepts %j', v => expect(isValidLabelValue(v)).toBe(true));
  it.each([' ', 'v v', '-v', a(64), 5, null])('rejects %j', v =>
    expect(isValidLabelValue(v)).toBe(false),
  );
});

describe('isValidTag', () => {
  it.each(['java', 'c++', 'c#', 'team:payments', 'a-b', '#', ':', '1', a(63)])('accepts %j', v =>
    expect(isValidTag(v)).toBe(true),
  );
  it.each(['', 'Java', 'a--b', '-a', 'a-', 'a b', 'a_b', 'a.b', 'ä', a(64), 5])('rejects %j', v =>
    expect(isValidTag(v)).toBe(false),
  );
});

describe('isValidKind', () => {
  it.each(['Component', 'API', 'a', 'AiResource', `A${a(62)}`])('accepts %j', v =>
    expect(isValidKind(v)).toBe(true),
  );
  it.each(['', '1Component', 'My Kind', 'my-kind', `A${a(63)}`])('rejects %j', v =>
    expect(isValidKind(v)).toBe(false),
  );
});

describe('isValidApiVersion', () => {
  it.each([
    'backstage.io/v1alpha1',
    'scaffolder.backstage.io/v1beta3',
    'v1',
    'my-company.net/V1',
    `x/${a(63)}`,
  ])('accepts %j', v => expect(isValidApiVersion(v)).toBe(true));
  it.each([
    '',
    'backstage.io/v1-alpha',
    'Backstage.io/v1',
    'a/b/c',
    '/v1',
    'backstage.io/',
    `x/${a(64)}`,
    '1.0',
  ])('rejects %j', v => expect(isValidApiVersion(v)).toBe(false));
});

describe('isValidUrl', () => {
  it.each([
    'https://example.com',
    'http://localhost:7007/x?y#z',
    'mailto:a@b.c',
    'slack://channel',
  ])('accepts %j', v => expect(isValidUrl(v)).toBe(true));
  it.each(['', 'example.com', '/path', 'https://exa mple.com', '${BASE}/x', 5])('rejects %j', v =>
    expect(isValidUrl(v)).toBe(false),
  );
});

describe('isNonBlankString', () => {
  it('wants something besides whitespace', () => {
    expect(isNonBlankString('x')).toBe(true);
    expect(isNonBlankString(' \t')).toBe(false);
    expect(isNonBlankString('')).toBe(false);
    expect(isNonBlankString(5)).toBe(false);
  });
});
