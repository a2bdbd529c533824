import Flatbush from 'flatbush';
import { orient2d } from 'robust-predicates';
import { type Geometry, polygonsOf } from './geometry';

/**
 * Planar predicates on lng/lat for the import checks: exact orientation (robust-predicates), so two
 * regions that share an edge are seen to touch, never to cross. Every ring of a geometry is one "ring
 * soup" under the even-odd rule, which is right for valid polygons and multipolygons with holes.
 */

export type Side = 'inside' | 'outside' | 'boundary';

const M_PER_DEG_LAT = 110_574;
const M_PER_DEG_LNG_EQUATOR = 111_320;

/** Distance in metres between two nearby lng/lat points (local equirectangular: fine below ~100 km). */
export function metresBetween(ax: number, ay: number, bx: number, by: number): number {
  const k = Math.cos((((ay + by) / 2) * Math.PI) / 180) * M_PER_DEG_LNG_EQUATOR;
  return Math.hypot((bx - ax) * k, (by - ay) * M_PER_DEG_LAT);
}

/** Distance in metres from p to the segment ab. */
export function metresToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const k = Math.cos((py * Math.PI) / 180) * M_PER_DEG_LNG_EQUATOR;
  const ux = (bx - ax) * k;
  const uy = (by - ay) * M_PER_DEG_LAT;
  const vx = (px - ax) * k;
  const vy = (py - ay) * M_PER_DEG_LAT;
  const len2 = ux * ux + uy * uy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (vx * ux + vy * uy) / len2));
  return Math.hypot(vx - t * ux, vy - t * uy);
}

function degreesToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const ux = bx - ax;
  const uy = by - ay;
  const len2 = ux * ux + uy * uy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * ux + (py - ay) * uy) / len2));
  return Math.hypot(px - ax - t * ux, py - ay - t * uy);
}

/** About 0.1 mm: a computed point this close to an edge is on it. */
export const ON_EDGE_DEGREES = 1e-9;

/** Segments ab and cd cross at one point inside both (touching at an end or overlapping is not crossing). */
export function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const d1 = orient2d(cx, cy, dx, dy, ax, ay);
  const d2 = orient2d(cx, cy, dx, dy, bx, by);
  if (d1 === 0 || d2 === 0 || d1 > 0 === d2 > 0) return false;
  const d3 = orient2d(ax, ay, bx, by, cx, cy);
  const d4 = orient2d(ax, ay, bx, by, dx, dy);
  return d3 !== 0 && d4 !== 0 && d3 > 0 !== d4 > 0;
}

/** Shoelace area in square degrees (signed: positive when counter-clockwise). */
export function ringSignedArea(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

/**
 * A geometry prepared for many point and segment tests: its edges in a flat array and a packed R-tree
 * over them, so a test costs O(log n + k) even for a boundary with thousands of vertices.
 */
export class PreparedGeometry {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  /** x0,y0,x1,y1 per edge. */
  private readonly edges: Float64Array;
  private readonly index: Flatbush | null;
  readonly vertices: [number, number][];

  constructor(readonly geometry: Geometry) {
    const rings = polygonsOf(geometry).flat();
    const n = rings.reduce((s, r) => s + Math.max(0, r.length - 1), 0);
    this.edges = new Float64Array(n * 4);
    this.vertices = [];
    let k = 0;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const ring of rings)
      for (let i = 0; i < ring.length; i++) {
        const x = ring[i]![0]!;
        const y = ring[i]![1]!;
        if (i + 1 < ring.length) {
          this.vertices.push([x, y]);
          this.edges[k++] = x;
          this.edges[k++] = y;
          this.edges[k++] = ring[i + 1]![0]!;
          this.edges[k++] = ring[i + 1]![1]!;
        }
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    this.minX = minX;
    this.minY = minY;
    this.maxX = maxX;
    this.maxY = maxY;
    if (n === 0) {
      this.index = null;
      return;
    }
    const index = new Flatbush(n);
    for (let e = 0; e < n; e++) {
      const [x0, y0, x1, y1] = this.edge(e);
      index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
    }
    index.finish();
    this.index = index;
  }

  get edgeCount(): number {
    return this.edges.length / 4;
  }

  edge(e: number): [number, number, number, number] {
    const i = e * 4;
    return [this.edges[i]!, this.edges[i + 1]!, this.edges[i + 2]!, this.edges[i + 3]!];
  }

  private search(minX: number, minY: number, maxX: number, maxY: number): number[] {
    return this.index ? this.index.search(minX, minY, maxX, maxY) : [];
  }

  /**
   * Where the point lies: strictly inside, strictly outside, or on an edge. With `eps` > 0 (degrees), a
   * point that close to an edge counts as on it: the midpoint of a shared edge, computed in floating
   * point, is rarely exactly on the line.
   */
  side(x: number, y: number, eps = 0): Side {
    if (x < this.minX - eps || x > this.maxX + eps || y < this.minY - eps || y > this.maxY + eps)
      return 'outside';
    for (const e of this.search(x - eps, y - eps, x + eps, y + eps)) {
      const [x0, y0, x1, y1] = this.edge(e);
      if (eps === 0 ? orient2d(x0, y0, x1, y1, x, y) === 0 : degreesToSegment(x, y, x0, y0, x1, y1) <= eps)
        return 'boundary';
    }
    // Even-odd ray to the east, over the edges the ray can meet.
    let inside = false;
    for (const e of this.search(x, y, this.maxX, y)) {
      const [x0, y0, x1, y1] = this.edge(e);
      if (y0 > y === y1 > y) continue;
      // The edge straddles the ray's line; the crossing is east of the point when the point is left of
      // an upward edge or right of a downward one. robust-predicates' orient2d is negative for "left"
      // (counter-clockwise) with y pointing up.
      const o = orient2d(x0, y0, x1, y1, x, y);
      if (y1 > y0 ? o < 0 : o > 0) inside = !inside;
    }
    return inside ? 'inside' : 'outside';
  }

  /** True when the segment ab properly crosses one of the edges. */
  crossedBy(ax: number, ay: number, bx: number, by: number): boolean {
    for (const e of this.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
      const [x0, y0, x1, y1] = this.edge(e);
      if (segmentsCross(ax, ay, bx, by, x0, y0, x1, y1)) return true;
    }
    return false;
  }

  /** Metres from the point to the nearest edge. */
  metresToBoundary(x: number, y: number): number {
    let best = Infinity;
    for (let e = 0; e < this.edgeCount; e++) {
      const [x0, y0, x1, y1] = this.edge(e);
      best = Math.min(best, metresToSegment(x, y, x0, y0, x1, y1));
    }
    return best;
  }

  /**
   * A point strictly inside the geometry: the middle of the widest inside stretch of a horizontal line
   * drawn between two vertex heights (so the line meets no vertex). Null for a geometry with no area.
   */
  interiorPoint(): [number, number] | null {
    const ys = [...new Set(this.vertices.map((v) => v[1]))].sort((a, b) => a - b);
    if (ys.length < 2) return null;
    const mid = Math.floor((ys.length - 1) / 2);
    const y = (ys[mid]! + ys[mid + 1]!) / 2;
    const xs: number[] = [];
    for (const e of this.search(this.minX, y, this.maxX, y)) {
      const [x0, y0, x1, y1] = this.edge(e);
      if (y0 > y === y1 > y) continue;
      xs.push(x0 + ((y - y0) * (x1 - x0)) / (y1 - y0));
    }
    xs.sort((a, b) => a - b);
    let best: [number, number] | null = null;
    let width = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const w = xs[i + 1]! - xs[i]!;
      if (w > width) {
        width = w;
        best = [(xs[i]! + xs[i + 1]!) / 2, y];
      }
    }
    return best && this.side(best[0], best[1]) === 'inside' ? best : null;
  }
}

