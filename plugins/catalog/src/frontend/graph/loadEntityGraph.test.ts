import { describe, expect, it } from 'vitest';
import type { Entity, EntityRelation } from '@callboard/catalog-model';
import { loadEntityGraph, type EntityGraph } from './loadEntityGraph';
import { relationTypesOf } from './relationTypes';

function entity(ref: string, relations: Array<[type: string, target: string]>): Entity {
  const [kind = '', rest = ''] = ref.split(':');
  const [namespace = '', name = ''] = rest.split('/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: kind.replace(/^./, c => c.toUpperCase()),
    metadata: { name, namespace },
    spec: { type: 'service' },
    relations: relations.map(([type, targetRef]): EntityRelation => ({ type, targetRef })),
  };
}

/** web → payments → db; payments provides payments-api; payments is part of shop; one dangling ref. */
const catalog = [
  entity('component:default/web', [
    ['dependsOn', 'component:default/payments'],
    ['ownedBy', 'group:default/team-a'],
  ]),
  entity('component:default/payments', [
    ['dependencyOf', 'component:default/web'],
    ['dependsOn', 'resource:default/db'],
    ['dependsOn', 'resource:default/gone'],
    ['providesApi', 'api:default/payments-api'],
    ['partOf', 'system:default/shop'],
  ]),
  entity('resource:default/db', [['dependencyOf', 'component:default/payments']]),
  entity('api:default/payments-api', [['apiProvidedBy', 'component:default/payments']]),
  entity('system:default/shop', [['hasPart', 'component:default/payments']]),
  entity('group:default/team-a', [['ownerOf', 'component:default/web']]),
];
const byRef = new Map(
  catalog.map(e => [`${e.kind.toLowerCase()}:${e.metadata.namespace}/${e.metadata.name}`, e]),
);

function fetcher(calls: string[][] = []) {
  return async (refs: string[]) => {
    calls.push(refs);
    return refs.map(ref => byRef.get(ref) ?? null);
  };
}

function summary(graph: EntityGraph) {
  return {
    nodes: graph.nodes.map(n => `${n.id}${n.missing ? ' (missing)' : ''}@${n.distance}`).sort(),
    edges: graph.edges.map(e => `${e.source} ${e.type} ${e.target}`).sort(),
  };
}

describe('loadEntityGraph', () => {
  it('walks the chosen relations to the given depth, with edges among the nodes reached', async () => {
    const calls: string[][] = [];
    const graph = await loadEntityGraph({
      root: byRef.get('component:default/web')!,
      depth: 2,
      relationTypes: relationTypesOf(['dependencies', 'apis']),
      maxNodes: 100,
      fetchEntities: fetcher(calls),
    });
    expect(summary(graph)).toEqual({
      nodes: [
        'api:default/payments-api@2',
        'component:default/payments@1',
        'component:default/web@0',
        'resource:default/db@2',
        'resource:default/gone (missing)@2',
      ],
      edges: [
        'component:default/payments dependsOn resource:default/db',
        'component:default/payments dependsOn resource:default/gone',
        'component:default/payments providesApi api:default/payments-api',
        'component:default/web dependsOn component:default/payments',
      ],
    });
    expect(graph.rootId).toBe('component:default/web');
    expect(graph.truncated).toBe(false);
    // One request per level.
    expect(calls).toHaveLength(2);
  });

  it('points edges the forward way when read from the reverse relation', async () => {
    const graph = await loadEntityGraph({
      root: byRef.get('resource:default/db')!,
      depth: 1,
      relationTypes: relationTypesOf(['dependencies']),
      maxNodes: 100,
      fetchEntities: fetcher(),
    });
    expect(summary(graph).edges).toEqual([
      'component:default/payments dependsOn resource:default/db',
    ]);
  });

  it('stops at the node cap and says so', async () => {
    const graph = await loadEntityGraph({
      root: byRef.get('component:default/payments')!,
      depth: 3,
      relationTypes: relationTypesOf(['dependencies', 'apis', 'partOf', 'ownership']),
      maxNodes: 3,
      fetchEntities: fetcher(),
    });
    expect(graph.nodes).toHaveLength(3);
    expect(graph.truncated).toBe(true);
  });

  it('follows only expandTypes but draws every chosen relation among the nodes found', async () => {
    const graph = await loadEntityGraph({
      root: byRef.get('system:default/shop')!,
      depth: 1,
      relationTypes: relationTypesOf(['partOf', 'apis', 'dependencies']),
      expandTypes: new Set(['hasPart']),
      maxNodes: 100,
      fetchEntities: fetcher(),
    });
    expect(summary(graph).nodes).toEqual(['component:default/payments@1', 'system:default/shop@0']);
  });

  it('fetches in batches of the given size', async () => {
    const calls: string[][] = [];
    await loadEntityGraph({
      root: byRef.get('component:default/payments')!,
      depth: 1,
      relationTypes: relationTypesOf(['dependencies', 'apis', 'partOf']),
      maxNodes: 100,
      fetchEntities: fetcher(calls),
      batchSize: 2,
    });
    expect(calls.map(c => c.length)).toEqual([2, 2, 1]);
  });
});
