import { bbox, flattenRing, type Geometry, pointInRing, polygonsOf } from './geometry';

interface Shape {
  id: number;
  depth: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  polygons: { outer: Float64Array; holes: Float64Array[] }[];
}

export interface LocatableRegion {
  id: number;
  /** Deeper regions win when two contain the point (a micro-grid inside its grid). */
  depth: number;
  boundary: Geometry;
}

/** Cells per shape: finer cells answer more points without a polygon test, at 9 bytes a cell. */
const CELLS_PER_SHAPE = 64;
const MAX_CELLS = 1 << 21;
const MUST_TEST = -2;
const NOWHERE = -1;

function inShape(s: Shape, x: number, y: number): boolean {
  if (x < s.minX || x > s.maxX || y < s.minY || y > s.maxY) return false;
  for (const p of s.polygons) {
    if (!pointInRing(x, y, p.outer)) continue;
    let inHole = false;
    for (const h of p.holes) if (pointInRing(x, y, h)) inHole = true;
    if (!inHole) return true;
  }
  return false;
}

/**
 * In-memory point → region index (issue #2: `GET /regions/locate`, target ≥ 1M lookups/s over 2,078
 * grids, see BENCHMARKS.md). A uniform cell grid over the whole territory: a cell that no boundary
 * crosses lies wholly inside one region (or none), so its answer is stored and most lookups are one array
 * read; a cell that a boundary crosses keeps its candidate regions, deepest first, for an exact
 * ray-casting test. Immutable: rebuild it when a boundary changes.
 */
export class RegionLocator {
  private readonly shapes: Shape[];
  private readonly minX: number = 0;
  private readonly minY: number = 0;
  private readonly maxX: number = -1;
  private readonly maxY: number = -1;
  private readonly invW: number = 0;
  private readonly invH: number = 0;
  private readonly nx: number = 0;
  private readonly ny: number = 0;
  /** Per cell: a shape index (answer), NOWHERE, or MUST_TEST (look at the candidates). */
  private readonly answer: Int32Array = new Int32Array(0);
  /** Candidates of cell i are items[start[i] .. start[i+1]), deepest first. */
  private readonly start: Int32Array = new Int32Array(1);
  private readonly items: Int32Array = new Int32Array(0);