function bboxesMeet(a: PreparedGeometry, b: PreparedGeometry): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;
}

/** Some point of `a` (vertex, edge midpoint, or an interior point) lies strictly inside `b`. */
function pokesInto(a: PreparedGeometry, b: PreparedGeometry): boolean {
  for (const [x, y] of a.vertices) if (b.side(x, y) === 'inside') return true;
  for (let e = 0; e < a.edgeCount; e++) {
    const [x0, y0, x1, y1] = a.edge(e);
    if (b.side((x0 + x1) / 2, (y0 + y1) / 2, ON_EDGE_DEGREES) === 'inside') return true;
  }
  const p = a.interiorPoint();
  return p !== null && b.side(p[0], p[1]) === 'inside';
}

/**
 * Whether the interiors of two regions may overlap. False means they are disjoint or only touch (shared
 * edges, as in a proper tiling): no boundary crosses the other and no part of one pokes into the other.
 * True means "measure it" (an exact area computation follows).
 */
export function mayOverlap(a: PreparedGeometry, b: PreparedGeometry): boolean {
  if (!bboxesMeet(a, b)) return false;
  for (let e = 0; e < a.edgeCount; e++) {
    const [x0, y0, x1, y1] = a.edge(e);
    if (b.crossedBy(x0, y0, x1, y1)) return true;
  }
  return pokesInto(a, b) || pokesInto(b, a);
}

/**
 * Whether `child` lies within `parent` (boundaries may touch or coincide). Exact for polygons whose
 * boundaries meet only at shared vertices and edges; a false answer is followed by a measurement.
 */
export function liesWithin(child: PreparedGeometry, parent: PreparedGeometry): boolean {
  if (
    child.minX < parent.minX ||
    child.maxX > parent.maxX ||
    child.minY < parent.minY ||
    child.maxY > parent.maxY
  )
    return false;
  for (const [x, y] of child.vertices) if (parent.side(x, y) === 'outside') return false;
  for (let e = 0; e < child.edgeCount; e++) {
    const [x0, y0, x1, y1] = child.edge(e);
    if (parent.crossedBy(x0, y0, x1, y1)) return false;
    if (parent.side((x0 + x1) / 2, (y0 + y1) / 2, ON_EDGE_DEGREES) === 'outside') return false;
  }
  // A parent vertex strictly inside the child (a hole of the parent, say) means part of the child is outside.
  for (const [x, y] of parent.vertices)
    if (
      x >= child.minX &&
      x <= child.maxX &&
      y >= child.minY &&
      y <= child.maxY &&
      child.side(x, y) === 'inside'
    )
      return false;
  const p = child.interiorPoint();
  return p === null || parent.side(p[0], p[1]) !== 'outside';
}
