import { describe, expect, it } from 'vitest';
import { describeProblemPlace, fileHref, shortFileName } from './describeProblem';

describe('describing where a problem is', () => {
  it('names the file within the repository, the document, line and field', () => {
    expect(
      describeProblemPlace({
        type: 'validation',
        level: 'error',
        message: 'spec.owner is required',
        file: 'url:https://github.com/acme/shop/blob/main/services/catalog-info.yaml',
        document: 2,
        line: 15,
        field: 'spec.owner',
      }),
    ).toBe('services/catalog-info.yaml, document 2, line 15, field spec.owner');
  });

  it('keeps URLs that are not a forge blob URL, and says nothing when nothing is known', () => {
    expect(shortFileName('url:https://example.com/catalog.yaml')).toBe(
      'https://example.com/catalog.yaml',
    );
    expect(shortFileName('url:https://gitlab.example/a/b/-/blob/dev/x%20y.yaml')).toBe('x y.yaml');
    expect(describeProblemPlace({ type: 'read', level: 'error', message: 'x' })).toBeUndefined();
  });

  it('links only web addresses', () => {
    expect(fileHref('url:https://github.com/a/b/blob/main/c.yaml')).toBe(
      'https://github.com/a/b/blob/main/c.yaml',
    );
    expect(fileHref('file:/srv/catalog.yaml')).toBeUndefined();
    expect(fileHref('url:javascript:alert(1)')).toBeUndefined();
  });
});
