import {
  DEFAULT_NAMESPACE,
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@callboard/catalog-model';
import { maxEntityRefsPerRequest } from '../../common';
import { lookUpRelationType } from './relationTypes';

/** An entity in the graph; `missing` when a relation points at a ref the catalog does not hold. */
export interface GraphNode {
  /** The canonical, lower-case ref (`component:default/payments`). */
  id: string;
  /** Kind, namespace and name as the entity spells them (the ref's parts, for a missing one). */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  type?: string;
  description?: string;
  missing: boolean;
  root: boolean;
  /** Hops from the root. */
  distance: number;
}

/** An edge, always in the forward direction of its pair (see relationTypes.ts). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** The forward relation type, e.g. `dependsOn`. */
  type: string;
}

export interface EntityGraph {
  rootId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the node cap stopped the walk; some neighbours are not shown. */
  truncated: boolean;
  maxNodes: number;
}

export interface LoadEntityGraphOptions {
  /** The entity the walk starts from; it must carry its `relations`. */
  root: Entity;
  /** How many hops to walk (1 = direct neighbours). */
  depth: number;
  /** Stored relation types (both directions) drawn as edges. */
  relationTypes: ReadonlySet<string>;
  /** Stored relation types followed to find new nodes; default `relationTypes`. */
  expandTypes?: ReadonlySet<string>;
  maxNodes: number;
  /** Fetches entities by ref, `null` for refs the catalog does not hold; called in batches. */
  fetchEntities: (refs: string[]) => Promise<Array<Entity | null>>;
  batchSize?: number;
}

/** The fields the graph reads from each neighbour; keeps the by-refs responses small. */
export const graphEntityFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'spec.type',
  'relations',
];

/**
 * Walks the catalog breadth-first from `root` over the chosen relation types, one batch request
 * per level, and returns every node reached within `depth` hops plus every chosen relation
 * between them (so two neighbours that depend on each other show that edge too).
 */
export async function loadEntityGraph(options: LoadEntityGraphOptions): Promise<EntityGraph> {
  const expandTypes = options.expandTypes ?? options.relationTypes;
  const batchSize = options.batchSize ?? maxEntityRefsPerRequest;
  const rootId = stringifyEntityRef(options.root);

  const nodes = new Map<string, GraphNode>();
  const entities = new Map<string, Entity>();
  nodes.set(rootId, nodeFromEntity(options.root, 0, true));
  entities.set(rootId, options.root);

  let truncated = false;
  let frontier: Entity[] = [options.root];
  for (let distance = 1; distance <= options.depth && frontier.length > 0; distance++) {
    const discovered: string[] = [];
    for (const entity of frontier) {
      for (const relation of entity.relations ?? []) {
        if (!expandTypes.has(relation.type)) continue;
        const id = relation.targetRef.toLocaleLowerCase('en-US');
        if (nodes.has(id)) continue;
        if (nodes.size >= options.maxNodes) {
          truncated = true;
          continue;
        }
        discovered.push(id);
        // Stays a "missing" node unless the batch below finds the entity.
        nodes.set(id, missingNode(id, distance));
      }
    }
    const found = await fetchInBatches(discovered, options.fetchEntities, batchSize);
    frontier = [];
    discovered.forEach((id, index) => {
      const entity = found[index];
      if (!entity) return;
      nodes.set(id, nodeFromEntity(entity, distance, false));
      entities.set(id, entity);
      frontier.push(entity);
    });
  }

  const edges = new Map<string, GraphEdge>();
  for (const [id, entity] of entities) {
    for (const relation of entity.relations ?? []) {
      if (!options.relationTypes.has(relation.type)) continue;
      const pair = lookUpRelationType(relation.type);
      const otherId = relation.targetRef.toLocaleLowerCase('en-US');
      if (!pair || !nodes.has(otherId) || otherId === id) continue;
      const [source, target] = pair.reversed ? [otherId, id] : [id, otherId];
      const edgeId = `${pair.kind.forward}:${source}->${target}`;
      if (!edges.has(edgeId)) {
        edges.set(edgeId, { id: edgeId, source, target, type: pair.kind.forward });
      }
    }
  }

  return {
    rootId,
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    truncated,
    maxNodes: options.maxNodes,
  };
}

async function fetchInBatches(
  refs: string[],
  fetchEntities: LoadEntityGraphOptions['fetchEntities'],
  batchSize: number,
): Promise<Array<Entity | null>> {
  const batches: string[][] = [];
  for (let start = 0; start < refs.length; start += batchSize) {
    batches.push(refs.slice(start, start + batchSize));
  }
  const results = await Promise.all(batches.map(batch => fetchEntities(batch)));
  return results.flat();
}

function nodeFromEntity(entity: Entity, distance: number, root: boolean): GraphNode {
  const type = (entity.spec as { type?: unknown } | undefined)?.type;
  return {
    id: stringifyEntityRef(entity),
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
    title: entity.metadata.title || undefined,
    type: typeof type === 'string' && type ? type : undefined,
    description: entity.metadata.description || undefined,
    missing: false,
    root,
    distance,
  };
}

function missingNode(id: string, distance: number): GraphNode {
  const parsed = parseEntityRef(id);
  return {
    id,
    kind: parsed.kind,
    namespace: parsed.namespace,
    name: parsed.name,
    missing: true,
    root: false,
    distance,
  };
}
