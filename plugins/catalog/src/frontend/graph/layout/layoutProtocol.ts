/** Messages between the page and the layout worker. */

export interface LayoutRequest {
  id: number;
  nodes: Array<{ id: string; width: number; height: number }>;
  edges: Array<{
    id: string;
    source: string;
    target: string;
    /** Size of the edge's label, for ELK to make room for it on the edge. */
    label?: { text: string; width: number; height: number };
  }>;
  /** The drawing's size on screen: a layout too tall or wide to read there gets folded. */
  viewport: { width: number; height: number };
}

export interface Point {
  x: number;
  y: number;
}

export type LayoutResponse =
  | {
      id: number;
      ok: true;
      /** Node centres. */
      positions: Record<string, Point>;
      /** ELK's route of each edge around the nodes; absent when the layers were folded. */
      routes: Record<string, EdgeRoute> | undefined;
    }
  | { id: number; ok: false; message: string };

/** Where an edge leaves its source, bends, and meets its target, in layout coordinates. */
export interface EdgeRoute {
  start: Point;
  bends: Point[];
  end: Point;
  /** Centre of the edge's label, on the route. */
  label?: Point;
}
