import { describe, expect, it } from 'vitest';
import { forcedKind } from './forcedKind';

describe('forcedKind', () => {
  it('finds the kind an AND-ed filter forces, lower-cased', () => {
    expect(forcedKind([{ kind: 'Component', 'spec.lifecycle': 'production' }])).toBe('component');
    expect(forcedKind([{ $all: [{ 'spec.type': 'service' }, { KIND: 'API' }] }])).toBe('api');
    expect(forcedKind([undefined, { kind: { $in: ['Group', 'group'] } }])).toBe('group');
    expect(forcedKind([{ 'spec.type': 'x' }, { kind: 'user' }])).toBe('user');
  });

  it('forces nothing when the kind may vary', () => {
    expect(forcedKind([])).toBeUndefined();
    expect(forcedKind([{ 'spec.type': 'service' }])).toBeUndefined();
    expect(forcedKind([{ kind: { $in: ['group', 'user'] } }])).toBeUndefined();
    expect(forcedKind([{ $any: [{ kind: 'component' }, { kind: 'api' }] }])).toBeUndefined();
    expect(forcedKind([{ $any: [{ kind: 'component' }] }])).toBeUndefined();
    expect(forcedKind([{ $not: { kind: 'component' } }])).toBeUndefined();
    expect(forcedKind([{ kind: { $exists: true } }])).toBeUndefined();
    expect(forcedKind([{ kind: 'component', $unknown: 1 } as never])).toBeUndefined();
  });
});
