import { describe, expect, it } from 'vitest';
import {
  CatalogFilterError,
  catalogFilterToPredicate,
  impliedKind,
  pickerPredicate,
} from './catalogFilter';

describe('catalogFilterToPredicate', () => {
  it('turns one filter object into an expression where every key must match', () => {
    expect(catalogFilterToPredicate({ kind: 'Group', 'metadata.namespace': 'default' })).toEqual({
      kind: 'Group',
      'metadata.namespace': 'default',
    });
  });

  it('reads a value list as "any of" and {exists: true} as "has the field"', () => {
    expect(
      catalogFilterToPredicate({
        kind: ['Group', 'User'],
        'metadata.annotations.github.com/team-slug': { exists: true },
      }),
    ).toEqual({
      kind: { $in: ['Group', 'User'] },
      'metadata.annotations.github.com/team-slug': { $exists: true },
    });
  });

  it('ORs a list of filter objects', () => {
    expect(
      catalogFilterToPredicate([
        { kind: ['User'], 'metadata.namespace': 'default' },
        { kind: ['Group'], 'spec.type': 'team' },
      ]),
    ).toEqual({
      $any: [
        { kind: { $in: ['User'] }, 'metadata.namespace': 'default' },
        { kind: { $in: ['Group'] }, 'spec.type': 'team' },
      ],
    });
  });

  it('unwraps a list of one and drops empty filters', () => {
    expect(catalogFilterToPredicate([{ kind: 'System' }])).toEqual({ kind: 'System' });
    expect(catalogFilterToPredicate({})).toBeUndefined();
    expect(catalogFilterToPredicate([])).toBeUndefined();
    expect(catalogFilterToPredicate([{}, { kind: 'API' }])).toEqual({ kind: 'API' });
    expect(catalogFilterToPredicate(undefined)).toBeUndefined();
  });

  it('passes predicates written with operators through', () => {
    const predicate = { $any: [{ kind: 'Group' }, { kind: 'User' }] };
    expect(catalogFilterToPredicate(predicate)).toBe(predicate);
    expect(catalogFilterToPredicate({ 'metadata.name': { $hasPrefix: 'team-' } })).toEqual({
      'metadata.name': { $hasPrefix: 'team-' },
    });
  });

  it('refuses malformed filters with a message naming the key', () => {
    expect(() => catalogFilterToPredicate('kind=Group')).toThrow(CatalogFilterError);
    expect(() => catalogFilterToPredicate({ kind: [{ a: 1 }] })).toThrow(/"kind"/);
    expect(() => catalogFilterToPredicate({ 'spec.type': { equals: 'x' } })).toThrow(
      /"spec.type".*exists: true/,
    );
  });
});

describe('pickerPredicate', () => {
  it('prefers catalogFilter, then the deprecated allowedKinds, then the default kinds', () => {
    expect(
      pickerPredicate({ catalogFilter: { kind: 'Group' }, allowedKinds: ['User'] }, ['X']),
    ).toEqual({ kind: 'Group' });
    expect(pickerPredicate({ allowedKinds: ['Component', 'API'] })).toEqual({
      kind: { $in: ['Component', 'API'] },
    });
    expect(pickerPredicate({ allowedKinds: ['System'] })).toEqual({ kind: 'System' });
    expect(pickerPredicate({}, ['Group', 'User'])).toEqual({ kind: { $in: ['Group', 'User'] } });
    expect(pickerPredicate({})).toBeUndefined();
  });
});

describe('impliedKind', () => {
  it('is defaultKind, else the single kind a filter allows', () => {
    expect(impliedKind({ kind: 'Group' }, 'User')).toBe('User');
    expect(impliedKind({ kind: 'Group' }, undefined)).toBe('Group');
    expect(impliedKind({ kind: { $in: ['System'] } }, undefined)).toBe('System');
    expect(impliedKind({ kind: { $in: ['Group', 'User'] } }, undefined)).toBeUndefined();
    expect(impliedKind(undefined, undefined)).toBeUndefined();
  });
});
