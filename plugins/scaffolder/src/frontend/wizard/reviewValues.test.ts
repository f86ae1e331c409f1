import { describe, expect, it } from 'vitest';
import { splitUiSchema } from './splitUiSchema';
import { orderNames, reviewSections } from './reviewValues';

function step(title: string, schema: Record<string, unknown>) {
  return { title, ...splitUiSchema(schema) };
}

describe('reviewSections', () => {
  it('lists every value under its step, by title, in ui:order', () => {
    const sections = reviewSections(
      [
        step('Basics', {
          'ui:order': ['owner', '*'],
          properties: {
            name: { type: 'string', title: 'Name' },
            owner: { type: 'string', title: 'Owner', 'ui:field': 'OwnerPicker' },
            private: { type: 'boolean', title: 'Private repository' },
          },
        }),
        step('Where', {
          properties: { repoUrl: { type: 'string', title: 'Repository location' } },
        }),
      ],
      {
        name: 'payments',
        owner: 'group:default/team-a',
        private: false,
        repoUrl: 'localhost?owner=o&repo=payments',
      },
    );
    expect(sections).toEqual([
      {
        title: 'Basics',
        entries: [
          { path: 'owner', label: 'Owner', lines: ['group:default/team-a'], masked: false },
          { path: 'name', label: 'Name', lines: ['payments'], masked: false },
          { path: 'private', label: 'Private repository', lines: ['No'], masked: false },
        ],
      },
      {
        title: 'Where',
        entries: [
          {
            path: 'repoUrl',
            label: 'Repository location',
            lines: ['localhost?owner=o&repo=payments'],
            masked: false,
          },
        ],
      },
    ]);
  });

  it('masks secrets and password fields, and leaves out hidden and review-hidden fields', () => {
    const [section] = reviewSections(
      [
        step('Secrets', {
          properties: {
            token: { type: 'string', title: 'Token', 'ui:field': 'Secret' },
            password: { type: 'string', title: 'Password', 'ui:widget': 'password' },
            internal: { type: 'string', 'ui:widget': 'hidden' },
            quiet: { type: 'string', 'ui:backstage': { review: { show: false } } },
            custom: { type: 'string', 'ui:backstage': { review: { mask: '<hidden>' } } },
          },
        }),
      ],
      { token: '****', password: 'hunter2', internal: 'x', quiet: 'y', custom: 'z' },
    );
    expect(section?.entries).toEqual([
      { path: 'token', label: 'Token', lines: ['****'], masked: true },
      { path: 'password', label: 'Password', lines: ['****'], masked: true },
      { path: 'custom', label: 'custom', lines: ['<hidden>'], masked: true },
    ]);
  });

  it('shows enum labels, lists and nested objects, and titles from dependency branches', () => {
    const [section] = reviewSections(
      [
        step('Kind', {
          properties: {
            kind: {
              type: 'string',
              oneOf: [
                { const: 'svc', title: 'A service' },
                { const: 'lib', title: 'A library' },
              ],
            },
            region: { type: 'string', enum: ['eu', 'us'], 'ui:enumNames': ['Europe', 'USA'] },
            tags: { type: 'array', title: 'Tags', items: { type: 'string' } },
            db: {
              type: 'object',
              title: 'Database',
              properties: { port: { type: 'number', title: 'Port' } },
            },
          },
          dependencies: {
            kind: {
              oneOf: [{ properties: { kind: { const: 'svc' }, port: { title: 'HTTP port' } } }],
            },
          },
        }),
      ],
      { kind: 'svc', region: 'us', tags: ['a', 'b'], db: { port: 5432 }, port: 8080, extra: 1 },
    );
    expect(section?.entries.map(entry => [entry.label, entry.lines])).toEqual([
      ['kind', ['A service']],
      ['region', ['USA']],
      ['Tags', ['a', 'b']],
      ['Database › Port', ['5432']],
      ['HTTP port', ['8080']],
    ]);
  });

  it('puts values no step describes under "Other values"', () => {
    const sections = reviewSections([step('A', { properties: {} })], { leftover: 'x' });
    expect(sections).toEqual([
      {
        title: 'Other values',
        entries: [{ path: 'leftover', label: 'leftover', lines: ['x'], masked: false }],
      },
    ]);
  });
});

describe('orderNames', () => {
  it('follows RJSF’s ui:order with a * wildcard', () => {
    expect(orderNames(['a', 'b', 'c', 'd'], ['c', '*', 'a'])).toEqual(['c', 'b', 'd', 'a']);
    expect(orderNames(['a', 'b'], ['b'])).toEqual(['b', 'a']);
    expect(orderNames(['a', 'b'], undefined)).toEqual(['a', 'b']);
  });
});
