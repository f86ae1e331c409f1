import { describe, expect, it } from 'vitest';
import { toCytoscapeRoute } from './cytoscapeRoute';

describe('toCytoscapeRoute', () => {
  it('turns ELK end points into offsets from the node centres', () => {
    const route = toCytoscapeRoute(
      { x: 50, y: 20 },
      { x: 250, y: 60 },
      { start: { x: 100, y: 25 }, bends: [], end: { x: 200, y: 55 } },
    );
    expect(route).toEqual({
      sourceEndpoint: '50.0px 5.0px',
      targetEndpoint: '-50.0px -5.0px',
      // A straight route still gets one bend, on the line.
      weights: [0.5],
      distances: [0],
    });
  });

  it('places bends by how far along and how far beside the end-to-end line they are', () => {
    // Left to right along y = 0; Cytoscape's normal of (1, 0) is (0, 1), i.e. downwards.
    const route = toCytoscapeRoute(
      { x: 0, y: 0 },
      { x: 100, y: 0 },
      {
        start: { x: 0, y: 0 },
        bends: [
          { x: 25, y: 10 },
          { x: 75, y: -20 },
        ],
        end: { x: 100, y: 0 },
      },
    );
    expect(route?.weights).toEqual([0.25, 0.75]);
    expect(route?.distances).toEqual([10, -20]);
  });

  it('gives up on a route whose ends meet', () => {
    const point = { x: 5, y: 5 };
    expect(toCytoscapeRoute(point, point, { start: point, bends: [], end: point })).toBe(undefined);
  });
});
