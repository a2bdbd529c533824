import Flatbush from 'flatbush';
import { bbox, flattenRing, type Geometry, pointInRing, polygonsOf } from './geometry';

interface Shape {
  id: number;
  depth: number;
  polygons: { outer: Float64Array; holes: Float64Array[] }[];
}

export interface LocatableRegion {
  id: number;
  /** Deeper regions win when two contain the point (a micro-grid inside its grid). */
  depth: number;
  boundary: Geometry;
}

/**
 * In-memory point → region index (issue #2: `GET /regions/locate`). A packed R-tree (flatbush) over the
 * bounding boxes narrows the candidates; an exact ray-casting test decides. Immutable: rebuild it when a
 * boundary changes.
 */
export class RegionLocator {
  private readonly shapes: Shape[];
  private readonly tree: Flatbush | null;
  private hit = -1;
  private hitDepth = -1;
  private qx = 0;
  private qy = 0;
  private readonly test = (i: number): boolean => {
    const s = this.shapes[i]!;
    if (s.depth <= this.hitDepth) return false;
    for (const p of s.polygons) {
      if (!pointInRing(this.qx, this.qy, p.outer)) continue;
      let inHole = false;
      for (const h of p.holes) if (pointInRing(this.qx, this.qy, h)) inHole = true;
      if (!inHole) {
        this.hit = s.id;
        this.hitDepth = s.depth;
        break;
      }
    }
    return false;
  };

  constructor(regions: readonly LocatableRegion[]) {
    this.shapes = regions.map((r) => ({
      id: r.id,
      depth: r.depth,
      polygons: polygonsOf(r.boundary).map((poly) => ({
        outer: flattenRing(poly[0] ?? []),
        holes: poly.slice(1).map(flattenRing),
      })),
    }));
    if (regions.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(regions.length);
    for (const r of regions) {
      const [a, b, c, d] = bbox(r.boundary);
      tree.add(a, b, c, d);
    }
    tree.finish();
    this.tree = tree;
  }

  get size(): number {
    return this.shapes.length;
  }

  /** The id of the deepest region containing the point, or null. Points on a shared edge go to one side. */
  locate(lng: number, lat: number): number | null {
    if (!this.tree) return null;
    this.hit = -1;
    this.hitDepth = -1;
    this.qx = lng;
    this.qy = lat;
    this.tree.search(lng, lat, lng, lat, this.test);
    return this.hit === -1 ? null : this.hit;
  }
}
