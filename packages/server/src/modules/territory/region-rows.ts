import { areaM2, centroid, childPath, type Geometry, type RegionLevel } from '@fengqiao/domain';
import type { NewRegionRow } from './territory.repo';

/** The stored facts derived from a boundary: centroid and area (m², rounded). */
export function geometryFacts(boundary: Geometry | null | undefined) {
  if (!boundary) return { centroidLng: null, centroidLat: null, areaM2: null };
  const [lng, lat] = centroid(boundary);
  return { centroidLng: lng, centroidLat: lat, areaM2: Math.round(areaM2(boundary)) };
}

/** A new region's row under `parent` (none for a district): its path, and the facts of its boundary. */
export function newRegionRow(
  r: {
    code: string;
    name: string;
    level: RegionLevel;
    boundary?: Geometry | null | undefined;
    population?: number | undefined;
    households?: number | undefined;
    sort?: number | undefined;
  },
  parent: { id: number; regionPath: string } | null | undefined,
): NewRegionRow {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentId: parent?.id ?? null,
    regionPath: childPath(parent?.regionPath ?? null, r.code),
    boundary: r.boundary ?? null,
    ...geometryFacts(r.boundary),
    population: r.population ?? 0,
    households: r.households ?? 0,
    sort: r.sort ?? 0,
  };
}
