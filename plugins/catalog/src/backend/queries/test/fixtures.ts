import type { Entity, EntityRelation } from '@callboard/catalog-model';

interface EntityOptions {
  namespace?: string | null;
  title?: string;
  description?: string;
  tags?: string[];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  spec?: Record<string, unknown>;
  relations?: EntityRelation[];
}

/** A stitched entity (before uid/etag); `namespace: null` leaves the namespace out. */
export function entity(kind: string, name: string, options: EntityOptions = {}): Entity {
  const { namespace = 'default', relations = [], spec, ...metadata } = options;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(namespace === null ? {} : { namespace }),
      ...metadata,
    },
    ...(spec ? { spec } : {}),
    relations,
  };
}

export const ownedBy = (targetRef: string): EntityRelation => ({ type: 'ownedBy', targetRef });

/**
 * A small catalog covering the filter forms: mixed-case values, a missing namespace, tags,
 * dotted annotation keys, relations, fields some entities lack, a value too long to index.
 */
export function sampleCatalog(): Entity[] {
  return [
    entity('Component', 'service-a', {
      title: 'Service A',
      tags: ['java', 'Backend'],
      annotations: {
        'backstage.io/source-location': 'url:https://git.example.com/org/a/',
        'github.com/project-slug': 'org/a',
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a', system: 'sys' },
      relations: [
        ownedBy('group:default/team-a'),
        { type: 'partOf', targetRef: 'system:default/sys' },
      ],
    }),
    entity('Component', 'service-b', {
      tags: ['python'],
      spec: { type: 'service', lifecycle: 'experimental', owner: 'team-b' },
      relations: [ownedBy('group:default/team-b')],
    }),
    entity('Component', 'website-c', {
      namespace: null,
      title: 'The Website',
      spec: { type: 'website', owner: 'team-a' },
      relations: [ownedBy('group:default/team-a')],
    }),
    entity('Component', 'service-d', {
      namespace: 'prod',
      tags: ['java'],
      spec: { type: 'Service', lifecycle: 'production', owner: 'team-b' },
      relations: [ownedBy('group:default/team-b')],
    }),
    entity('API', 'api-a', {
      spec: { type: 'openapi', lifecycle: 'production', owner: 'team-a', definition: 'x' },
      relations: [ownedBy('group:default/team-a')],
    }),
    entity('Group', 'team-a', { spec: { type: 'team', children: [] } }),
    entity('Group', 'team-b', { spec: { type: 'team', children: [], parent: 'team-a' } }),
    entity('User', 'jane', {
      spec: {
        profile: { displayName: 'Jane Doe', email: 'jane@example.com' },
        memberOf: ['team-a'],
      },
      relations: [{ type: 'memberOf', targetRef: 'group:default/team-a' }],
    }),
    entity('System', 'sys', { spec: { owner: 'team-a' } }),
    entity('Resource', 'db', {
      description: 'x'.repeat(250),
      labels: { tier: 'gold' },
      spec: { type: 'database', owner: 'team-b', replicas: 3, managed: true },
    }),
    entity('Location', 'root', {
      spec: {
        type: 'url',
        targets: ['https://git.example.com/a.yaml', 'https://git.example.com/b.yaml'],
      },
    }),
  ];
}
