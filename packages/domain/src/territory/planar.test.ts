import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Geometry } from './geometry';
import { liesWithin, mayOverlap, metresBetween, PreparedGeometry, segmentsCross } from './planar';

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
/** Integer rectangles in a 0–20 box, as [x0, y0, x1, y1] with x0 < x1 and y0 < y1. */
const box = fc
  .tuple(
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 1, max: 8 }),
    fc.integer({ min: 1, max: 8 }),
  )
  .map(([x, y, w, h]) => [x, y, x + w, y + h] as const);

describe('planar predicates', () => {
  it('classifies points inside, outside and on the boundary of a polygon with a hole', () => {
    const donut = new PreparedGeometry({
      type: 'Polygon',
      coordinates: [
        rect(0, 0, 4, 4).coordinates[0] as number[][],
        rect(1, 1, 3, 3).coordinates[0] as number[][],
      ],
    });
    expect(donut.side(0.5, 0.5)).toBe('inside');
    expect(donut.side(2, 2)).toBe('outside'); // in the hole
    expect(donut.side(5, 2)).toBe('outside');
    expect(donut.side(4, 2)).toBe('boundary');
    expect(donut.side(1, 2)).toBe('boundary'); // the hole's edge
    expect(donut.side(0, 0)).toBe('boundary');
    expect(donut.interiorPoint()).not.toBeNull();
    expect(donut.side(...donut.interiorPoint()!)).toBe('inside');
  });

  it('side() agrees with the bounds of a rectangle for any point', () => {
    fc.assert(
      fc.property(
        box,
        fc.integer({ min: -2, max: 60 }),
        fc.integer({ min: -2, max: 60 }),
        ([x0, y0, x1, y1], a, b) => {
          const [x, y] = [a / 2, b / 2];
          const want =
            x > x0 && x < x1 && y > y0 && y < y1
              ? 'inside'
              : x >= x0 && x <= x1 && y >= y0 && y <= y1
                ? 'boundary'
                : 'outside';
          expect(new PreparedGeometry(rect(x0, y0, x1, y1)).side(x, y)).toBe(want);
        },
      ),
    );
  });

  it('segments cross only at a point inside both; touching and collinear do not count', () => {
    expect(segmentsCross(0, 0, 2, 2, 0, 2, 2, 0)).toBe(true);
    expect(segmentsCross(0, 0, 2, 2, 1, 1, 3, 0)).toBe(false); // T: an end on the other
    expect(segmentsCross(0, 0, 2, 0, 1, 0, 3, 0)).toBe(false); // collinear overlap
    expect(segmentsCross(0, 0, 1, 1, 2, 2, 3, 0)).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 8, maxLength: 8 }), (v) => {
        const [a, b, c, d, e, f, g, h] = v as [
          number,
          number,
          number,
          number,
          number,
          number,
          number,
          number,
        ];
        const x = segmentsCross(a, b, c, d, e, f, g, h);
        expect(segmentsCross(e, f, g, h, a, b, c, d)).toBe(x);
        expect(segmentsCross(c, d, a, b, g, h, e, f)).toBe(x);
      }),
    );
  });

  it('liesWithin and mayOverlap agree with rectangle arithmetic', () => {
    fc.assert(
      fc.property(box, box, (a, b) => {
        const A = new PreparedGeometry(rect(...a));
        const B = new PreparedGeometry(rect(...b));
        expect(liesWithin(A, B)).toBe(a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3]);
        const overlap =
          Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);
        // mayOverlap may only err towards "measure it"; for rectangles it is exact.
        expect(mayOverlap(A, B)).toBe(overlap);
      }),
      { numRuns: 300 },
    );
  });

  it('measures short distances in metres', () => {
    // One degree of latitude ≈ 110.6 km; one of longitude at 26° N ≈ 100.1 km.
    expect(Math.round(metresBetween(119, 26, 119, 26.001))).toBe(111);
    expect(Math.round(metresBetween(119, 26, 119.001, 26))).toBe(100);
  });
});
