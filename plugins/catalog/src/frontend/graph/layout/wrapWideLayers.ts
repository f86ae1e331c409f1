/** A laid-out node: top-left corner and size, as ELK answers. */
export interface PlacedNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WrapOptions {
  /** The viewport: the drawing should approach its shape. */
  viewport: { width: number; height: number };
  /** Fold only when fitting the unfolded drawing into the viewport would zoom out below this. */
  minReadableZoom: number;
  /** Horizontal gap between layers. */
  layerGap: number;
  /** Gap between the columns a wide layer is wrapped into, and between rows. */
  nodeGap: number;
}

/**
 * A layered (left-to-right) layout of a graph with a wide fan-out, such as a system with 300
 * parts, is one column 20 000 px tall: fitting it on screen makes every node a dot. This folds
 * each layer that is too tall into several side-by-side columns, row by row so that nodes ELK
 * ordered next to each other stay close, choosing the fold that brings the whole drawing nearest
 * to the viewport's shape. Layers stay in their left-to-right order, so edges still flow one way.
 * Returns centre positions; ELK's own come back (`folded: false`) when the drawing already fits
 * the viewport legibly or folding would not help: ELK's edge routes and labels only fit those.
 */
export function wrapWideLayers(
  nodes: readonly PlacedNode[],
  options: WrapOptions,
): { positions: Record<string, { x: number; y: number }>; folded: boolean } {
  const layers = groupIntoLayers(nodes);
  const unchanged = {
    positions: Object.fromEntries(
      nodes.map(node => [node.id, { x: node.x + node.width / 2, y: node.y + node.height / 2 }]),
    ),
    folded: false,
  };
  if (layers.length === 0) return unchanged;
  const { width: viewWidth, height: viewHeight } = options.viewport;
  const aspectRatio = viewWidth / viewHeight;
  const elkWidth =
    Math.max(...nodes.map(node => node.x + node.width)) - Math.min(...nodes.map(node => node.x));
  const elkHeight =
    Math.max(...nodes.map(node => node.y + node.height)) - Math.min(...nodes.map(node => node.y));
  if (Math.min(viewWidth / elkWidth, viewHeight / elkHeight) >= options.minReadableZoom) {
    return unchanged;
  }

  const rowHeight = Math.max(...nodes.map(node => node.height)) + options.nodeGap;
  const columnWidths = layers.map(layer => Math.max(...layer.map(node => node.width)));
  const tallest = Math.max(...layers.map(layer => layer.length));

  const extent = (rows: number) => {
    let width = options.layerGap * (layers.length - 1);
    layers.forEach((layer, index) => {
      const columns = Math.ceil(layer.length / rows);
      width += columns * (columnWidths[index] ?? 0) + (columns - 1) * options.nodeGap;
    });
    return { width, height: Math.min(rows, tallest) * rowHeight };
  };
  const distance = (rows: number) => {
    const { width, height } = extent(rows);
    return Math.abs(Math.log(width / height / aspectRatio));
  };

  let bestRows = tallest;
  for (let rows = tallest - 1; rows >= 1; rows--) {
    if (distance(rows) < distance(bestRows)) bestRows = rows;
  }
  // Folding only pays when a layer is taller than the chosen number of rows.
  if (bestRows >= tallest) return unchanged;

  const positions: Record<string, { x: number; y: number }> = {};
  let left = 0;
  layers.forEach((layer, index) => {
    const columnWidth = columnWidths[index] ?? 0;
    const columns = Math.ceil(layer.length / bestRows);
    const rows = Math.ceil(layer.length / columns);
    const top = (-rows * rowHeight) / 2;
    layer.forEach((node, order) => {
      const row = Math.floor(order / columns);
      const column = order % columns;
      positions[node.id] = {
        x: left + column * (columnWidth + options.nodeGap) + columnWidth / 2,
        y: top + row * rowHeight + rowHeight / 2,
      };
    });
    left += columns * columnWidth + (columns - 1) * options.nodeGap + options.layerGap;
  });
  return { positions, folded: true };
}

/**
 * ELK does not report layers, but in a left-to-right layout the nodes of one layer overlap
 * horizontally and layers are separated by a gap: a sweep over x finds them. Each layer comes
 * back in ELK's top-to-bottom order.
 */
export function groupIntoLayers(nodes: readonly PlacedNode[]): PlacedNode[][] {
  const byLeft = [...nodes].sort((a, b) => a.x - b.x);
  const layers: PlacedNode[][] = [];
  let current: PlacedNode[] | undefined;
  let right = -Infinity;
  for (const node of byLeft) {
    if (!current || node.x >= right) {
      current = [];
      layers.push(current);
      right = -Infinity;
    }
    current.push(node);
    right = Math.max(right, node.x + node.width);
  }
  return layers.map(layer => layer.sort((a, b) => a.y - b.y));
}
