import type { Entity } from '@callboard/catalog-model';
import { describe, expect, it } from 'vitest';
import { docsPlugin, hasDocs } from './index';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', ...(annotations ? { annotations } : {}) },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

describe('the docs plugin', () => {
  it('offers the Docs tab only to entities with their own or another entity’s docs', () => {
    expect(hasDocs({ entity: entity({ 'backstage.io/techdocs-ref': 'dir:.' }) })).toBe(true);
    expect(
      hasDocs({ entity: entity({ 'backstage.io/techdocs-entity': 'component:default/x' }) }),
    ).toBe(true);
    expect(hasDocs({ entity: entity({ 'backstage.io/techdocs-ref': '' }) })).toBe(false);
    expect(hasDocs({ entity: entity() })).toBe(false);
    expect(docsPlugin.contributions['entity.tabs']?.map(tab => [tab.title, tab.path])).toEqual([
      ['Docs', 'docs'],
    ]);
  });

  it('has Backstage’s TechDocs routes', () => {
    expect(docsPlugin.routes.map(route => route.path)).toEqual([
      '/docs',
      '/docs/:namespace/:kind/:name/*',
    ]);
  });
});
