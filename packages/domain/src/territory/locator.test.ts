import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Geometry } from './geometry';
import { RegionLocator } from './locator';

const square = (x: number, y: number, size: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ],
});

describe('RegionLocator', () => {
  it('finds the square containing a point, and null outside', () => {
    const loc = new RegionLocator([
      { id: 1, depth: 4, boundary: square(0, 0, 1) },
      { id: 2, depth: 4, boundary: square(1, 0, 1) },
    ]);
    expect(loc.locate(0.5, 0.5)).toBe(1);
    expect(loc.locate(1.5, 0.5)).toBe(2);
    expect(loc.locate(2.5, 0.5)).toBeNull();
    expect(new RegionLocator([]).locate(0, 0)).toBeNull();
  });

  it('respects holes and prefers deeper regions', () => {
    const donut: Geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [4, 0],
          [4, 4],
          [0, 4],
          [0, 0],
        ],
        [
          [1, 1],
          [3, 1],
          [3, 3],
          [1, 3],
          [1, 1],
        ],
      ],
    };
    const loc = new RegionLocator([
      { id: 1, depth: 4, boundary: donut },
      { id: 9, depth: 5, boundary: square(0.1, 0.1, 0.5) },
    ]);
    expect(loc.locate(2, 2)).toBeNull();
    expect(loc.locate(0.5, 3.5)).toBe(1);
    expect(loc.locate(0.3, 0.3)).toBe(9);
  });

  it('agrees with the bounding test for random points in a grid of squares', () => {
    const regions = [];
    for (let i = 0; i < 10; i++)
      for (let j = 0; j < 10; j++) regions.push({ id: i * 10 + j, depth: 4, boundary: square(i, j, 1) });
    const loc = new RegionLocator(regions);
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 9.999, noNaN: true }),
        fc.double({ min: 0.001, max: 9.999, noNaN: true }),
        (x, y) => {
          fc.pre(x % 1 > 1e-9 && y % 1 > 1e-9);
          expect(loc.locate(x, y)).toBe(Math.floor(x) * 10 + Math.floor(y));
        },
      ),
    );
  });
});

describe('RegionLocator over the demo district', () => {
  it('answers as a brute-force scan of every region would, micro-grids included', async () => {
    const { generateDemoDistrict } = await import('./demo-district');
    const { pointInRing, flattenRing } = await import('./geometry');
    const grids = generateDemoDistrict().filter((r) => r.level === 'grid');
    const regions: { id: number; depth: number; boundary: Geometry }[] = grids.map((g, i) => ({
      id: i,
      depth: 4,
      boundary: g.boundary,
    }));
    // A small square micro-grid inside every tenth grid.
    grids.forEach((g, i) => {
      if (i % 10 === 0)
        regions.push({
          id: 10_000 + i,
          depth: 5,
          boundary: square(g.centroid[0] - 4e-4, g.centroid[1] - 4e-4, 8e-4),
        });
    });
    const loc = new RegionLocator(regions);
    const rings = regions.map((r) => flattenRing(r.boundary.coordinates[0] as number[][]));
    fc.assert(
      fc.property(
        fc.double({ min: 119.215, max: 119.405, noNaN: true }),
        fc.double({ min: 25.995, max: 26.125, noNaN: true }),
        (x, y) => {
          let want: number | null = null;
          let depth = -1;
          regions.forEach((r, k) => {
            if (r.depth > depth && pointInRing(x, y, rings[k]!)) {
              want = r.id;
              depth = r.depth;
            }
          });
          expect(loc.locate(x, y)).toBe(want);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
