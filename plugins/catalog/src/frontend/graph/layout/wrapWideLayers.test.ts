import { describe, expect, it } from 'vitest';
import { groupIntoLayers, wrapWideLayers, type PlacedNode } from './wrapWideLayers';

const options = {
  viewport: { width: 1000, height: 500 },
  minReadableZoom: 0.6,
  layerGap: 70,
  nodeGap: 20,
};

function column(prefix: string, x: number, count: number, width = 100): PlacedNode[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}${index}`,
    x: x + (index % 2) * 5,
    y: index * 60,
    width,
    height: 40,
  }));
}

function bounds(positions: Record<string, { x: number; y: number }>) {
  const points = Object.values(positions);
  const xs = points.map(p => p.x);
  const ys = points.map(p => p.y);
  return { width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
}

describe('wrapWideLayers', () => {
  it('finds layers by their horizontal overlap, in top-to-bottom order', () => {
    const nodes = [...column('b', 300, 3), ...column('a', 0, 2)].reverse();
    expect(groupIntoLayers(nodes).map(layer => layer.map(node => node.id))).toEqual([
      ['a0', 'a1'],
      ['b0', 'b1', 'b2'],
    ]);
  });

  it('leaves a layout that fits the viewport legibly alone, even a tall one', () => {
    const { folded } = wrapWideLayers(
      [...column('root', 0, 1), ...column('part', 200, 10)],
      options,
    );
    expect(folded).toBe(false);
  });

  it('leaves a layout that already has a good shape alone', () => {
    const nodes = [...column('a', 0, 2), ...column('b', 200, 2), ...column('c', 4000, 2)];
    const { positions, folded } = wrapWideLayers(nodes, options);
    expect(folded).toBe(false);
    expect(positions.a0).toEqual({ x: 50, y: 20 });
    expect(positions.c1).toEqual({ x: 4055, y: 80 });
  });

  it('folds a very tall layer into columns, keeping layers left to right', () => {
    const nodes = [...column('root', 0, 1), ...column('part', 200, 300)];
    const { positions, folded } = wrapWideLayers(nodes, options);
    expect(folded).toBe(true);
    const { width, height } = bounds(positions);
    expect(width / height).toBeGreaterThan(1);
    expect(width / height).toBeLessThan(4);
    const partXs = Object.entries(positions)
      .filter(([id]) => id.startsWith('part'))
      .map(([, p]) => p.x);
    expect(Math.min(...partXs)).toBeGreaterThan(positions.root0!.x);
    // Every node keeps a place of its own.
    const places = new Set(Object.values(positions).map(p => `${p.x},${p.y}`));
    expect(places.size).toBe(301);
  });
});
