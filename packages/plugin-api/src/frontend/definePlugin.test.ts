import { describe, expect, it } from 'vitest';
import { pluginIdSchema } from '../common/pluginId';
import { definePlugin, pluginIdPattern } from './definePlugin';

describe('frontend definePlugin', () => {
  it('accepts and rejects the same ids as pluginIdSchema', () => {
    const samples = [
      'catalog',
      'tech-insights',
      'a1',
      'v2-api',
      'Catalog',
      'tech_insights',
      '-x',
      'x-',
      '1x',
      'a--b',
      '',
    ];
    for (const id of samples) {
      expect(pluginIdPattern.test(id), id).toBe(pluginIdSchema.safeParse(id).success);
    }
  });

  it('rejects an id that is not kebab-case, naming it', () => {
    expect(() => definePlugin({ id: 'Tech_Insights' })).toThrow(/Tech_Insights/);
  });

  it('fills in empty routes, nav and contributions', () => {
    expect(definePlugin({ id: 'about' })).toEqual({
      id: 'about',
      routes: [],
      nav: [],
      contributions: {},
    });
  });
});
