import {
  ActionIcon,
  Box,
  Center,
  Group,
  Loader,
  Paper,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineTheme,
} from '@mantine/core';
import { IconFocusCentered, IconMaximize, IconZoomIn, IconZoomOut } from '@tabler/icons-react';
import cytoscape, { type Core, type ElementDefinition, type EventObject } from 'cytoscape';
import {
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import { graphStylesheet } from './graphStylesheet';
import { toCytoscapeRoute } from './layout/cytoscapeRoute';
import { runLayout, type LayoutResult } from './layout/runLayout';
import type { EntityGraph, GraphNode } from './loadEntityGraph';
import { measureEdgeLabel, measureNodes, textMeasurer } from './nodeLabels';
import { NodeDetails } from './NodeDetails';
import { relationKindByForward, relationKinds } from './relationTypes';

/** Above this many nodes, cheaper drawing (straight edges) keeps panning smooth. */
const largeGraphNodes = 300;
const zoomStep = 1.3;
/** Fitting a three-node graph should not blow it up to poster size. */
const maxFitZoom = 1.3;
const fitPadding = 32;

export interface GraphCanvasHandle {
  /** Centres the view on a node and outlines it, as when hovered. */
  focusNode(id: string): void;
}

interface LaidOut {
  graph: EntityGraph;
  /** `undefined` when the layout worker failed; Cytoscape's own layout stands in. */
  layout: LayoutResult | undefined;
}

/** The hovered node and where its box is on screen, relative to the drawing. */
export interface Hovered {
  node: GraphNode;
  centerX: number;
  top: number;
  bottom: number;
  viewWidth: number;
  viewHeight: number;
}

/**
 * The drawing: Cytoscape on a canvas (thousands of nodes stay smooth where SVG or DOM nodes would
 * not), laid out by ELK in a worker. Clicking a node opens it; hovering shows its details and
 * dims everything not connected to it. Zoom with the wheel, the buttons, or + − 0 and the arrow
 * keys when the drawing has focus.
 */
export function GraphCanvas({
  graph,
  height,
  label,
  onOpenNode,
  ref,
}: {
  graph: EntityGraph;
  height: number | string;
  /** The accessible name of the drawing. */
  label: string;
  onOpenNode: (node: GraphNode) => void;
  ref?: Ref<GraphCanvasHandle>;
}) {
  const theme = useMantineTheme();
  const scheme = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const containerRef = useRef<HTMLDivElement>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | undefined>(undefined);
  const [laidOut, setLaidOut] = useState<LaidOut | undefined>(undefined);
  const [hovered, setHovered] = useState<Hovered | undefined>(undefined);
  const large = graph.nodes.length > largeGraphNodes;
  const fontFamily = theme.fontFamily ?? 'sans-serif';

  // Event handlers read the latest props through refs, so Cytoscape's listeners bind once.
  const nodesById = useMemo(() => new Map(graph.nodes.map(node => [node.id, node])), [graph]);
  const latest = useRef({ nodesById, onOpenNode });
  useEffect(() => {
    latest.current = { nodesById, onOpenNode };
  });

  const sizes = useMemo(() => measureNodes(graph.nodes, fontFamily), [graph, fontFamily]);
  // Big graphs go without edge labels: they would crowd the drawing and slow ELK down.
  const edgeLabels = useMemo(() => {
    if (large) return undefined;
    const measure = textMeasurer(fontFamily);
    return new Map(
      relationKinds.map(kind => [kind.forward, measureEdgeLabel(measure, kind.label)]),
    );
  }, [large, fontFamily]);
  const startedAt = useRef(0);

  // Cytoscape itself: created once per container (and again when the graph crosses the "large"
  // line, whose renderer options are fixed at creation).
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const cy = cytoscape({
      container,
      style: graphStylesheet(theme, scheme, { largeGraph: large }),
      minZoom: 0.03,
      maxZoom: 3,
      boxSelectionEnabled: false,
      autounselectify: true,
      // While panning a big graph, draw a bitmap of it instead of every node.
      textureOnViewport: large,
      hideEdgesOnViewport: false,
    });
    cyRef.current = cy;
    const nodeById = (id: string) => latest.current.nodesById.get(id);

    const clearHover = () => {
      cy.batch(() => cy.elements().removeClass('faded hovered hovered-label'));
      setHovered(undefined);
    };
    cy.on('tap', 'node', (event: EventObject) => {
      const node = nodeById(event.target.id() as string);
      if (node) latest.current.onOpenNode(node);
    });
    cy.on('mouseover', 'node', (event: EventObject) => {
      const target = event.target as cytoscape.NodeSingular;
      const node = nodeById(target.id());
      if (!node) return;
      const neighbourhood = target.closedNeighborhood();
      let labels = cy.collection();
      neighbourhood.edges().forEach(edge => {
        labels = labels.union(cy.$id(labelNodeId(edge.id())));
      });
      cy.batch(() => {
        cy.elements().difference(neighbourhood).difference(labels).addClass('faded');
        neighbourhood.edges().addClass('hovered');
        labels.addClass('hovered-label');
        target.addClass('hovered');
      });
      const box = target.renderedBoundingBox({});
      setHovered({
        node,
        centerX: (box.x1 + box.x2) / 2,
        top: box.y1,
        bottom: box.y2,
        viewWidth: cy.width(),
        viewHeight: cy.height(),
      });
      // Missing entities have no page to open.
      container.style.cursor = node.missing ? '' : 'pointer';
    });
    cy.on('mouseout', 'node', () => {
      clearHover();
      container.style.cursor = '';
    });
    cy.on('viewport', () => setHovered(undefined));
    return () => {
      cyRef.current = undefined;
      cy.destroy();
    };
    // The theme is applied by the next effect; recreating the canvas for it would lose the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [large]);

  // Theme changes restyle in place.
  useEffect(() => {
    cyRef.current?.style(graphStylesheet(theme, scheme, { largeGraph: large }));
  }, [theme, scheme, large]);

  // Layout in the worker; a newer graph supersedes a running layout.
  useEffect(() => {
    const controller = new AbortController();
    startedAt.current = performance.now();
    const box = containerRef.current?.getBoundingClientRect();
    const viewport =
      box && box.width > 0 && box.height > 0
        ? { width: box.width, height: box.height }
        : { width: 1000, height: 600 };
    runLayout(
      {
        nodes: graph.nodes.map(node => ({
          id: node.id,
          width: sizes.get(node.id)?.width ?? 100,
          height: sizes.get(node.id)?.height ?? 40,
        })),
        edges: graph.edges.map(edge => ({
          id: edge.id,
          source: edge.source,
          target: edge.target,
          label: edgeLabels?.get(edge.type),
        })),
        viewport,
      },
      controller.signal,
    ).then(
      layout => setLaidOut({ graph, layout }),
      (error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        console.warn('Graph layout failed; using a simpler layout instead.', error);
        setLaidOut({ graph, layout: undefined });
      },
    );
    return () => controller.abort();
  }, [graph, sizes, edgeLabels]);

  // Put the laid-out graph on the canvas in the same commit that drops the "Laying out" overlay
  // and says `data-state="ready"`: before the browser paints or runs anything else, so no one
  // (a person's pointer, a test reading node positions) meets a "ready" drawing whose nodes are
  // not there yet or are about to move when the view is fitted.
  useLayoutEffect(() => {
    const cy = cyRef.current;
    if (!cy || !laidOut) return;
    const { graph, layout } = laidOut;
    cy.batch(() => {
      cy.elements().remove();
      cy.add(toElements(graph, sizes, layout, edgeLabels));
    });
    setHovered(undefined);
    if (!layout) {
      cy.layout({ name: 'breadthfirst', roots: [graph.rootId], spacingFactor: 1.1 }).run();
    }
    fitView(cy);
    cy.one('render', () => {
      const wrapper = wrapperRef.current;
      if (wrapper) {
        // Read by people and tests measuring how long a graph takes to appear.
        wrapper.dataset.renderMs = String(Math.round(performance.now() - startedAt.current));
      }
    });
  }, [laidOut, sizes, large, edgeLabels]);

  useImperativeHandle(ref, () => ({
    focusNode(id: string) {
      const cy = cyRef.current;
      const target = cy?.$id(id);
      if (!cy || !target || target.empty()) return;
      cy.animate({ center: { eles: target }, zoom: Math.max(cy.zoom(), 1) }, { duration: 250 });
      target.flashClass('hovered', 1500);
    },
  }));

  const zoomBy = (factor: number) => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.zoom({
      level: cy.zoom() * factor,
      renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 },
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const cy = cyRef.current;
    if (!cy || event.target !== event.currentTarget) return;
    const pan = 60;
    const actions: Record<string, () => void> = {
      '+': () => zoomBy(zoomStep),
      '=': () => zoomBy(zoomStep),
      '-': () => zoomBy(1 / zoomStep),
      '0': () => fitView(cy),
      ArrowLeft: () => cy.panBy({ x: pan, y: 0 }),
      ArrowRight: () => cy.panBy({ x: -pan, y: 0 }),
      ArrowUp: () => cy.panBy({ x: 0, y: pan }),
      ArrowDown: () => cy.panBy({ x: 0, y: -pan }),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };

  const layingOut = laidOut?.graph !== graph;
  return (
    <Paper
      ref={wrapperRef}
      withBorder
      radius="md"
      pos="relative"
      h={height}
      style={{ overflow: 'hidden', background: 'var(--mantine-color-body)' }}
      data-testid="entity-graph"
      data-node-count={graph.nodes.length}
      data-edge-count={graph.edges.length}
      data-state={layingOut ? 'layout' : 'ready'}
    >
      <Box
        ref={containerRef}
        pos="absolute"
        inset={0}
        tabIndex={0}
        role="application"
        aria-roledescription="graph"
        aria-label={`${label}. Use + and − to zoom, 0 to fit, the arrow keys to pan. The list of relations below describes the same graph.`}
        onKeyDown={onKeyDown}
        // Leaving the canvas straight from a node sends Cytoscape no mouseout.
        onMouseLeave={() => {
          const cy = cyRef.current;
          cy?.batch(() => cy.elements().removeClass('faded hovered hovered-label'));
          setHovered(undefined);
        }}
        style={{ outlineOffset: -3 }}
      />
      {layingOut ? (
        <Center
          pos="absolute"
          inset={0}
          role="status"
          style={{
            pointerEvents: 'none',
            background: 'color-mix(in srgb, var(--mantine-color-body) 70%, transparent)',
          }}
        >
          <Group gap="sm">
            <Loader size="sm" aria-hidden />
            <Text size="sm">Laying out {graph.nodes.length} entities…</Text>
          </Group>
        </Center>
      ) : null}
      <ActionIcon.Group orientation="vertical" pos="absolute" top={12} right={12}>
        <ZoomButton label="Zoom in" onClick={() => zoomBy(zoomStep)}>
          <IconZoomIn size={18} stroke={1.75} aria-hidden />
        </ZoomButton>
        <ZoomButton label="Zoom out" onClick={() => zoomBy(1 / zoomStep)}>
          <IconZoomOut size={18} stroke={1.75} aria-hidden />
        </ZoomButton>
        <ZoomButton
          label="Fit the graph in view"
          onClick={() => cyRef.current && fitView(cyRef.current)}
        >
          <IconMaximize size={18} stroke={1.75} aria-hidden />
        </ZoomButton>
        <ZoomButton
          label="Centre on this entity"
          onClick={() => {
            const cy = cyRef.current;
            const root = cy?.$id(graph.rootId);
            if (cy && root && root.nonempty()) {
              cy.animate(
                { center: { eles: root }, zoom: Math.max(cy.zoom(), 1) },
                { duration: 250 },
              );
            }
          }}
        >
          <IconFocusCentered size={18} stroke={1.75} aria-hidden />
        </ZoomButton>
      </ActionIcon.Group>
      {hovered ? <NodeDetails {...hovered} /> : null}
    </Paper>
  );
}

function ZoomButton(props: { label: string; onClick: () => void; children: ReactNode }) {
  return (
    <Tooltip label={props.label} position="left" withArrow>
      <ActionIcon variant="default" size="lg" aria-label={props.label} onClick={props.onClick}>
        {props.children}
      </ActionIcon>
    </Tooltip>
  );
}

function fitView(cy: Core) {
  cy.fit(undefined, fitPadding);
  if (cy.zoom() > maxFitZoom) {
    cy.zoom(maxFitZoom);
    cy.center();
  }
}

function toElements(
  graph: EntityGraph,
  sizes: ReturnType<typeof measureNodes>,
  layout: LayoutResult | undefined,
  edgeLabels: Map<string, ReturnType<typeof measureEdgeLabel>> | undefined,
): ElementDefinition[] {
  const positions = layout?.positions;
  const labelNodes: ElementDefinition[] = [];
  const nodes = graph.nodes.map((node): ElementDefinition => {
    const size = sizes.get(node.id);
    return {
      group: 'nodes',
      data: {
        id: node.id,
        label: size?.label ?? node.name,
        width: size?.width ?? 100,
        height: size?.height ?? 40,
      },
      position: positions?.[node.id] ?? { x: 0, y: 0 },
      classes: [
        `kind-${node.kind.toLocaleLowerCase('en-US')}`,
        node.root ? 'root' : '',
        node.missing ? 'missing' : '',
      ].join(' '),
    };
  });
  const edges = graph.edges.map((edge): ElementDefinition => {
    const elkRoute = layout?.routes?.[edge.id];
    const source = positions?.[edge.source];
    const target = positions?.[edge.target];
    const route =
      elkRoute && source && target ? toCytoscapeRoute(source, target, elkRoute) : undefined;
    const text = relationKindByForward(edge.type)?.label ?? edge.type;
    const labelAt = route ? elkRoute?.label : undefined;
    const labelSize = edgeLabels?.get(edge.type);
    if (labelAt && labelSize) {
      labelNodes.push({
        group: 'nodes',
        data: {
          id: labelNodeId(edge.id),
          label: text,
          width: labelSize.width,
          height: labelSize.height,
        },
        position: labelAt,
        classes: 'edge-label',
        grabbable: false,
        selectable: false,
      });
    }
    return {
      group: 'edges',
      data: { id: edge.id, source: edge.source, target: edge.target, label: text, ...route },
      classes: [
        `rel-${edge.type}`,
        route ? 'routed' : '',
        labelAt && labelSize ? 'labelled' : '',
      ].join(' '),
    };
  });
  return [...nodes, ...edges, ...labelNodes];
}

function labelNodeId(edgeId: string): string {
  return `${edgeId}#label`;
}
