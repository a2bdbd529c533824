import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterPoints } from './cluster';
import { colourScale, per1000, perKm2, rankBy, ratePercent } from './measures';
import {
  addDays,
  checkPeriod,
  chinaDay,
  chinaDayStart,
  daysOf,
  fillDays,
  lastDays,
  splitByMonths,
} from './period';
import { simplifyGeometry, simplifyRing } from './simplify';

describe('periods in China', () => {
  it('counts both ends and refuses reversed, too long and unreal dates', () => {
    expect(checkPeriod('2026-11-01', '2026-11-30', 366)).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      days: 30,
    });
    expect(checkPeriod('2026-11-30', '2026-11-01', 366)).toBe('reversed');
    expect(checkPeriod('2025-01-01', '2026-01-02', 366)).toBe('tooLong');
    expect(checkPeriod('2024-01-01', '2024-12-31', 366)).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      days: 366,
    });
    expect(checkPeriod('2026-02-30', '2026-03-01', 366)).toBe('invalid');
    expect(checkPeriod('2026-1-1', '2026-03-01', 366)).toBe('invalid');
  });

  it('takes the local date at UTC+8', () => {
    // 2026-11-22 16:30 UTC is 00:30 on the 23rd in Beijing.
    expect(chinaDay(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
    expect(chinaDay(new Date('2026-11-22T15:59:59Z'))).toBe('2026-11-22');
    expect(chinaDayStart('2026-11-23').toISOString()).toBe('2026-11-22T16:00:00.000Z');
  });

  it('fills quiet days with zeros', () => {
    const p = lastDays('2026-11-23', 3);
    expect(p).toEqual({ from: '2026-11-21', to: '2026-11-23', days: 3 });
    expect(fillDays(p, [{ day: '2026-11-22', n: 5 }], { n: 0 })).toEqual([
      { day: '2026-11-21', n: 0 },
      { day: '2026-11-22', n: 5 },
      { day: '2026-11-23', n: 0 },
    ]);
  });

  it('property: a checked period has as many days as daysOf lists, and addDays inverts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 0, max: 400 }), (start, len) => {
        const from = addDays('1970-01-01', start);
        const to = addDays(from, len);
        const p = checkPeriod(from, to, 366);
        if (len + 1 > 366) return p === 'tooLong';
        return typeof p === 'object' && p.days === daysOf(p).length && addDays(to, -len) === from;
      }),
    );
  });
});

describe('rates', () => {
  it('worked examples', () => {
    expect(ratePercent(45, 50)).toBe(90);
    expect(ratePercent(2, 3)).toBe(66.7);
    expect(ratePercent(0, 0)).toBeNull();
    expect(per1000(37, 12_400)).toBe(2.98);
    expect(per1000(5, 0)).toBeNull();
    expect(perKm2(300, 2_000_000)).toBe(150);
  });

  it('property: a rate lies between 0 and 100', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (a, b) => {
        const r = ratePercent(a, b);
        return b === 0 ? r === null : r !== null && r >= 0 && r <= 100;
      }),
    );
  });

  it('ranks with shared places and leaves rows without a value unranked', () => {
    const rows = [
      { n: 'a', v: 3 },
      { n: 'b', v: null },
      { n: 'c', v: 5 },
      { n: 'd', v: 3 },
      { n: 'e', v: 1 },
    ];
    expect(rankBy(rows, (r) => r.v).map((r) => [r.n, r.rank])).toEqual([
      ['c', 1],
      ['a', 2],
      ['d', 2],
      ['e', 4],
      ['b', null],
    ]);
  });
});

describe('colour scale', () => {
  it('spans the values; one region alone (or equal values) gets 0..value so it fills', () => {
    expect(colourScale([3, 12.5, null, 7])).toEqual({ min: 3, max: 12.5 });
    expect(colourScale([42])).toEqual({ min: 0, max: 42 });
    expect(colourScale([5, 5, null])).toEqual({ min: 0, max: 5 });
    expect(colourScale([-2])).toEqual({ min: -2, max: 0 });
    expect(colourScale([0])).toEqual({ min: 0, max: 0 });
    expect(colourScale([null])).toEqual({ min: null, max: null });
    expect(colourScale([])).toEqual({ min: null, max: null });
  });

  it('always holds every value, and a lone positive value sits at the top', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer({ min: -1000, max: 1000 }))), (vs) => {
        const { min, max } = colourScale(vs);
        const nums = vs.filter((v): v is number => v !== null);
        if (!nums.length) return min === null && max === null;
        const inside = nums.every((v) => v >= min! && v <= max!);
        const lone = new Set(nums).size === 1 && nums[0]! > 0 ? min === 0 && max === nums[0] : true;
        return inside && lone;
      }),
    );
  });
});

