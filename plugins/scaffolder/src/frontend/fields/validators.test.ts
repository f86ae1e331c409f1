import { describe, expect, it } from 'vitest';
import {
  entityNameProblems,
  entityRefProblems,
  tagProblems,
  validateCustomFields,
} from './validators';

describe('field checks', () => {
  it('accepts entity names by the catalog’s rule and explains a refusal', () => {
    expect(entityNameProblems('payments-api')).toEqual([]);
    expect(entityNameProblems('')).toEqual([]);
    expect(entityNameProblems('-bad name')).toEqual([
      expect.stringMatching(/^"-bad name" cannot be an entity name: use 1–63 characters/),
    ]);
    expect(entityNameProblems('a'.repeat(64))).toHaveLength(1);
  });

  it('checks every tag against Backstage’s tag rule and lists the bad ones', () => {
    expect(tagProblems(['java', 'c++', 'team:payments', 'c#', 'a-b'])).toEqual([]);
    expect(tagProblems(['ok', 'Not-Lower', 'two--dashes', '-x'])).toEqual([
      expect.stringMatching(
        /These tags are not valid: "Not-Lower", "two--dashes", "-x"\. Tags use/,
      ),
    ]);
    expect(tagProblems(['has space'])).toEqual([expect.stringMatching(/This tag is not valid/)]);
  });

  it('wants entity refs that parse, with the picker’s default kind', () => {
    expect(entityRefProblems('group:default/team-a', {})).toEqual([]);
    expect(entityRefProblems('team-a', { defaultKind: 'Group' })).toEqual([]);
    expect(entityRefProblems('team-a', { catalogFilter: { kind: 'Group' } })).toEqual([]);
    expect(entityRefProblems('team-a', {})).toEqual([
      expect.stringMatching(/"team-a" is not an entity reference/),
    ]);
    expect(entityRefProblems(['user:jo', 'group:'], {})).toHaveLength(1);
  });
});

describe('validateCustomFields', () => {
  it('runs each custom field’s check at its path, in nested objects and arrays', () => {
    const errors: Array<[string, string]> = [];
    validateCustomFields(
      {
        name: 'Bad Name!',
        tags: ['ok', 'NO'],
        repoUrl: 'localhost:7007?repo=svc',
        nested: { owner: 'not a ref' },
        people: ['user:default/jo', 'x y'],
        untouched: 'Bad Name!',
      },
      {
        name: { 'ui:field': 'EntityNamePicker' },
        tags: { 'ui:field': 'EntityTagsPicker' },
        repoUrl: { 'ui:field': 'RepoUrlPicker' },
        nested: { owner: { 'ui:field': 'EntityPicker' } },
        people: { items: { 'ui:field': 'EntityPicker' } },
        missing: { 'ui:field': 'EntityNamePicker' },
      },
      { targets: [{ host: 'localhost:7007', title: 'Here', type: 'folder' }] },
      (path, message) => errors.push([path.join('.'), message]),
    );
    expect(errors.map(([path]) => path)).toEqual([
      'name',
      'tags',
      'repoUrl',
      'nested.owner',
      'people.1',
    ]);
    expect(errors[2]?.[1]).toMatch(/Enter the owner/);
  });
});
