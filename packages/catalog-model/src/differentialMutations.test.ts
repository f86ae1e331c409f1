// Mutation differential: the real-world fixtures only exercise the mistakes their authors
// happened to make. Here every valid example of each kind is mutated in systematic ways (each
// metadata rule at and around its limits, every spec field set to each wrong JSON type, ref
// shapes, template and mcp-server specifics) and Callboard must agree with Backstage's own code
// on every variant.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateEntity } from './index';
import { backstageVerdict } from './test/backstageVerdict';
import {
  corpusSkip,
  EXAMPLES_DIR,
  FIXTURES_DIR,
  listFilesRecursively,
  readFixtureSources,
  readYamlDocuments,
  resolvePlaceholders,
} from './test/yamlDocuments';

type Doc = Record<string, unknown> & {
  metadata: Record<string, unknown>;
  spec?: Record<string, unknown>;
};
type Mutation = [label: string, mutate: (doc: Doc) => void];

const long = (n: number, char = 'a') => char.repeat(n);
const dnsSubdomain253 = [long(63), long(63), long(63), long(61)].join('.');

const setMeta =
  (key: string, value: unknown): Mutation[1] =>
  doc => {
    doc.metadata[key] = value;
  };
const setRoot =
  (key: string, value: unknown): Mutation[1] =>
  doc => {
    doc[key] = value;
  };
const setSpec =
  (key: string, value: unknown): Mutation[1] =>
  doc => {
    doc.spec = { ...(doc.spec ?? {}), [key]: value };
  };

const rootMutations: Mutation[] = [
  ...['apiVersion', 'kind', 'metadata', 'spec'].map((key): Mutation => [
    `delete ${key}`,
    doc => void delete doc[key],
  ]),
  ...(
    [
      ['apiVersion', ''],
      ['apiVersion', 'backstage.io/v1'],
      ['apiVersion', 'v1alpha1'],
      ['apiVersion', 'Backstage.io/v1alpha1'],
      ['apiVersion', 'backstage.io/v1alpha1/x'],
      ['apiVersion', 'backstage.io/v1-alpha'],
      ['apiVersion', 5],
      ['apiVersion', null],
      ['kind', ''],
      ['kind', 'Widget'],
      ['kind', 'Compo nent'],
      ['kind', '1Component'],
      ['kind', 5],
      ['spec', []],
      ['spec', null],
      ['spec', 'x'],
      ['spec', {}],
      ['relations', []],
      ['status', {}],
      ['Spec', {}],
      ['foo', 1],
      ['metadata', []],
      ['metadata', 'x'],
    ] as const
  ).map(([key, value]): Mutation => [`${key}=${JSON.stringify(value)}`, setRoot(key, value)]),
  ['kind lower-case', doc => void (doc.kind = String(doc.kind).toLowerCase())],
  ['kind upper-case', doc => void (doc.kind = String(doc.kind).toUpperCase())],
];

