import turfKinks from '@turf/kinks';
import type { Geometry } from './geometry';
import { PreparedGeometry, ringSignedArea } from './planar';

export interface Msg {
  zh: string;
  en: string;
}

/** At most this many problems are reported per geometry: one broken file should not yield 10,000 lines. */
const MAX_PROBLEMS = 5;

function ringName(poly: number, ring: number, multi: boolean): Msg {
  const r: Msg =
    ring === 0 ? { zh: '外环', en: 'outer ring' } : { zh: `第 ${ring} 个内环`, en: `hole ${ring}` };
  return multi ? { zh: `第 ${poly + 1} 个多边形的${r.zh}`, en: `polygon ${poly + 1}, ${r.en}` } : r;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/**
 * Checks a GeoJSON geometry for a region boundary (RFC 7946 §3.1.6): Polygon or MultiPolygon, numeric
 * lng/lat in range, every ring closed with at least 4 positions and some area, no self-intersection
 * (turf kinks), holes inside their outer ring. Returns the problems found; empty means valid, and then
 * the value is a `Geometry`.
 */
export function checkGeometry(g: unknown): Msg[] {
  const out: Msg[] = [];
  if (!g || typeof g !== 'object') return [{ zh: '缺少几何 geometry', en: 'missing the geometry' }];
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon')
    return [
      {
        zh: `几何类型 ${String(type)} 不支持，应为 Polygon 或 MultiPolygon`,
        en: `geometry type ${String(type)} is not supported: use Polygon or MultiPolygon`,
      },
    ];
  const multi = type === 'MultiPolygon';
  const polys = multi ? coordinates : [coordinates];
  if (!Array.isArray(polys) || polys.length === 0 || !polys.every((p) => Array.isArray(p) && p.length > 0))
    return [{ zh: '坐标结构不正确：应为环的数组', en: 'malformed coordinates: expected arrays of rings' }];

  polys.forEach((poly: unknown[], pi) => {
    poly.forEach((ring, ri) => {
      if (out.length >= MAX_PROBLEMS) return;
      const where = ringName(pi, ri, multi);
      if (!Array.isArray(ring)) {
        out.push({ zh: `${where.zh}不是坐标数组`, en: `${where.en} is not an array of positions` });
        return;
      }
      for (const p of ring) {
        if (
          !Array.isArray(p) ||
          p.length < 2 ||
          p.length > 3 ||
          !p.every((v) => typeof v === 'number' && Number.isFinite(v))
        ) {
          out.push({
            zh: `${where.zh}中有坐标不是 [经度, 纬度] 数字：${JSON.stringify(p)?.slice(0, 40)}`,
            en: `${where.en} has a position that is not [lng, lat] numbers: ${JSON.stringify(p)?.slice(0, 40)}`,
          });
          return;
        }
        const [lng, lat] = p as number[];
        if (lng! < -180 || lng! > 180 || lat! < -90 || lat! > 90) {
          out.push({
            zh: `坐标 (${lng}, ${lat}) 超出经纬度范围（经度 ±180，纬度 ±90）`,
            en: `position (${lng}, ${lat}) is outside the lng/lat range (±180, ±90)`,
          });
          return;
        }
      }
      if (ring.length < 4) {
        out.push({
          zh: `${where.zh}至少需要 4 个坐标点（首尾相同），现有 ${ring.length} 个`,
          en: `${where.en} needs at least 4 positions (first = last), has ${ring.length}`,
        });
        return;
      }
      const first = ring[0] as number[];
      const last = ring[ring.length - 1] as number[];
      if (first[0] !== last[0] || first[1] !== last[1]) {
        out.push({
          zh: `${where.zh}未闭合：首点 (${first[0]}, ${first[1]}) 与末点 (${last[0]}, ${last[1]}) 不同`,
          en: `${where.en} is not closed: first (${first[0]}, ${first[1]}) ≠ last (${last[0]}, ${last[1]})`,
        });
        return;
      }
    });
  });
  if (out.length > 0) return out;

  // Each ring on its own (kinks also flags segments that merely touch, so repeated consecutive points,
  // which are legal, are dropped first); then rings against each other, which may touch but not cross.
  const rings = (multi ? (coordinates as number[][][][]) : [coordinates as number[][][]]).map((poly) =>
    poly.map((ring) =>
      ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]),
    ),
  );
  rings.forEach((poly, pi) => {
    poly.forEach((ring, ri) => {
      if (out.length >= MAX_PROBLEMS) return;
      const kinks = turfKinks({ type: 'Polygon', coordinates: [ring] });
      if (kinks.features.length === 0) return;
      const [x, y] = kinks.features[0]!.geometry.coordinates as number[];
      const where = ringName(pi, ri, multi);
      out.push({
        zh: `${where.zh}自相交（${kinks.features.length} 处），第一处约在 (${round6(x!)}, ${round6(y!)})`,
        en: `${where.en} intersects itself (${kinks.features.length}×), first near (${round6(x!)}, ${round6(y!)})`,
      });
    });
  });
  if (out.length > 0) return out;
  // A bow-tie has zero signed area too, so this comes after kinks.
  rings.forEach((poly, pi) => {
    poly.forEach((ring, ri) => {
      if (ringSignedArea(ring) !== 0) return;
      const where = ringName(pi, ri, multi);
      out.push({ zh: `${where.zh}面积为零`, en: `${where.en} has no area` });
    });
  });
  if (out.length > 0) return out;
  const all = new PreparedGeometry(g as Geometry);
  for (let e = 0; e < all.edgeCount; e++) {
    const [x0, y0, x1, y1] = all.edge(e);
    if (all.crossedBy(x0, y0, x1, y1)) {
      out.push({
        zh: `多个环互相交叉，约在 (${round6(x0)}, ${round6(y0)}) 附近`,
        en: `rings cross each other near (${round6(x0)}, ${round6(y0)})`,
      });
      return out;
    }
  }
  rings.forEach((poly, pi) => {
    if (poly.length < 2) return;
    const outer = new PreparedGeometry({ type: 'Polygon', coordinates: [poly[0]!] });
    poly.slice(1).forEach((hole, hi) => {
      if (hole.some((p) => outer.side(p[0]!, p[1]!) === 'outside'))
        out.push({
          zh: `${ringName(pi, hi + 1, multi).zh}不在外环内`,
          en: `${ringName(pi, hi + 1, multi).en} is not inside the outer ring`,
        });
    });
  });
  return out;
}
