import { describe, expect, it } from 'vitest';
import { kindOptions } from './kindOptions';

describe('kindOptions', () => {
  it('offers the usual kinds in order, then others found, then all, adding up letter cases', () => {
    const options = kindOptions([
      { value: 'API', count: 2 },
      { value: 'api', count: 1 },
      { value: 'Component', count: 5 },
      { value: 'Pipeline', count: 4 },
    ]);
    expect(options.map(option => [option.value, option.count])).toEqual([
      ['component', 5],
      ['api', 3],
      ['system', 0],
      ['domain', 0],
      ['resource', 0],
      ['group', 0],
      ['user', 0],
      ['template', 0],
      ['location', 0],
      ['pipeline', 4],
      ['all', 12],
    ]);
    expect(options.find(option => option.value === 'pipeline')?.label).toBe('Pipeline');
  });

  it('has no counts while they load', () => {
    expect(kindOptions(undefined).every(option => option.count === undefined)).toBe(true);
  });
});
