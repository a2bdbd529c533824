/**
 * Clusters weighted points on a square cell grid over their bounding box (the map's event layer): points
 * in the same cell merge into one at their weighted centre, carrying the summed weight. With `cells`
 * columns across the widest side, a district's 741 grid aggregates become a readable few dozen bubbles.
 */
export interface WeightedPoint {
  lng: number;
  lat: number;
  weight: number;
}

export interface Cluster extends WeightedPoint {
  /** How many input points merged. */
  count: number;
}

export function clusterPoints(points: readonly WeightedPoint[], cells: number): Cluster[] {
  const live = points.filter((p) => p.weight > 0);
  if (live.length === 0) return [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of live) {
    minX = Math.min(minX, p.lng);
    minY = Math.min(minY, p.lat);
    maxX = Math.max(maxX, p.lng);
    maxY = Math.max(maxY, p.lat);
  }
  const size = Math.max(maxX - minX, maxY - minY) / Math.max(1, cells) || 1;
  const acc = new Map<string, { x: number; y: number; w: number; n: number }>();
  for (const p of live) {
    const key = `${Math.floor((p.lng - minX) / size)}:${Math.floor((p.lat - minY) / size)}`;
    const a = acc.get(key) ?? { x: 0, y: 0, w: 0, n: 0 };
    a.x += p.lng * p.weight;
    a.y += p.lat * p.weight;
    a.w += p.weight;
    a.n += 1;
    acc.set(key, a);
  }
  return [...acc.values()].map((a) => ({ lng: a.x / a.w, lat: a.y / a.w, weight: a.w, count: a.n }));
}
