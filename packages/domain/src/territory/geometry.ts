import turfArea from '@turf/area';
import turfCentroid from '@turf/centroid';

export type Position = [number, number];
export type PolygonCoords = Position[][];
export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export function polygonsOf(g: Geometry): number[][][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function bbox(g: Geometry): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(g))
    for (const ring of poly)
      for (const p of ring) {
        const x = p[0]!;
        const y = p[1]!;
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
  return [minX, minY, maxX, maxY];
}

/** Area in square metres on the WGS-84 sphere (turf). */
export function areaM2(g: Geometry): number {
  return turfArea({ type: 'Feature', properties: {}, geometry: g });
}

export function centroid(g: Geometry): Position {
  const c = turfCentroid({ type: 'Feature', properties: {}, geometry: g });
  return c.geometry.coordinates as Position;
}

/** Ray casting over a flat [x0,y0,x1,y1,…] ring. Hot path of the locator: no allocation. */
export function pointInRing(x: number, y: number, ring: Float64Array): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = ring[i]!;
    const yi = ring[i + 1]!;
    const xj = ring[j]!;
    const yj = ring[j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function flattenRing(ring: number[][]): Float64Array {
  const out = new Float64Array(ring.length * 2);
  ring.forEach((p, i) => {
    out[i * 2] = p[0]!;
    out[i * 2 + 1] = p[1]!;
  });
  return out;
}
