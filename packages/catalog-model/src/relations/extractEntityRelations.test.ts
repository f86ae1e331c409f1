import { describe, expect, it } from 'vitest';
import { aiResourceKinds } from '../kinds/aiResourceKinds';
import { coreKinds } from '../kinds/coreKinds';
import { createKindRegistry } from '../kinds/createKindRegistry';
import {
  aComponent,
  aGroup,
  anApi,
  aResource,
  aTemplate,
  aUser,
  aSystem,
  aDomain,
} from '../test/entities';
import { extractEntityRelations } from './extractEntityRelations';

const rows = (entity: Parameters<typeof extractEntityRelations>[0]) => {
  const { relations, problems } = extractEntityRelations(entity);
  expect(problems).toEqual([]);
  return relations.map(r => `${r.source} ${r.type} ${r.target}`);
};

describe('extractEntityRelations', () => {
  it('emits every Component field with its default kind, forward and reverse', () => {
    const component = aComponent({
      metadata: { name: 'Petstore' },
      spec: {
        owner: 'team-a',
        system: 'pets',
        subcomponentOf: 'shop',
        providesApis: ['petstore-api'],
        consumesApis: ['api:auth'],
        dependsOn: ['resource:pets-db'],
        dependencyOf: ['component:frontend'],
      },
    });
    expect(rows(component)).toEqual([
      'component:default/petstore ownedBy group:default/team-a',
      'group:default/team-a ownerOf component:default/petstore',
      'component:default/petstore partOf component:default/shop',
      'component:default/shop hasPart component:default/petstore',
      'component:default/petstore providesApi api:default/petstore-api',
      'api:default/petstore-api apiProvidedBy component:default/petstore',
      'component:default/petstore consumesApi api:default/auth',
      'api:default/auth apiConsumedBy component:default/petstore',
      'component:default/petstore dependsOn resource:default/pets-db',
      'resource:default/pets-db dependencyOf component:default/petstore',
      'component:default/petstore dependencyOf component:default/frontend',
      'component:default/frontend dependsOn component:default/petstore',
      'component:default/petstore partOf system:default/pets',
      'system:default/pets hasPart component:default/petstore',
    ]);
  });

  it('inherits the entity namespace for refs that name none, and keeps explicit ones', () => {
    const component = aComponent({
      metadata: { namespace: 'payments' },
      spec: { owner: 'team-a', system: 'other/billing', providesApis: ['api:shared/ledger'] },
    });
    expect(rows(component)).toEqual([
      'component:payments/my-component ownedBy group:payments/team-a',
      'group:payments/team-a ownerOf component:payments/my-component',
      'component:payments/my-component providesApi api:shared/ledger',
      'api:shared/ledger apiProvidedBy component:payments/my-component',
      'component:payments/my-component partOf system:other/billing',
      'system:other/billing hasPart component:payments/my-component',
    ]);
  });

  it('lower-cases everything and lets an explicit kind override the default', () => {
    expect(
      rows(aComponent({ metadata: { name: 'Svc' }, spec: { owner: 'User:Ops/Jane' } })),
    ).toEqual([
      'component:default/svc ownedBy user:ops/jane',
      'user:ops/jane ownerOf component:default/svc',
    ]);
  });

  it('covers API, Resource, System, Domain, Group, User and Template', () => {
    expect(rows(anApi({ spec: { system: 's' } }))).toEqual([
      'api:default/my-api ownedBy group:default/team-a',
      'group:default/team-a ownerOf api:default/my-api',
      'api:default/my-api partOf system:default/s',
      'system:default/s hasPart api:default/my-api',
    ]);
    expect(
      rows(
        aResource({
          spec: { dependsOn: ['component:c'], dependencyOf: 'component:d', system: 's' },
        }),
      ),
    ).toEqual([
      'resource:default/my-resource ownedBy group:default/team-a',
      'group:default/team-a ownerOf resource:default/my-resource',
      'resource:default/my-resource dependsOn component:default/c',
      'component:default/c dependencyOf resource:default/my-resource',
      'resource:default/my-resource dependencyOf component:default/d',
      'component:default/d dependsOn resource:default/my-resource',
      'resource:default/my-resource partOf system:default/s',
      'system:default/s hasPart resource:default/my-resource',
    ]);
    expect(rows(aSystem({ spec: { domain: 'd' } }))).toContain(
      'system:default/my-system partOf domain:default/d',
    );
    expect(rows(aDomain({ spec: { subdomainOf: 'top' } }))).toContain(
      'domain:default/my-domain partOf domain:default/top',
    );
    expect(rows(aGroup({ spec: { parent: 'org', children: ['sub'], members: ['jane'] } }))).toEqual(
      [
        'group:default/my-group childOf group:default/org',
        'group:default/org parentOf group:default/my-group',
        'group:default/my-group parentOf group:default/sub',
        'group:default/sub childOf group:default/my-group',
        'group:default/my-group hasMember user:default/jane',
        'user:default/jane memberOf group:default/my-group',
      ],
    );
    expect(rows(aUser({ spec: { memberOf: ['team-a'] } }))).toEqual([
      'user:default/my-user memberOf group:default/team-a',
      'group:default/team-a hasMember user:default/my-user',
    ]);
    expect(rows(aTemplate({ spec: { owner: 'team-a' } }))).toEqual([
      'template:default/my-template ownedBy group:default/team-a',
      'group:default/team-a ownerOf template:default/my-template',
    ]);
  });

  it('emits nothing for a Location and for empty fields', () => {
    expect(
      rows({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'l' },
        spec: { targets: ['./a.yaml'] },
      }),
    ).toEqual([]);
    expect(rows(aGroup())).toEqual([]);
  });

  it('requires an explicit kind in dependsOn and dependencyOf, naming the field', () => {
    expect(
      extractEntityRelations(
        aComponent({ spec: { dependsOn: ['resource:db', 'cache'], dependencyOf: 'web' } }),
      ).problems,
    ).toEqual([
      {
        path: ['spec', 'dependsOn', 1],
        field: 'spec.dependsOn[1]',
        message:
          'spec.dependsOn[1] "cache" has no kind, and this field has no default kind: write it as <kind>:cache, e.g. "component:cache" or "resource:cache"',
      },
      {
        path: ['spec', 'dependencyOf'],
        field: 'spec.dependencyOf',
        message:
          'spec.dependencyOf "web" has no kind, and this field has no default kind: write it as <kind>:web, e.g. "component:web" or "resource:web"',
      },
    ]);
  });

  it('de-duplicates rows', () => {
    expect(rows(aComponent({ spec: { providesApis: ['a', 'api:A', 'api:default/a'] } }))).toEqual([
      'component:default/my-component ownedBy group:default/team-a',
      'group:default/team-a ownerOf component:default/my-component',
      'component:default/my-component providesApi api:default/a',
      'api:default/a apiProvidedBy component:default/my-component',
    ]);
  });

  it('reports an unknown kind instead of guessing', () => {
    expect(
      extractEntityRelations({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Widget',
        metadata: { name: 'w' },
      }),
    ).toEqual({
      relations: [],
      pairs: [],
      problems: [expect.objectContaining({ field: 'kind' })],
    });
  });

  it('follows the AiResource model: hasPart for contents, refs of other kinds dropped', () => {
    const registry = createKindRegistry([...coreKinds, ...aiResourceKinds]);
    const plugin = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'AiResource',
      metadata: { name: 'kit' },
      spec: {
        type: 'plugin',
        lifecycle: 'production',
        owner: 'component:not-an-owner',
        skills: ['design', 'system:nope'],
      },
    };
    expect(extractEntityRelations(plugin, { registry })).toEqual({
      problems: [],
      relations: [
        { source: 'airesource:default/kit', type: 'hasPart', target: 'airesource:default/design' },
        { source: 'airesource:default/design', type: 'partOf', target: 'airesource:default/kit' },
      ],
      pairs: [
        {
          source: 'airesource:default/kit',
          type: 'hasPart',
          target: 'airesource:default/design',
          reverse: 'partOf',
        },
      ],
    });
  });
});

describe('relation pairs', () => {
  it('lists each declared relation once, with the type it has from the target', () => {
    const { pairs, relations } = extractEntityRelations({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'a', namespace: 'ns' },
      spec: {
        type: 'service',
        lifecycle: 'x',
        owner: 'team',
        dependsOn: ['component:b', 'component:b'],
        providesApis: ['api-one'],
      },
    });
    expect(pairs).toEqual([
      { source: 'component:ns/a', type: 'ownedBy', target: 'group:ns/team', reverse: 'ownerOf' },
      {
        source: 'component:ns/a',
        type: 'providesApi',
        target: 'api:ns/api-one',
        reverse: 'apiProvidedBy',
      },
      {
        source: 'component:ns/a',
        type: 'dependsOn',
        target: 'component:ns/b',
        reverse: 'dependencyOf',
      },
    ]);
    // The rows in both directions are exactly the pairs, forwards and backwards.
    expect(relations).toHaveLength(pairs.length * 2);
  });
});
