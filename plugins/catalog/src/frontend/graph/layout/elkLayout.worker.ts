// Runs ELK's layered (Sugiyama) layout off the main thread: a few hundred nodes take ELK a
// second or more, and the page must keep scrolling and answering clicks meanwhile.
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { EdgeRoute, LayoutRequest, LayoutResponse } from './layoutProtocol';
import { wrapWideLayers } from './wrapWideLayers';

const nodeGap = 18;
const layerGap = 70;
/** Below this zoom node labels are too small to read; Cytoscape stops drawing them. */
const minReadableZoom = 0.6;

interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResponse): void;
}

const scope = self as unknown as WorkerScope;
// No workerUrl: ELK runs synchronously inside this worker.
const elk = new ELK();

// Importing ELK's bundle inside a worker installs its own message handler; this one replaces it.
scope.onmessage = event => {
  const request = event.data;
  elk.layout(toElkGraph(request)).then(
    graph => {
      const placed = (graph.children ?? []).map(child => ({
        id: child.id,
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? 0,
        height: child.height ?? 0,
      }));
      const wrapped = wrapWideLayers(placed, {
        viewport: request.viewport,
        minReadableZoom,
        layerGap,
        nodeGap,
      });
      // ELK's edge routes fit its own node positions only; folded layers get straight edges.
      const routes = wrapped.folded ? undefined : edgeRoutes(graph.edges ?? []);
      scope.postMessage({ id: request.id, ok: true, positions: wrapped.positions, routes });
    },
    (error: unknown) => {
      scope.postMessage({
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      });
    },
  );
};

function toElkGraph(request: LayoutRequest): ElkNode {
  const large = request.nodes.length > 300;
  const labelled = request.edges.some(edge => edge.label);
  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'POLYLINE',
      'elk.spacing.nodeNode': String(nodeGap),
      // Labelled edges get a layer of their own for the label: two gaps, so each is smaller.
      'elk.layered.spacing.nodeNodeBetweenLayers': String(labelled ? layerGap / 2 : layerGap),
      // A walk from one entity is connected; one layering for all keeps wrapWideLayers simple.
      'elk.separateConnectedComponents': 'false',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.spacing.edgeLabel': '2',
      // Fewer crossing-minimisation sweeps on big graphs: a bit more tangle, much less waiting.
      'elk.layered.thoroughness': large ? '2' : '7',
    },
    children: request.nodes.map(node => ({ id: node.id, width: node.width, height: node.height })),
    edges: request.edges.map(edge => ({
      id: edge.id,
      sources: [edge.source],
      targets: [edge.target],
      labels: edge.label
        ? [
            {
              id: `${edge.id}#label`,
              // ELK leaves labels without text unplaced, at (0, 0).
              text: edge.label.text,
              width: edge.label.width,
              height: edge.label.height,
              // On the line, centred: the edge runs through its label, which hides it there.
              layoutOptions: { 'elk.edgeLabels.inline': 'true' },
            },
          ]
        : undefined,
    })),
  };
}

function edgeRoutes(edges: readonly ElkExtendedEdge[]): Record<string, EdgeRoute> {
  const routes: Record<string, EdgeRoute> = {};
  for (const edge of edges) {
    // One section per edge: each has a single source and target, and there are no ports.
    const section = edge.sections?.[0];
    if (!section) continue;
    const label = edge.labels?.[0];
    routes[edge.id] = {
      start: { x: section.startPoint.x, y: section.startPoint.y },
      bends: (section.bendPoints ?? []).map(point => ({ x: point.x, y: point.y })),
      end: { x: section.endPoint.x, y: section.endPoint.y },
      label:
        label?.x !== undefined && label.y !== undefined
          ? { x: label.x + (label.width ?? 0) / 2, y: label.y + (label.height ?? 0) / 2 }
          : undefined,
    };
  }
  return routes;
}
