import Flatbush from 'flatbush';
import { type Geometry, polygonsOf } from './geometry';

/**
 * Which regions touch (issue #4, nearest grid worker: "that grid and its neighbours"). Two regions are
 * neighbours when their boundaries come within `toleranceM` metres of each other anywhere: a shared
 * edge, a single shared corner, or edges that cross. Surveyed boundaries rarely share vertices exactly
 * (a T-junction, a few centimetres of drift), so the test is a distance, not vertex equality.
 */
export interface BoundedRegion {
  id: number;
  boundary: Geometry;
}

const M_PER_DEG = 111_320;

interface Shape {
  id: number;
  /** Segments as flat [x0, y0, x1, y1, …] in degrees. */
  segs: Float64Array;
  box: [number, number, number, number];
}

function shapeOf(r: BoundedRegion): Shape {
  const coords: number[] = [];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygonsOf(r.boundary))
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        coords.push(a[0]!, a[1]!, b[0]!, b[1]!);
        minX = Math.min(minX, a[0]!, b[0]!);
        minY = Math.min(minY, a[1]!, b[1]!);
        maxX = Math.max(maxX, a[0]!, b[0]!);
        maxY = Math.max(maxY, a[1]!, b[1]!);
      }
  return { id: r.id, segs: Float64Array.from(coords), box: [minX, minY, maxX, maxY] };
}

/** Squared distance from p to segment ab, in a plane already scaled to metres. */
function pointSegment2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return x * x + y * y;
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Minimum squared distance between two segments (0 when they cross), in metres². */
function segmentSegment2(s: number[], t: number[]): number {
  const [ax, ay, bx, by] = s as [number, number, number, number];
  const [cx, cy, dx, dy] = t as [number, number, number, number];
  const d1 = cross(ax, ay, bx, by, cx, cy);
  const d2 = cross(ax, ay, bx, by, dx, dy);
  const d3 = cross(cx, cy, dx, dy, ax, ay);
  const d4 = cross(cx, cy, dx, dy, bx, by);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
  return Math.min(
    pointSegment2(ax, ay, cx, cy, dx, dy),
    pointSegment2(bx, by, cx, cy, dx, dy),
    pointSegment2(cx, cy, ax, ay, bx, by),
    pointSegment2(dx, dy, ax, ay, bx, by),
  );
}

/** Whether two shapes' boundaries come within tol metres (only segments near the boxes' overlap are tried). */
function touches(a: Shape, b: Shape, tolM: number): boolean {
  const lat = ((a.box[1] + a.box[3]) / 2) * (Math.PI / 180);
  const kx = M_PER_DEG * Math.cos(lat);
  const ky = M_PER_DEG;
  const padX = tolM / kx;
  const padY = tolM / ky;
  const lo = [Math.max(a.box[0], b.box[0]) - padX, Math.max(a.box[1], b.box[1]) - padY];
  const hi = [Math.min(a.box[2], b.box[2]) + padX, Math.min(a.box[3], b.box[3]) + padY];
  const near = (s: Float64Array, i: number) =>
    Math.max(s[i]!, s[i + 2]!) >= lo[0]! &&
    Math.min(s[i]!, s[i + 2]!) <= hi[0]! &&
    Math.max(s[i + 1]!, s[i + 3]!) >= lo[1]! &&
    Math.min(s[i + 1]!, s[i + 3]!) <= hi[1]!;
  const pick = (s: Float64Array) => {
    const out: number[][] = [];
    for (let i = 0; i < s.length; i += 4)
      if (near(s, i)) out.push([s[i]! * kx, s[i + 1]! * ky, s[i + 2]! * kx, s[i + 3]! * ky]);
    return out;
  };
  const sa = pick(a.segs);
  if (!sa.length) return false;
  const sb = pick(b.segs);
  const tol2 = tolM * tolM;
  for (const s of sa) for (const t of sb) if (segmentSegment2(s, t) <= tol2) return true;
  return false;
}

/**
 * Neighbours of every region: id → ids of the regions whose boundary touches it (never itself),
 * sorted. Symmetric by construction. O(n log n) candidate search on bounding boxes, then an exact
 * segment test limited to the boxes' overlap.
 */
export function touchingRegions(regions: readonly BoundedRegion[], toleranceM = 1): Map<number, number[]> {
  const shapes = regions.map(shapeOf).filter((s) => s.segs.length > 0);
  const out = new Map<number, number[]>(regions.map((r) => [r.id, []]));
  if (shapes.length < 2) return out;
  const index = new Flatbush(shapes.length);
  for (const s of shapes) {
    const lat = ((s.box[1] + s.box[3]) / 2) * (Math.PI / 180);
    const padX = toleranceM / (M_PER_DEG * Math.cos(lat));
    const padY = toleranceM / M_PER_DEG;
    index.add(s.box[0] - padX, s.box[1] - padY, s.box[2] + padX, s.box[3] + padY);
  }
  index.finish();
  shapes.forEach((a, i) => {
    for (const j of index.search(a.box[0], a.box[1], a.box[2], a.box[3])) {
      if (j <= i) continue;
      const b = shapes[j]!;
      if (touches(a, b, toleranceM)) {
        out.get(a.id)!.push(b.id);
        out.get(b.id)!.push(a.id);
      }
    }
  });
  for (const list of out.values()) list.sort((x, y) => x - y);
  return out;
}
