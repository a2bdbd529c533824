import { areaM2, centroid, type Geometry } from '@fengqiao/domain';

/** The stored facts derived from a boundary: centroid and area (m², rounded). */
export function geometryFacts(boundary: Geometry | null | undefined) {
  if (!boundary) return { centroidLng: null, centroidLat: null, areaM2: null };
  const [lng, lat] = centroid(boundary);
  return { centroidLng: lng, centroidLat: lat, areaM2: Math.round(areaM2(boundary)) };
}
