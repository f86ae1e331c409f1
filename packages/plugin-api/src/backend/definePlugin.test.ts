import { describe, expect, it } from 'vitest';
import { definePlugin } from './definePlugin';
import { isValidMigrationName } from './migrations';

describe('backend definePlugin', () => {
  it('accepts kebab-case ids and sorts migrations by name', () => {
    const noop = async () => {};
    const plugin = definePlugin({
      id: 'tech-insights',
      migrations: [
        { name: '20260102000000_second', up: noop, down: noop },
        { name: '20260101000000_first', up: noop, down: noop },
      ],
      setup: () => {},
    });
    expect(plugin.id).toBe('tech-insights');
    expect(plugin.migrations.map(m => m.name)).toEqual([
      '20260101000000_first',
      '20260102000000_second',
    ]);
  });

  it.each(['Catalog', 'my_plugin', '-x', 'x-', '1abc', ''])('rejects the id %j', id => {
    expect(() => definePlugin({ id, setup: () => {} })).toThrow(/kebab-case/);
  });

  it('knows a well-formed migration name', () => {
    expect(isValidMigrationName('20261123000000_create_scheduled_tasks')).toBe(true);
    expect(isValidMigrationName('create_tasks')).toBe(false);
    expect(isValidMigrationName('20261123_create')).toBe(false);
  });
});