  constructor(regions: readonly LocatableRegion[]) {
    // Deepest first (stable), so the first shape that contains a point is the answer.
    const sorted = regions
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.depth - a.r.depth || a.i - b.i)
      .map((x) => x.r);
    this.shapes = sorted.map((r) => {
      const [minX, minY, maxX, maxY] = bbox(r.boundary);
      return {
        id: r.id,
        depth: r.depth,
        minX,
        minY,
        maxX,
        maxY,
        polygons: polygonsOf(r.boundary).map((poly) => ({
          outer: flattenRing(poly[0] ?? []),
          holes: poly.slice(1).map(flattenRing),
        })),
      };
    });
    const shapes = this.shapes.filter((s) => Number.isFinite(s.minX));
    if (shapes.length === 0) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const s of shapes) {
      minX = Math.min(minX, s.minX);
      minY = Math.min(minY, s.minY);
      maxX = Math.max(maxX, s.maxX);
      maxY = Math.max(maxY, s.maxY);
    }
    const w = Math.max(maxX - minX, 1e-9);
    const h = Math.max(maxY - minY, 1e-9);
    const target = Math.min(MAX_CELLS, Math.max(1024, shapes.length * CELLS_PER_SHAPE));
    const nx = Math.max(1, Math.min(target, Math.round(Math.sqrt((target * w) / h))));
    const ny = Math.max(1, Math.min(target, Math.round(target / nx)));
    Object.assign(this, { minX, minY, maxX, maxY, nx, ny, invW: nx / w, invH: ny / h });

    const cellX = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - minX) * this.invW)));
    const cellY = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - minY) * this.invH)));
    const cells = nx * ny;

    // Candidates per cell (CSR), in the shapes' deepest-first order.
    const count = new Int32Array(cells + 1);
    const ranges = this.shapes.map((s) =>
      Number.isFinite(s.minX) ? [cellX(s.minX), cellY(s.minY), cellX(s.maxX), cellY(s.maxY)] : null,
    );
    for (const r of ranges) {
      if (!r) continue;
      for (let cy = r[1]!; cy <= r[3]!; cy++) for (let cx = r[0]!; cx <= r[2]!; cx++) count[cy * nx + cx]!++;
    }
    const start = new Int32Array(cells + 1);
    for (let i = 0; i < cells; i++) start[i + 1] = start[i]! + count[i]!;
    const items = new Int32Array(start[cells]!);
    const fill = start.slice(0, cells);
    ranges.forEach((r, si) => {
      if (!r) return;
      for (let cy = r[1]!; cy <= r[3]!; cy++)
        for (let cx = r[0]!; cx <= r[2]!; cx++) items[fill[cy * nx + cx]!++] = si;
    });

    // Cells any boundary passes through (conservatively: each edge cut into pieces no longer than a
    // cell, each piece marking the cells its bounding box touches).
    const crossed = new Uint8Array(cells);
    const stepX = w / nx;
    const stepY = h / ny;
    for (const s of shapes)
      for (const p of s.polygons)
        for (const ring of [p.outer, ...p.holes])
          for (let i = 0; i + 3 < ring.length; i += 2) {
            const x0 = ring[i]!;
            const y0 = ring[i + 1]!;
            const x1 = ring[i + 2]!;
            const y1 = ring[i + 3]!;
            const pieces = Math.max(
              1,
              Math.ceil(Math.max(Math.abs(x1 - x0) / stepX, Math.abs(y1 - y0) / stepY)),
            );
            for (let k = 0; k < pieces; k++) {
              const ax = x0 + ((x1 - x0) * k) / pieces;
              const ay = y0 + ((y1 - y0) * k) / pieces;
              const bx = x0 + ((x1 - x0) * (k + 1)) / pieces;
              const by = y0 + ((y1 - y0) * (k + 1)) / pieces;
              const c0 = cellX(Math.min(ax, bx) - stepX * 1e-6);
              const c1 = cellX(Math.max(ax, bx) + stepX * 1e-6);
              const r0 = cellY(Math.min(ay, by) - stepY * 1e-6);
              const r1 = cellY(Math.max(ay, by) + stepY * 1e-6);
              for (let cy = r0; cy <= r1; cy++) for (let cx = c0; cx <= c1; cx++) crossed[cy * nx + cx] = 1;
            }
          }

    // An uncrossed cell is wholly inside or wholly outside each candidate: its centre decides.
    const answer = new Int32Array(cells);
    for (let cy = 0; cy < ny; cy++)
      for (let cx = 0; cx < nx; cx++) {
        const c = cy * nx + cx;
        if (crossed[c]) {
          answer[c] = MUST_TEST;
          continue;
        }
        const x = minX + (cx + 0.5) * stepX;
        const y = minY + (cy + 0.5) * stepY;
        let found = NOWHERE;
        for (let k = start[c]!; k < start[c + 1]!; k++)
          if (inShape(this.shapes[items[k]!]!, x, y)) {
            found = items[k]!;
            break;
          }
        answer[c] = found;
      }
    Object.assign(this, { answer, start, items });
  }

  get size(): number {
    return this.shapes.length;
  }

  /** The id of the deepest region containing the point, or null. Points on a shared edge go to one side. */
  locate(lng: number, lat: number): number | null {
    if (!(lng >= this.minX && lng <= this.maxX && lat >= this.minY && lat <= this.maxY)) return null;
    let cx = Math.floor((lng - this.minX) * this.invW);
    let cy = Math.floor((lat - this.minY) * this.invH);
    if (cx >= this.nx) cx = this.nx - 1;
    if (cy >= this.ny) cy = this.ny - 1;
    const c = cy * this.nx + cx;
    const a = this.answer[c]!;
    if (a >= 0) return this.shapes[a]!.id;
    if (a === NOWHERE) return null;
    for (let k = this.start[c]!, end = this.start[c + 1]!; k < end; k++) {
      const s = this.shapes[this.items[k]!]!;
      if (inShape(s, lng, lat)) return s.id;
    }
    return null;
  }
}
