import { describe, expect, it } from 'vitest';
import {
  getEntitySourceLocation,
  isScriptUrl,
  parseLocationRef,
  stringifyLocationRef,
} from './locationRef';

describe('parseLocationRef', () => {
  it('splits at the first colon only', () => {
    expect(parseLocationRef('url:https://github.com/o/r/blob/main/catalog-info.yaml')).toEqual({
      type: 'url',
      target: 'https://github.com/o/r/blob/main/catalog-info.yaml',
    });
    expect(parseLocationRef('file:/tmp/a:b.yaml')).toEqual({
      type: 'file',
      target: '/tmp/a:b.yaml',
    });
  });

  it('trims both parts', () => {
    expect(parseLocationRef(' file : ./a.yaml ')).toEqual({ type: 'file', target: './a.yaml' });
  });

  it.each(['no-colon', ':target', 'url:', 'url: '])('rejects %j', ref => {
    expect(() => parseLocationRef(ref)).toThrow(/expected '<type>:<target>'/);
  });

  it('tells authors who wrote a bare http(s) URL to prefix it with url:', () => {
    expect(() => parseLocationRef('https://example.com/catalog-info.yaml')).toThrow(
      "please prefix it with 'url:', e.g. 'url:https://example.com/catalog-info.yaml'",
    );
    expect(() => parseLocationRef('http://example.com/a.yaml')).toThrow(/prefix it with 'url:'/);
  });

  it.each([
    'url:javascript:alert(1)',
    'url:JavaScript:alert(1)',
    'url:\u0001 java\tscript:alert(1)',
  ])('rejects the script target in %j', ref => {
    expect(() => parseLocationRef(ref)).toThrow(/javascript: URL/);
  });
});

describe('stringifyLocationRef', () => {
  it('joins type and target', () => {
    expect(stringifyLocationRef({ type: 'url', target: 'https://x/y.yaml' })).toBe(
      'url:https://x/y.yaml',
    );
  });

  it('rejects empty parts and script targets', () => {
    expect(() => stringifyLocationRef({ type: '', target: 'x' })).toThrow(/empty type/);
    expect(() => stringifyLocationRef({ type: 'url', target: '' })).toThrow(/empty target/);
    expect(() => stringifyLocationRef({ type: 'url', target: 'javascript:x' })).toThrow(
      /javascript/,
    );
  });
});

describe('isScriptUrl', () => {
  it('sees through leading control characters and embedded tabs', () => {
    expect(isScriptUrl(' javascript:x')).toBe(true);
    expect(isScriptUrl('jav\nascript:x')).toBe(true);
    expect(isScriptUrl('https://example.com/javascript:x')).toBe(false);
  });
});

describe('getEntitySourceLocation', () => {
  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'a', annotations },
  });

  it('prefers source-location over managed-by-location', () => {
    expect(
      getEntitySourceLocation(
        entity({
          'backstage.io/source-location': 'url:https://x/tree/main/',
          'backstage.io/managed-by-location': 'url:https://x/blob/main/catalog-info.yaml',
        }),
      ),
    ).toEqual({ type: 'url', target: 'https://x/tree/main/' });
    expect(
      getEntitySourceLocation(
        entity({ 'backstage.io/managed-by-location': 'file:/a/catalog-info.yaml' }),
      ),
    ).toEqual({ type: 'file', target: '/a/catalog-info.yaml' });
  });

  it('throws when the entity has no location', () => {
    expect(() => getEntitySourceLocation(entity({}))).toThrow(
      "Entity 'component:default/a' is missing location",
    );
  });
});

describe('compatibility with Backstage', () => {
  const refs = [
    'url:https://x/a.yaml',
    'file:./a.yaml',
    ' url : https://x ',
    'url:',
    ':x',
    'x',
    'https://x/a.yaml',
    'http://x',
    'url:javascript:alert(1)',
    'url:\u0000\u001f javascript:x',
    'url:java\r\nscript:x',
    'url:JAVASCRIPT:x',
    'url:javascript',
    'url:vbscript:x',
    'a:b:c',
  ];

  it.each(refs)('parses %j exactly like @backstage/catalog-model', async ref => {
    const backstage = await import('@backstage/catalog-model');
    let expected: unknown;
    try {
      expected = backstage.parseLocationRef(ref);
    } catch {
      expected = 'throws';
    }
    let actual: unknown;
    try {
      actual = parseLocationRef(ref);
    } catch {
      actual = 'throws';
    }
    expect(actual).toEqual(expected);
  });
});
