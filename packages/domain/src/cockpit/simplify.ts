import type { Geometry } from '../territory/geometry';

/**
 * Boundaries for the cockpit map: Douglas–Peucker per ring with a tolerance in degrees, coordinates
 * rounded to `digits` decimals (5 ≈ 1 m). A ring never drops below 4 positions (a closed triangle), so
 * no region disappears from the map however coarse the tolerance.
 */
export function simplifyGeometry(g: Geometry, tolerance: number, digits = 5): Geometry {
  const f = 10 ** digits;
  const round = (p: number[]): [number, number] => [Math.round(p[0]! * f) / f, Math.round(p[1]! * f) / f];
  const ring = (r: number[][]) => simplifyRing(r.map(round), tolerance);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ring)) };
}

/** Simplifies a closed ring (first position repeated last). */
export function simplifyRing(r: [number, number][], tolerance: number): [number, number][] {
  if (r.length <= 4) return r;
  const keep = new Uint8Array(r.length);
  keep[0] = 1;
  keep[r.length - 1] = 1;
  // A closed ring's ends coincide, so split it at the position farthest from the start first.
  let far = 1;
  let farD = -1;
  for (let i = 1; i < r.length - 1; i++) {
    const d = (r[i]![0] - r[0]![0]) ** 2 + (r[i]![1] - r[0]![1]) ** 2;
    if (d > farD) {
      farD = d;
      far = i;
    }
  }
  keep[far] = 1;
  const stack: [number, number][] = [
    [0, far],
    [far, r.length - 1],
  ];
  const tol2 = tolerance * tolerance;
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let idx = -1;
    let max = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(r[i]!, r[a]!, r[b]!);
      if (d > max) {
        max = d;
        idx = i;
      }
    }
    if (idx >= 0) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  let out = r.filter((_, i) => keep[i]);
  if (out.length < 4) {
    // Too coarse: fall back to four well-spread positions of the original ring.
    const n = r.length - 1;
    out = [r[0]!, r[Math.floor(n / 3)]!, r[Math.floor((2 * n) / 3)]!, r[0]!];
  }
  return out;
}

function segmentDistance2(p: [number, number], a: [number, number], b: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return x * x + y * y;
}

/** Tolerance (degrees) by the level of the regions drawn: coarser for a whole district's towns. */
export const SIMPLIFY_TOLERANCE: Record<string, number> = {
  town: 0.0004,
  community: 0.0002,
  grid: 0.00005,
  microGrid: 0.00002,
};