describe('boundary simplification', () => {
  const square = (n: number): [number, number][] => {
    // A square with n extra collinear points on each side.
    const out: [number, number][] = [];
    const corners: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
    ];
    for (let s = 0; s < 4; s++) {
      const a = corners[s]!;
      const b = corners[(s + 1) % 4]!;
      for (let i = 0; i <= n; i++)
        out.push([a[0] + ((b[0] - a[0]) * i) / (n + 1), a[1] + ((b[1] - a[1]) * i) / (n + 1)]);
    }
    out.push([0, 0]);
    return out;
  };

  it('drops collinear points and keeps the corners', () => {
    expect(simplifyRing(square(9), 0.001)).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it('rounds coordinates to the given digits', () => {
    const g = simplifyGeometry(
      {
        type: 'Polygon',
        coordinates: [
          [
            [119.123456789, 26.1],
            [119.2, 26.1],
            [119.2, 26.2],
            [119.123456789, 26.1],
          ],
        ],
      },
      0.0001,
    );
    expect(g.coordinates[0]![0]).toEqual([119.12346, 26.1]);
  });

  it('property: a ring stays closed with at least 4 positions, each from the original', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
          {
            minLength: 3,
            maxLength: 60,
          },
        ),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        (pts, tol) => {
          const ring = [...pts, pts[0]!] as [number, number][];
          const out = simplifyRing(ring, tol);
          const set = new Set(ring.map((p) => p.join()));
          return (
            out.length >= 4 &&
            out[0]!.join() === out[out.length - 1]!.join() &&
            out.every((p) => set.has(p.join()))
          );
        },
      ),
    );
  });
});

describe('clustering the event layer', () => {
  it('merges points of one cell at their weighted centre', () => {
    const out = clusterPoints(
      [
        { lng: 0, lat: 0, weight: 1 },
        { lng: 0.1, lat: 0, weight: 3 },
        { lng: 10, lat: 10, weight: 2 },
        { lng: 5, lat: 5, weight: 0 },
      ],
      4,
    );
    expect(out).toHaveLength(2);
    const a = out.find((c) => c.count === 2)!;
    expect(a.weight).toBe(4);
    expect(a.lng).toBeCloseTo(0.075);
  });

  it('property: total weight is kept and there are never more clusters than points', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            lng: fc.double({ min: 119, max: 120, noNaN: true }),
            lat: fc.double({ min: 26, max: 27, noNaN: true }),
            weight: fc.integer({ min: 0, max: 50 }),
          }),
          { maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 50 }),
        (pts, cells) => {
          const out = clusterPoints(pts, cells);
          const sum = (xs: { weight: number }[]) => xs.reduce((s, p) => s + p.weight, 0);
          return sum(out) === sum(pts) && out.length <= pts.filter((p) => p.weight > 0).length;
        },
      ),
    );
  });
});

describe('periods split into whole months and days', () => {
  it('takes the whole months and leaves the ends as days', () => {
    expect(splitByMonths('2026-01-15', '2026-04-10')).toEqual({
      months: { from: '2026-02-01', to: '2026-03-01' },
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-04-01', to: '2026-04-10' },
      ],
    });
    // Whole months at both ends, February of a common year, and a leap year's.
    expect(splitByMonths('2026-02-01', '2026-02-28')).toEqual({
      months: { from: '2026-02-01', to: '2026-02-01' },
      days: [],
    });
    expect(splitByMonths('2028-02-01', '2028-02-28')).toEqual({
      months: null,
      days: [{ from: '2028-02-01', to: '2028-02-28' }],
    });
    expect(splitByMonths('2026-11-03', '2026-11-20')).toEqual({
      months: null,
      days: [{ from: '2026-11-03', to: '2026-11-20' }],
    });
    expect(splitByMonths('2026-12-31', '2027-01-31')).toEqual({
      months: { from: '2027-01-01', to: '2027-01-01' },
      days: [{ from: '2026-12-31', to: '2026-12-31' }],
    });
    expect(splitByMonths('2026-12-02', '2026-12-01')).toEqual({ months: null, days: [] });
  });

  it('counts every day of the period exactly once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 19_000, max: 22_000 }),
        fc.integer({ min: 0, max: 400 }),
        (start, len) => {
          const from = addDays('1970-01-01', start);
          const to = addDays(from, len);
          const s = splitByMonths(from, to);
          const covered: string[] = s.days.flatMap((d) => daysOf(d));
          if (s.months)
            for (let m = s.months.from; m <= s.months.to; m = `${addDays(m, 31).slice(0, 8)}01`) {
              const end = addDays(`${addDays(m, 31).slice(0, 8)}01`, -1);
              covered.push(...daysOf({ from: m, to: end }));
            }
          expect(covered.sort()).toEqual(daysOf({ from, to }));
        },
      ),
    );
  });
});
