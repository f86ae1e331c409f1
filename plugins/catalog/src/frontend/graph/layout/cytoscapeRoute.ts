import type { EdgeRoute, Point } from './layoutProtocol';

/**
 * ELK's route in Cytoscape's terms: the end points as offsets from the nodes' centres, and each
 * bend relative to the straight line between the end points: how far along it (weight, 0–1) and
 * how far to its side (distance; Cytoscape's normal is (−dy, dx) of the direction of travel).
 */
export function toCytoscapeRoute(
  source: Point,
  target: Point,
  route: EdgeRoute,
):
  | { sourceEndpoint: string; targetEndpoint: string; weights: number[]; distances: number[] }
  | undefined {
  const dx = route.end.x - route.start.x;
  const dy = route.end.y - route.start.y;
  const lengthSquared = dx * dx + dy * dy;
  if (lengthSquared < 1) return undefined;
  const length = Math.sqrt(lengthSquared);
  const weights: number[] = [];
  const distances: number[] = [];
  for (const bend of route.bends) {
    const px = bend.x - route.start.x;
    const py = bend.y - route.start.y;
    weights.push((px * dx + py * dy) / lengthSquared);
    distances.push((-dy * px + dx * py) / length);
  }
  if (weights.length === 0) {
    // A straight route: one bend on the line keeps every edge the same curve style.
    weights.push(0.5);
    distances.push(0);
  }
  const offset = (point: Point, centre: Point) =>
    `${(point.x - centre.x).toFixed(1)}px ${(point.y - centre.y).toFixed(1)}px`;
  return {
    sourceEndpoint: offset(route.start, source),
    targetEndpoint: offset(route.end, target),
    weights,
    distances,
  };
}