const metadataValues: [string, unknown[]][] = [
  [
    'name',
    [
      '',
      'a',
      long(63),
      long(64),
      'My Service',
      'my-service',
      '-a',
      'a-',
      '_a',
      'a_b.c-d',
      'a..b',
      'ä',
      'a/b',
      'a:b',
      '${{ values.name }}',
      5,
      null,
      true,
      [],
      {},
    ],
  ],
  [
    'namespace',
    [
      '',
      'default',
      'Default',
      'my-ns',
      'my--ns',
      '-ns',
      'ns-',
      'my_ns',
      'my.ns',
      long(63),
      long(64),
      5,
      null,
    ],
  ],
  ['title', ['', ' ', 'A title', 5, null, []]],
  ['description', ['', ' ', 'text', 5, null, {}]],
  ['uid', ['', 'some-uid', 5]],
  ['etag', ['', 'abc', 5]],
  ['generation', [1]],
  [
    'labels',
    [
      null,
      [],
      'x',
      5,
      {},
      { k: '' },
      { k: 'v' },
      { k: 'v v' },
      { k: '-v' },
      { k: long(63) },
      { k: long(64) },
      { 'a/b': 'x' },
      { 'a/b/c': 'x' },
      { 'Example.com/x': 'y' },
      { 'example.com/': 'y' },
      { '/x': 'y' },
      { '': 'y' },
      { 'my key': 'y' },
      { k: 5 },
      { k: null },
      { k: true },
      { [long(63)]: 'x' },
      { [long(64)]: 'x' },
      { [`${dnsSubdomain253}/x`]: 'y' },
      { [`${dnsSubdomain253}a/x`]: 'y' },
      { [`${long(64)}.com/x`]: 'y' },
      { 'a.b/c.d': 'e' },
    ],
  ],
  [
    'annotations',
    [
      null,
      [],
      'x',
      {},
      { k: '' },
      { k: 'any value at all' },
      { k: 5 },
      { k: null },
      { k: false },
      { 'bad key': 'x' },
      { 'backstage.io/techdocs-ref': 'dir:.' },
      { 'Backstage.io/x': 'y' },
      { 'a/b/c': 'x' },
      { [long(64)]: 'x' },
      { k: { nested: 1 } },
    ],
  ],
  [
    'tags',
    [
      null,
      'java',
      [],
      ['java'],
      ['Java'],
      ['c++'],
      ['c#'],
      ['team:a'],
      ['a-b'],
      ['a--b'],
      ['-a'],
      ['a-'],
      [''],
      [' '],
      ['a b'],
      ['a_b'],
      ['a.b'],
      [5],
      [null],
      [long(63)],
      [long(64)],
      ['#'],
      [':'],
      ['ä'],
      ['java', 'Java'],
    ],
  ],
  [
    'links',
    [
      null,
      {},
      'x',
      [],
      [null],
      ['https://x'],
      [{}],
      [{ url: 'https://example.com' }],
      [{ url: 'relative/path' }],
      [{ url: '/abs/path' }],
      [{ url: '' }],
      [{ url: ' ' }],
      [{ url: 'mailto:a@b.c' }],
      [{ url: 'slack://channel' }],
      [{ url: 'https://exa mple.com' }],
      [{ url: 5 }],
      [{ url: 'https://x', title: '' }],
      [{ url: 'https://x', title: ' ' }],
      [{ url: 'https://x', title: 5 }],
      [{ url: 'https://x', icon: ' ' }],
      [{ url: 'https://x', icon: 'dashboard', title: 'Dash' }],
      [{ url: 'https://x', type: '' }],
      [{ url: 'https://x', type: ' ' }],
      [{ url: 'https://x', extra: 1 }],
      [{ url: '${GIT_BASE_URL}/repo' }],
    ],
  ],
];

const metadataMutations: Mutation[] = [
  ...metadataValues.flatMap(([key, values]) =>
    values.map((value): Mutation => [
      `metadata.${key}=${JSON.stringify(value)}`,
      setMeta(key, value),
    ]),
  ),
  ['delete metadata.name', doc => void delete doc.metadata.name],
];

const wrongValues: unknown[] = [null, 5, true, '', 'x', [], ['x'], [5], [''], [null], {}, { a: 1 }];

/** Every spec key the base already has, deleted or set to each wrong JSON type. */
function specKeyMutations(doc: Doc): Mutation[] {
  return Object.keys(doc.spec ?? {}).flatMap(key => [
    [`delete spec.${key}`, d => void delete d.spec?.[key]] as Mutation,
    ...wrongValues.map((value): Mutation => [
      `spec.${key}=${JSON.stringify(value)}`,
      setSpec(key, value),
    ]),
  ]);
}

const refValues: unknown[] = [
  'team-a',
  'group:team-a',
  'Group:Team-A',
  'user:default/jane',
  'default/team-a',
  'other/team-a',
  'group:',
  ':team-a',
  'group:/team-a',
  'group:ns/',
  'a/b:c',
  'a:b:c',
  'a:b/c/d',
  '/',
  ':',
  'x/',
  'component:x',
];

