import { describe, expect, it } from 'vitest';
import { aComponent, aGroup } from '../test/entities';
import { validateEntity } from './validateEntity';
import type { ValidationProblem } from './ValidationProblem';

function problemsOf(
  input: unknown,
  options?: Parameters<typeof validateEntity>[1],
): ValidationProblem[] {
  const result = validateEntity(input, options);
  return result.ok ? [] : result.problems;
}
const messages = (input: unknown, options?: Parameters<typeof validateEntity>[1]) =>
  problemsOf(input, options).map(p => p.message);

const a = (n: number) => 'a'.repeat(n);

describe('validateEntity', () => {
  it('accepts a valid entity and returns it', () => {
    const input = aComponent();
    expect(validateEntity(input)).toEqual({ ok: true, entity: input });
  });

  it.each([null, undefined, 5, 'text', [], [aComponent()]])(
    'never throws, and rejects %j',
    input => {
      expect(messages(input)).toEqual([
        expect.stringMatching(
          /^An entity must be a mapping with apiVersion, kind, metadata and spec, but found/,
        ),
      ]);
    },
  );

  it('returns all problems at once, each with a path and a field', () => {
    const problems = problemsOf({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'My Service', tags: ['ok', 'Not-OK'], labels: { 'a/b/c': 'x' } },
      spec: { type: 'service', owner: 'team-a', dependsOn: ['my-db'] },
      extra: true,
    });
    expect(problems).toEqual([
      {
        path: ['extra'],
        field: 'extra',
        message:
          'Unknown field "extra" at the top level: only apiVersion, kind, metadata, spec are allowed there',
      },
      {
        path: ['metadata', 'name'],
        field: 'metadata.name',
        message:
          'metadata.name "My Service" is not valid: use 1–63 characters a-z, A-Z, 0-9, separated by -, _ or . (must start and end with a letter or digit)',
      },
      {
        path: ['metadata', 'labels', 'a/b/c'],
        field: 'metadata.labels["a/b/c"]',
        message: expect.stringMatching(
          /^label key "a\/b\/c" is not valid: use a name of 1–63 characters/,
        ),
      },
      {
        path: ['metadata', 'tags', 1],
        field: 'metadata.tags[1]',
        message: expect.stringMatching(
          /^metadata\.tags\[1\] "Not-OK" is not valid: use 1–63 lower-case/,
        ),
      },
      {
        path: ['spec', 'lifecycle'],
        field: 'spec.lifecycle',
        message: 'spec.lifecycle is required for kind Component',
      },
      {
        path: ['spec', 'dependsOn', 0],
        field: 'spec.dependsOn[0]',
        message:
          'spec.dependsOn[0] "my-db" has no kind, and this field has no default kind: write it as <kind>:my-db, e.g. "component:my-db" or "resource:my-db"',
      },
    ]);
  });

  describe('envelope', () => {
    it('requires apiVersion, kind and metadata.name', () => {
      expect(messages({ metadata: {} })).toEqual([
        'apiVersion is required',
        'kind is required',
        'metadata.name is required',
      ]);
    });

    it('checks the apiVersion and kind formats', () => {
      expect(messages({ ...aComponent(), apiVersion: 'backstage.io/v1-alpha' })).toEqual([
        expect.stringMatching(
          /^apiVersion "backstage.io\/v1-alpha" is not valid: use <group>\/<version>/,
        ),
      ]);
      expect(messages({ ...aComponent(), kind: 'My Kind' })).toEqual([
        expect.stringMatching(/^kind "My Kind" is not valid: use 1–63 letters and digits/),
      ]);
      expect(messages({ ...aComponent(), kind: '' })).toEqual(['kind must not be empty']);
    });

    it('allows only apiVersion, kind, metadata and spec at the top level of source YAML', () => {
      expect(messages({ ...aComponent(), relations: [], status: {} })).toEqual([
        'Unknown field "relations" at the top level: only apiVersion, kind, metadata, spec are allowed there (relations is computed by the catalog and cannot be written in a descriptor)',
        'Unknown field "status" at the top level: only apiVersion, kind, metadata, spec are allowed there (status is computed by the catalog and cannot be written in a descriptor)',
      ]);
      expect(messages({ ...aComponent(), Spec: {} })).toEqual([
        expect.stringContaining('(did you mean "spec"? field names are case-sensitive)'),
      ]);
    });

    it('accepts relations and status on a stored entity, and checks their shape', () => {
      const stored = {
        ...aComponent({ metadata: { namespace: 'default', uid: 'u-1', etag: 'e-1' } }),
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
        status: {
          items: [{ type: 'backstage.io/catalog-processing', level: 'error', message: 'x' }],
        },
      };
      expect(validateEntity(stored, { source: 'stored' }).ok).toBe(true);
      expect(
        messages(
          {
            ...stored,
            relations: [
              { type: 'owned by', targetRef: '' },
              { type: 'x', targetRef: 'y', extra: 1 },
            ],
            status: { items: [{ type: 't', level: 'fatal', message: 'x' }] },
          },
          { source: 'stored' },
        ),
      ).toEqual([
        expect.stringMatching(
          /^relations\[0\]\.type "owned by" is not valid: use letters, digits and _ only/,
        ),
        'relations[0].targetRef must not be empty',
        'relations[1] has unknown key(s): extra',
        'status.items[0].level must be one of "info", "warning", "error", but found the string "fatal"',
      ]);
      expect(messages({ ...stored, other: 1 }, { source: 'stored' })).toEqual([
        'Unknown field "other" at the top level: only apiVersion, kind, metadata, spec, relations, status are allowed there',
      ]);
    });

    it('requires spec to be a mapping', () => {
      expect(messages({ ...aComponent(), spec: ['x'] })).toEqual([
        'spec must be a mapping (key: value pairs), but found a list',
      ]);
      expect(messages({ ...aComponent(), spec: undefined })).toEqual([
        'spec is required for kind Component',
      ]);
    });
  });

  describe('metadata', () => {
    const withMeta = (metadata: Record<string, unknown>) => aComponent({ metadata });

    it('checks name length at exactly 63', () => {
      expect(validateEntity(withMeta({ name: a(63) })).ok).toBe(true);
      expect(messages(withMeta({ name: a(64) }))).toEqual([
        `metadata.name "${a(64)}" is too long: it has 64 characters, at most 63 are allowed (use 1–63 characters a-z, A-Z, 0-9, separated by -, _ or . (must start and end with a letter or digit))`,
      ]);
      expect(messages(withMeta({ name: '' }))).toEqual(['metadata.name must not be empty']);
      expect(messages(withMeta({ name: 5 }))).toEqual([
        'metadata.name must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });

    it('checks the namespace as a lower-case DNS label of at most 63 characters', () => {
      expect(validateEntity(withMeta({ namespace: a(63) })).ok).toBe(true);
      expect(validateEntity(withMeta({ namespace: 'my-team' })).ok).toBe(true);
      expect(messages(withMeta({ namespace: a(64) }))).toHaveLength(1);
      expect(messages(withMeta({ namespace: 'My-Team' }))).toEqual([
        'metadata.namespace "My-Team" is not valid: use 1–63 lower-case characters a-z and 0-9, separated by - (must start and end with a letter or digit)',
      ]);
      expect(messages(withMeta({ namespace: '' }))).toEqual([
        'metadata.namespace must not be empty',
      ]);
      expect(messages(withMeta({ namespace: null }))).toEqual([
        'metadata.namespace must be a string, but found an empty value (null)',
      ]);
    });

    it('wants a non-empty title, and allows any description', () => {
      expect(validateEntity(withMeta({ title: ' ', description: '' })).ok).toBe(true);
      expect(messages(withMeta({ title: '' }))).toEqual(['metadata.title must not be empty']);
      expect(messages(withMeta({ description: 5 }))).toEqual([
        'metadata.description must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });

    it('checks label keys and values', () => {
      expect(
        validateEntity(withMeta({ labels: { 'example.com/tier': 'gold', empty: '' } })).ok,
      ).toBe(true);
      expect(problemsOf(withMeta({ labels: { 'Example.com/x': 'v v', n: 1 } }))).toEqual([
        {
          path: ['metadata', 'labels', 'Example.com/x'],
          field: 'metadata.labels["Example.com/x"]',
          message: expect.stringMatching(/^label key "Example.com\/x" is not valid/),
        },
        {
          path: ['metadata', 'labels', 'Example.com/x'],
          field: 'metadata.labels["Example.com/x"]',
          message: expect.stringMatching(
            /^metadata\.labels\["Example.com\/x"\] "v v" is not a valid label value: use an empty string or/,
          ),
        },
        {
          path: ['metadata', 'labels', 'n'],
          field: 'metadata.labels.n',
          message:
            'metadata.labels.n must be a string, but found the number 1 (put the value in quotes to make it a string)',
        },
      ]);
      expect(messages(withMeta({ labels: ['a'] }))).toEqual([
        'metadata.labels must be a mapping (key: value pairs), but found a list',
      ]);
      expect(validateEntity(withMeta({ labels: { [`x/${a(63)}`]: a(63) } })).ok).toBe(true);
      expect(messages(withMeta({ labels: { k: a(64) } }))).toHaveLength(1);
    });

    it('checks annotation keys, and wants string values of any content', () => {
      expect(
        validateEntity(
          withMeta({
            annotations: { 'backstage.io/techdocs-ref': 'dir:.', note: 'any thing: at all' },
          }),
        ).ok,
      ).toBe(true);
      expect(messages(withMeta({ annotations: { 'a/b/c': 'x', flag: true } }))).toEqual([
        expect.stringMatching(/^annotation key "a\/b\/c" is not valid/),
        'metadata.annotations.flag must be a string, but found the boolean true (put the value in quotes to make it a string)',
      ]);
    });

    it('checks tags with the default rule, which allows ":"', () => {
      expect(validateEntity(withMeta({ tags: ['java', 'team:payments', 'c++', a(63)] })).ok).toBe(
        true,
      );
      expect(messages(withMeta({ tags: ['ok', 'Java', '', a(64)] }))).toEqual([
        expect.stringMatching(/^metadata\.tags\[1\] "Java" is not valid/),
        'metadata.tags[2] must not be empty',
        expect.stringMatching(
          /^metadata\.tags\[3\] "a{64}" is too long: it has 64 characters, at most 63/,
        ),
      ]);
      expect(messages(withMeta({ tags: 'java' }))).toEqual([
        'metadata.tags must be a list, but found the string "java"',
      ]);
    });

    it('checks links: absolute url, non-blank title and icon, non-empty type', () => {
      expect(
        validateEntity(
          withMeta({
            links: [
              { url: 'https://example.com', title: 'Docs', icon: 'docs', type: 'documentation' },
            ],
          }),
        ).ok,
      ).toBe(true);
      expect(
        messages(
          withMeta({
            links: [
              { url: 'example.com/x' },
              { title: ' ' },
              { url: 'https://x', icon: '', type: '' },
            ],
          }),
        ),
      ).toEqual([
        'metadata.links[0].url "example.com/x" is not valid: use an absolute URL (e.g. "https://example.com/runbook")',
        'metadata.links[1].url is required',
        'metadata.links[1].title must not be blank',
        'metadata.links[2].icon must not be blank',
        'metadata.links[2].type must not be empty',
      ]);
    });

    it('accepts server-owned uid and etag strings and unknown metadata keys', () => {
      expect(validateEntity(withMeta({ uid: 'x', etag: 'y', generation: 1, owner: 'x' })).ok).toBe(
        true,
      );
      expect(messages(withMeta({ uid: '', etag: 5 }))).toEqual([
        'metadata.uid must not be empty',
        'metadata.etag must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });
  });

  describe('keys that differ only in letter case', () => {
    it('are rejected anywhere in the entity', () => {
      expect(problemsOf(aComponent({ spec: { Owner: 'team-b' } }))).toEqual([
        {
          path: ['spec', 'Owner'],
          field: 'spec.Owner',
          message:
            'spec.Owner and spec.owner differ only in letter case; the catalog matches keys case-insensitively, so keep only one of them',
        },
      ]);
      expect(
        messages(
          aComponent({
            metadata: {
              annotations: { 'github.com/project-slug': 'a/b', 'GitHub.com/project-slug': 'a/b' },
            },
          }),
        ),
      ).toEqual([
        expect.stringMatching(/^annotation key "GitHub.com\/project-slug" is not valid/),
        expect.stringMatching(
          /^metadata\.annotations\.GitHub\.com\/project-slug and metadata\.annotations\.github\.com\/project-slug differ only in letter case/,
        ),
      ]);
    });

    it('collide across list items, because list indices are not part of the key', () => {
      expect(messages(aComponent({ spec: { extra: [{ name: 'a' }, { Name: 'b' }] } }))).toEqual([
        expect.stringMatching(
          /^spec\.extra\.Name and spec\.extra\.name differ only in letter case/,
        ),
      ]);
    });

    it('include keys the catalog always indexes, like metadata.name', () => {
      expect(messages(aComponent({ metadata: { Namespace: 'x' } }))).toEqual([
        expect.stringMatching(
          /^metadata\.Namespace and metadata\.namespace differ only in letter case/,
        ),
      ]);
    });

    it('do not include list values that differ in case', () => {
      expect(validateEntity(aComponent({ spec: { consumesApis: ['Pets', 'pets'] } })).ok).toBe(
        true,
      );
    });
  });

  describe('kinds', () => {
    it('reports unknown kinds, kind case mistakes and unsupported apiVersions', () => {
      expect(messages({ ...aComponent(), kind: 'Service' })).toEqual([
        'kind "Service" is not known to this catalog, so nothing can validate the entity; check the spelling, or install the plugin that provides this kind (known kinds: API, Component, Domain, Group, Location, Resource, System, Template, User)',
      ]);
      expect(messages({ ...aComponent(), kind: 'component' })).toEqual([
        'kind "component" is not known; kinds are case-sensitive, did you mean "Component"?',
      ]);
      expect(messages({ ...aGroup(), apiVersion: 'backstage.io/v1' })).toEqual([
        'apiVersion "backstage.io/v1" is not supported for kind Group; use one of backstage.io/v1alpha1, backstage.io/v1beta1',
      ]);
    });

    it('still checks metadata when the kind is unknown', () => {
      expect(
        messages({ ...aComponent({ metadata: { name: '-x' } }), kind: 'Widget' }),
      ).toHaveLength(2);
    });

    it('names the kind in problems about missing spec fields, and tells null from missing', () => {
      expect(messages(aComponent({ spec: { owner: null, lifecycle: undefined } }))).toEqual([
        'spec.lifecycle is required for kind Component',
        'spec.owner must be a string, but found an empty value (null)',
      ]);
    });

    it('reports a bad ref once, not once per layer', () => {
      expect(messages(aComponent({ spec: { owner: 'group:' } }))).toEqual([
        'spec.owner "group:" is not a valid entity reference: the name is empty (write [<kind>:][<namespace>/]<name>, e.g. "group:default/team-a")',
      ]);
      expect(messages(aComponent({ spec: { dependsOn: [5] } }))).toEqual([
        'spec.dependsOn[0] must be a string, but found the number 5 (put the value in quotes to make it a string)',
      ]);
    });

    it('mentions unresolved placeholders', () => {
      expect(
        messages({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'API',
          metadata: { name: 'x' },
          spec: {
            type: 'openapi',
            lifecycle: 'production',
            owner: 'a',
            definition: { $text: './openapi.yaml' },
          },
        }),
      ).toEqual(['spec.definition must be a string, but found an unresolved $text placeholder']);
    });
  });
});

describe('validateEntity on hostile input', () => {
  it('reports a value that contains itself instead of overflowing the stack', () => {
    const cyclic = aComponent();
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    (cyclic.spec as Record<string, unknown>).extra = loop;
    expect(messages(cyclic)).toEqual([
      'spec.extra.self contains itself (a recursive YAML alias); remove the cycle',
    ]);
  });
});
