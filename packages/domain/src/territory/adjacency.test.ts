import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { touchingRegions } from './adjacency';
import { generateDemoDistrict } from './demo-district';
import type { Geometry } from './geometry';

// About 100 m per cell near 26°N (the demo district's latitude).
const DX = 0.001;
const DY = 0.0009;
const X0 = 119.3;
const Y0 = 26.0;
const rect = (x0: number, y0: number, x1: number, y1: number): Geometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ],
  ],
});
const cell = (i: number, j: number) => rect(X0 + i * DX, Y0 + j * DY, X0 + (i + 1) * DX, Y0 + (j + 1) * DY);

describe('touchingRegions: worked examples', () => {
  it('3 × 3 cells: the centre touches all eight (edges and corners), a corner cell three', () => {
    const regions = [];
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 3; i++) regions.push({ id: j * 3 + i, boundary: cell(i, j) });
    const n = touchingRegions(regions);
    expect(n.get(4)).toEqual([0, 1, 2, 3, 5, 6, 7, 8]);
    expect(n.get(0)).toEqual([1, 3, 4]);
  });

  it('a T-junction counts: one tall grid beside two short ones that share no vertex with it', () => {
    const n = touchingRegions([
      { id: 1, boundary: rect(X0, Y0, X0 + DX, Y0 + 2 * DY) },
      { id: 2, boundary: rect(X0 + DX, Y0 + 0.3 * DY, X0 + 2 * DX, Y0 + 1.1 * DY) },
      { id: 3, boundary: rect(X0 + DX, Y0 + 1.1 * DY, X0 + 2 * DX, Y0 + 2 * DY) },
    ]);
    expect(n.get(1)).toEqual([2, 3]);
    expect(n.get(2)).toEqual([1, 3]);
  });

  it('a survey gap of half a metre still touches at 1 m tolerance; a 5 m lane does not', () => {
    const halfMetre = 0.5 / (111_320 * Math.cos((26 * Math.PI) / 180));
    const fiveMetres = 10 * halfMetre;
    const a = { id: 1, boundary: rect(X0, Y0, X0 + DX, Y0 + DY) };
    expect(
      touchingRegions([a, { id: 2, boundary: rect(X0 + DX + halfMetre, Y0, X0 + 2 * DX, Y0 + DY) }]).get(1),
    ).toEqual([2]);
    expect(
      touchingRegions([a, { id: 2, boundary: rect(X0 + DX + fiveMetres, Y0, X0 + 2 * DX, Y0 + DY) }]).get(1),
    ).toEqual([]);
    expect(
      touchingRegions([a, { id: 2, boundary: rect(X0 + DX + fiveMetres, Y0, X0 + 2 * DX, Y0 + DY) }], 6).get(
        1,
      ),
    ).toEqual([2]);
  });

  it('overlapping boundaries (crossing edges, no vertex near the other) touch; a hole inside does not', () => {
    const cross = touchingRegions([
      { id: 1, boundary: rect(X0, Y0 + DY, X0 + 3 * DX, Y0 + 2 * DY) },
      { id: 2, boundary: rect(X0 + DX, Y0, X0 + 2 * DX, Y0 + 3 * DY) },
    ]);
    expect(cross.get(1)).toEqual([2]);
    const nested = touchingRegions([
      { id: 1, boundary: rect(X0, Y0, X0 + 5 * DX, Y0 + 5 * DY) },
      { id: 2, boundary: rect(X0 + 2 * DX, Y0 + 2 * DY, X0 + 3 * DX, Y0 + 3 * DY) },
    ]);
    expect(nested.get(1)).toEqual([]);
  });

  it('every grid of the demo district has neighbours, and the relation is symmetric', () => {
    const grids = generateDemoDistrict()
      .filter((r) => r.level === 'grid')
      .map((r, i) => ({ id: i, boundary: r.boundary as Geometry }));
    const n = touchingRegions(grids);
    for (const [id, list] of n) {
      expect(list.length, `grid ${id}`).toBeGreaterThan(0);
      for (const o of list) expect(n.get(o)).toContain(id);
    }
  }, 60_000);
});

describe('touchingRegions: properties', () => {
  it('on a lattice of cells, two cells touch exactly when they are one step apart (king move)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
          minLength: 2,
          maxLength: 20,
          selector: ([i, j]) => `${i},${j}`,
        }),
        (cells) => {
          const n = touchingRegions(cells.map(([i, j], id) => ({ id, boundary: cell(i, j) })));
          cells.forEach(([i, j], a) => {
            const want = cells
              .map(([k, l], b) => ({ b, near: b !== a && Math.max(Math.abs(i - k), Math.abs(j - l)) === 1 }))
              .filter((x) => x.near)
              .map((x) => x.b);
            expect(n.get(a)).toEqual(want);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