const refFieldsByKind: Record<string, string[]> = {
  Component: [
    'owner',
    'system',
    'subcomponentOf',
    'providesApis',
    'consumesApis',
    'dependsOn',
    'dependencyOf',
  ],
  API: ['owner', 'system'],
  Resource: ['owner', 'system', 'dependsOn', 'dependencyOf'],
  System: ['owner', 'domain'],
  Domain: ['owner', 'subdomainOf'],
  Group: ['parent', 'children', 'members'],
  User: ['memberOf'],
  Template: ['owner'],
};
const listFields = new Set([
  'providesApis',
  'consumesApis',
  'dependsOn',
  'dependencyOf',
  'children',
  'members',
  'memberOf',
]);

function refMutations(doc: Doc): Mutation[] {
  const fields = refFieldsByKind[String(doc.kind)] ?? [];
  return fields.flatMap(field => [
    ...refValues.map((ref): Mutation => [
      `spec.${field} ref ${JSON.stringify(ref)}`,
      setSpec(field, listFields.has(field) ? [ref] : ref),
    ]),
    // Shapes only the schema-less dependencyOf lets through to the ref parser.
    ...(field === 'dependencyOf'
      ? [
          'component:x',
          { kind: 'component', name: 'x' },
          { name: 'x' },
          [{ kind: 'component', name: 'x' }],
          [['component:x']],
          [[]],
          0,
          false,
          [0],
        ].map((value): Mutation => [
          `spec.dependencyOf=${JSON.stringify(value)}`,
          setSpec(field, value),
        ])
      : []),
  ]);
}

function kindSpecificMutations(doc: Doc): Mutation[] {
  switch (doc.kind) {
    case 'API':
      return [
        ['mcp-server without remotes', setSpec('type', 'mcp-server')],
        ...[
          [],
          [{}],
          [{ type: 'streamable-http', url: 'http://x' }],
          [{ type: '', url: 'x' }],
          'x',
          [5],
        ].map((remotes): Mutation => [
          `mcp-server remotes=${JSON.stringify(remotes)}`,
          d => {
            d.spec = { ...d.spec, type: 'mcp-server', remotes };
          },
        ]),
        [
          'mcp-server with remotes, no definition',
          d => {
            d.spec = { ...d.spec, type: 'mcp-server', remotes: [{ type: 'sse', url: 'http://x' }] };
            delete d.spec.definition;
          },
        ],
      ];
    case 'Location':
      return [
        ...['required', 'optional', 'sometimes', '', 5].map((p): Mutation => [
          `presence=${JSON.stringify(p)}`,
          setSpec('presence', p),
        ]),
        ...[[''], ['./a.yaml'], 'x', [5]].map((t): Mutation => [
          `targets=${JSON.stringify(t)}`,
          setSpec('targets', t),
        ]),
      ];
    case 'Group':
      return [{ email: '' }, { email: 'a@b.c' }, 5, { picture: 5 }, [], null].map(
        (profile): Mutation => [`profile=${JSON.stringify(profile)}`, setSpec('profile', profile)],
      );
    case 'Template':
      return [
        ...[
          [{}],
          [{ action: 5 }],
          [{ action: '' }],
          [{ action: 'x', if: 5 }],
          [{ action: 'x', if: true }],
          [{ action: 'x', if: '${{ x }}' }],
          [{ action: 'x', input: [] }],
          [{ action: 'x', id: 5 }],
          [{ action: 'x', 'backstage:permissions': { tags: [5] } }],
          [5],
          [],
        ].map((steps): Mutation => [`steps=${JSON.stringify(steps)}`, setSpec('steps', steps)]),
        ...[
          null,
          [],
          [5],
          {},
          [{}],
          'x',
          { 'backstage:permissions': { tags: 'x' } },
          [{ 'backstage:permissions': { tags: [5] } }],
          [{ properties: {} }, null],
        ].map((parameters): Mutation => [
          `parameters=${JSON.stringify(parameters)}`,
          setSpec('parameters', parameters),
        ]),
        ...[
          {},
          { foo: 5 },
          { foo: 'x' },
          { links: [{ url: '' }] },
          { links: [{ url: 'x', if: 5 }] },
          { text: [{ content: 5 }] },
          { text: [{ title: 'x', content: 'y' }] },
          { links: 'x' },
          [],
        ].map((output): Mutation => [
          `output=${JSON.stringify(output)}`,
          setSpec('output', output),
        ]),
        ...(
          [
            ['secrets', { schema: [] }],
            ['secrets', { schema: {} }],
            ['presentation', { buttonLabels: { backButtonText: 5 } }],
            ['EXPERIMENTAL_recovery', { EXPERIMENTAL_strategy: 5 }],
            ['formDecorators', [{ id: 5 }]],
            ['formDecorators', [{ id: 'x', input: {} }]],
            ['EXPERIMENTAL_formDecorators', [5]],
          ] as const
        ).map(([key, value]): Mutation => [`${key}=${JSON.stringify(value)}`, setSpec(key, value)]),
      ];
    default:
      return [];
  }
}

function baseDocuments(): Doc[] {
  const fixtureFiles = readFixtureSources()
    .filter(s => s.kind !== 'mkdocs')
    .map(s => join(FIXTURES_DIR, s.file));
  const exampleFiles = listFilesRecursively(EXAMPLES_DIR, ['.yaml', '.yml']);
  const all = [...exampleFiles, ...fixtureFiles]
    .flatMap(file => readYamlDocuments(file))
    .flatMap(d => (d.status === 'entity' ? [resolvePlaceholders(d.value) as Doc] : []));
  // A few bases per kind keep the run short while covering each kind's own fields.
  const perKind = new Map<string, Doc[]>();
  for (const doc of all) {
    const list = perKind.get(String(doc.kind)) ?? [];
    if (list.length < 3 && validateEntity(doc).ok) {
      list.push(doc);
      perKind.set(String(doc.kind), list);
    }
  }
  return [...perKind.values()].flat();
}

describe.skipIf(corpusSkip({ fixtures: true, examples: true }))(
  'differential: Callboard vs Backstage on mutated entities',
  () => {
    it('agrees with Backstage on every mutation of every base entity', async () => {
      const bases = baseDocuments();
      expect(new Set(bases.map(b => b.kind))).toEqual(
        new Set([
          'Component',
          'API',
          'Resource',
          'System',
          'Domain',
          'Group',
          'User',
          'Location',
          'Template',
        ]),
      );
      const disagreements: unknown[] = [];
      let total = 0;
      let invalid = 0;
      for (const base of bases) {
        const mutations = [
          ...rootMutations,
          ...metadataMutations,
          ...specKeyMutations(base),
          ...refMutations(base),
          ...kindSpecificMutations(base),
        ];
        for (const [label, mutate] of mutations) {
          const doc = structuredClone(base);
          mutate(doc);
          total += 1;
          const backstage = await backstageVerdict(doc);
          const callboard = validateEntity(doc);
          invalid += backstage.valid ? 0 : 1;
          if (backstage.valid !== callboard.ok) {
            disagreements.push({
              base: `${String(base.kind)}:${String(base.metadata.name)}`,
              mutation: label,
              backstage,
              callboard: callboard.ok ? 'valid' : callboard.problems.map(p => p.message),
            });
          }
        }
      }
      console.log(
        `differential (mutations): ${total} variants of ${bases.length} base entities ` +
          `(${total - invalid} valid, ${invalid} invalid for Backstage), ${total - disagreements.length} agree`,
      );
      expect(disagreements).toEqual([]);
      // Exact, so that a base or a mutation silently dropped shows up.
      expect({ bases: bases.length, total, invalid }).toEqual({
        bases: 27,
        total: 7078,
        invalid: 5020,
      });
    });
  },
);
