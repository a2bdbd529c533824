import { featureCollection, feature as turfFeature } from '@turf/helpers';
import turfIntersect from '@turf/intersect';
import Flatbush from 'flatbush';
import { areaM2, type Geometry } from './geometry';
import { checkGeometry, type Msg } from './geometry-check';
import { liesWithin, mayOverlap, PreparedGeometry } from './planar';
import {
  checkRegionCode,
  DEFAULT_GRID_CODE_WIDTH,
  describeCodeProblem,
  levelOfCode,
  parentCodeOf,
  parentLevel,
  REGION_LEVEL_LABELS,
  REGION_LEVELS,
  type RegionLevel,
} from './region-code';

/**
 * Checks a GeoJSON FeatureCollection of region boundaries before `POST /regions/import` writes it
 * (issue #2). Pure: the caller passes the regions already in the database. Every problem is reported
 * against its feature (index in the file, code) in both languages; nothing here throws on bad input.
 */

/** A region already stored (the part of the tree the importing user may see). */
export interface ExistingRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  boundary: Geometry | null;
}

export interface RegionImportOptions {
  gridCodeWidth?: number;
  /** How far (metres) a region may stick out of its parent and still count as inside: digitising slack. */
  toleranceM?: number;
  /** Sibling overlaps smaller than this (m²) are not reported. */
  minOverlapM2?: number;
  /** A parent whose children leave more than max(gapMinM2, gapRatio × its area) uncovered gets a warning. */
  gapMinM2?: number;
  gapRatio?: number;
}

export const IMPORT_DEFAULTS = { toleranceM: 1, minOverlapM2: 1, gapMinM2: 100, gapRatio: 0.005 } as const;

export interface ImportedRegion {
  index: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  boundary: Geometry;
  population?: number | undefined;
  households?: number | undefined;
}

export interface ImportProblem {
  /** The feature's position in the file (0-based); -1 for the file as a whole. */
  index: number;
  code: string | null;
  message: Msg;
}

export type ImportWarningKind = 'overlap' | 'gap' | 'nearEdge' | 'noParentBoundary';

export interface ImportWarning {
  kind: ImportWarningKind;
  codes: string[];
  message: Msg;
  areaM2?: number;
}

export interface RegionImportReport {
  features: number;
  /** New regions, parents before children. */
  creates: ImportedRegion[];
  /** Regions already stored whose boundary, name and figures the file replaces. */
  updates: ImportedRegion[];
  errors: ImportProblem[];
  warnings: ImportWarning[];
}

interface Parsed {
  index: number;
  code: string;
  name: string | null;
  level: RegionLevel | null;
  parentCode: string | null;
  boundary: Geometry | null;
  population?: number | undefined;
  households?: number | undefined;
}

/** What a region looks like after the import: the file's version where there is one. */
interface Final {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  boundary: Geometry | null;
  /** Index in the file, or null for a stored region the file does not touch. */
  index: number | null;
}

/** Coordinate systems a file may declare (RFC 7946 drops `crs`, but QGIS and ArcGIS still write one). */
const LNG_LAT_CRS = /(CRS84|EPSG::?4326|EPSG::?4490|WGS\s*84|CGCS\s*2000)$/i;

const fmtArea = (m2: number) =>
  m2 >= 100 ? Math.round(m2).toLocaleString('en-US') : String(Math.round(m2 * 10) / 10);
const fmtM = (m: number) => (m >= 100 ? String(Math.round(m)) : String(Math.round(m * 10) / 10));

function label(level: RegionLevel): Msg {
  return REGION_LEVEL_LABELS[level];
}

function codeOf(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return String(v);
  return null;
}

function count(v: unknown): number | undefined | false {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= 100_000_000 ? v : false;
}

function parseFeature(f: unknown, index: number, gridWidth: number, errors: ImportProblem[]): Parsed | null {
  const err = (code: string | null, message: Msg) => errors.push({ index, code, message });
  if (!f || typeof f !== 'object' || (f as { type?: unknown }).type !== 'Feature') {
    err(null, { zh: '不是 GeoJSON Feature', en: 'not a GeoJSON Feature' });
    return null;
  }
  const props = (f as { properties?: unknown }).properties;
  const p = (props && typeof props === 'object' ? props : {}) as Record<string, unknown>;
  const code = codeOf(p.code);
  if (!code) {
    err(null, { zh: '缺少区划代码 properties.code', en: 'missing the region code (properties.code)' });
    return null;
  }
  const out: Parsed = { index, code, name: null, level: null, parentCode: null, boundary: null };

  if (typeof p.name === 'string' && p.name.trim() !== '' && p.name.trim().length <= 64)
    out.name = p.name.trim();
  else if (typeof p.name === 'string' && p.name.trim().length > 64)
    err(code, { zh: '名称超过 64 个字', en: 'the name is longer than 64 characters' });
  else err(code, { zh: '缺少名称 properties.name', en: 'missing the name (properties.name)' });

  if (p.level !== undefined && p.level !== null) {
    if (REGION_LEVELS.includes(p.level as RegionLevel)) out.level = p.level as RegionLevel;
    else
      err(code, {
        zh: `层级 ${String(p.level)} 不存在，应为 ${REGION_LEVELS.join('/')}`,
        en: `unknown level ${String(p.level)}: use ${REGION_LEVELS.join('/')}`,
      });
  } else {
    out.level = /^\d+$/.test(code) ? levelOfCode(code, gridWidth) : null;
    if (!out.level && /^\d+$/.test(code))
      err(code, {
        zh: `${code.length} 位代码不对应任何层级，请填写 level`,
        en: `a ${code.length}-digit code matches no level: give properties.level`,
      });
  }

  const parent = p.parentCode === undefined || p.parentCode === null ? null : codeOf(p.parentCode);
  if (p.parentCode !== undefined && p.parentCode !== null && !parent)
    err(code, { zh: '上级代码 parentCode 格式不正确', en: 'parentCode is malformed' });
  if (out.level) {
    out.parentCode = parent ?? parentCodeOf(code, out.level, gridWidth);
    if (out.level === 'district') out.parentCode = parent;
    const problem = checkRegionCode(code, out.level, out.parentCode, gridWidth);
    if (problem) {
      const d = describeCodeProblem(problem);
      err(code, { zh: `区划代码${d.zh}`, en: `region code: ${d.en}` });
    } else if (out.level === 'district' && parent)
      err(code, { zh: '区县没有上级区域', en: 'a district has no parent region' });
  }

  for (const key of ['population', 'households'] as const) {
    const n = count(p[key]);
    if (n === false)
      err(code, {
        zh: `${key === 'population' ? '人口' : '户数'}应为 0–1 亿的整数`,
        en: `${key} must be a whole number from 0 to 100 million`,
      });
    else out[key] = n;
  }

  const geometryProblems = checkGeometry((f as { geometry?: unknown }).geometry);
  for (const m of geometryProblems) err(code, m);
  if (geometryProblems.length === 0) out.boundary = (f as { geometry: Geometry }).geometry;
  return out;
}

/**
 * The code and declared parent of each feature, read leniently (no checks): enough for the server to
 * decide, before validating, whether the file reaches outside the importing user's scope.
 */
export function importTargets(
  collection: unknown,
): { index: number; code: string; parentCode: string | null }[] {
  const features = (collection as { features?: unknown } | null)?.features;
  if (!Array.isArray(features)) return [];
  const out: { index: number; code: string; parentCode: string | null }[] = [];
  features.forEach((f, index) => {
    const p = (f as { properties?: Record<string, unknown> } | null)?.properties;
    const code = p ? codeOf(p.code) : null;
    if (code && /^\d+$/.test(code)) out.push({ index, code, parentCode: codeOf(p?.parentCode) });
  });
  return out;
}

function intersectionArea(a: Geometry, b: Geometry): number {
  try {
    const x = turfIntersect(featureCollection([turfFeature(a), turfFeature(b)]));
    return x ? areaM2(x.geometry as Geometry) : 0;
  } catch {
    return Number.NaN;
  }
}

export function validateRegionImport(
  collection: unknown,
  existing: ReadonlyMap<string, ExistingRegion>,
  options: RegionImportOptions = {},
): RegionImportReport {
  const gridWidth = options.gridCodeWidth ?? DEFAULT_GRID_CODE_WIDTH;
  const toleranceM = options.toleranceM ?? IMPORT_DEFAULTS.toleranceM;
  const minOverlapM2 = options.minOverlapM2 ?? IMPORT_DEFAULTS.minOverlapM2;
  const gapMinM2 = options.gapMinM2 ?? IMPORT_DEFAULTS.gapMinM2;
  const gapRatio = options.gapRatio ?? IMPORT_DEFAULTS.gapRatio;
  const errors: ImportProblem[] = [];
  const warnings: ImportWarning[] = [];
  const report = (features: number, creates: ImportedRegion[] = [], updates: ImportedRegion[] = []) => ({
    features,
    creates,
    updates,
    errors: errors.sort((a, b) => a.index - b.index),
    warnings,
  });

  const fc = collection as { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  if (!fc || typeof fc !== 'object' || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    errors.push({
      index: -1,
      code: null,
      message: {
        zh: '不是含 features 数组的 FeatureCollection',
        en: 'not a FeatureCollection with features',
      },
    });
    return report(0);
  }
  const crs = fc.crs?.properties?.name;
  if (crs !== undefined && !(typeof crs === 'string' && LNG_LAT_CRS.test(crs))) {
    errors.push({
      index: -1,
      code: null,
      message: {
        zh: `坐标系 ${String(crs)} 不受支持：请使用 WGS-84 或 CGCS2000 经纬度（EPSG:4326 / EPSG:4490）`,
        en: `coordinate system ${String(crs)} is not supported: use WGS-84 or CGCS2000 lng/lat (EPSG:4326 / 4490)`,
      },
    });
    return report(fc.features.length);
  }
  if (fc.features.length === 0) {
    errors.push({ index: -1, code: null, message: { zh: '文件中没有要素', en: 'the file has no features' } });
    return report(0);
  }

  // 1. Each feature on its own.
  const firstIndex = new Map<string, number>();
  const parsed: Parsed[] = [];
  fc.features.forEach((f, i) => {
    const p = parseFeature(f, i, gridWidth, errors);
    if (!p) return;
    const first = firstIndex.get(p.code);
    if (first !== undefined) {
      errors.push({
        index: i,
        code: p.code,
        message: { zh: `区划代码与第 ${first + 1} 个要素重复`, en: `same code as feature ${first + 1}` },
      });
      return;
    }
    firstIndex.set(p.code, i);
    parsed.push(p);
  });
  const inFile = new Map(parsed.map((p) => [p.code, p]));

  // 2. Against the tree: level and parent unchanged for stored regions, parents exist with the right level.
  for (const p of parsed) {
    if (!p.level) continue;
    const err = (message: Msg) => errors.push({ index: p.index, code: p.code, message });
    const stored = existing.get(p.code);
    if (stored && stored.level !== p.level) {
      err({
        zh: `系统中该区域是${label(stored.level).zh}，不能改为${label(p.level).zh}`,
        en: `this region is stored as a ${label(stored.level).en}, not a ${label(p.level).en}`,
      });
      continue;
    }
    if (stored && stored.parentCode !== p.parentCode) {
      err({
        zh: `系统中该区域隶属 ${stored.parentCode ?? '（无）'}，导入不能移动区域`,
        en: `this region belongs to ${stored.parentCode ?? '(none)'}: an import cannot move regions`,
      });
      continue;
    }
    if (p.level === 'district' || !p.parentCode) continue;
    const parent = inFile.get(p.parentCode) ?? existing.get(p.parentCode);
    if (!parent) {
      err({
        zh: `上级区域 ${p.parentCode} 不存在（文件和系统中都没有）`,
        en: `the parent region ${p.parentCode} exists neither in the file nor in the system`,
      });
      continue;
    }
    const expected = parentLevel(p.level)!;
    if (parent.level && parent.level !== expected)
      err({
        zh: `${label(p.level).zh}的上级应是${label(expected).zh}，而 ${p.parentCode} 是${label(parent.level).zh}`,
        en: `a ${label(p.level).en} belongs to a ${label(expected).en}, but ${p.parentCode} is a ${label(parent.level).en}`,
      });
  }

  // 3. The tree after the import, for the spatial checks.
  const finals = new Map<string, Final>();
  for (const e of existing.values()) finals.set(e.code, { ...e, index: null });
  for (const p of parsed)
    if (p.level && p.name)
      finals.set(p.code, {
        code: p.code,
        name: p.name,
        level: p.level,
        parentCode: p.parentCode,
        boundary: p.boundary,
        index: p.index,
      });
  const children = new Map<string, Final[]>();
  for (const f of finals.values())
    if (f.parentCode) {
      const list = children.get(f.parentCode) ?? [];
      list.push(f);
      children.set(f.parentCode, list);
    }
  const prepared = new Map<string, PreparedGeometry>();
  const prep = (f: Final) => {
    let g = prepared.get(f.code);
    if (!g) {
      g = new PreparedGeometry(f.boundary!);
      prepared.set(f.code, g);
    }
    return g;
  };
  const areas = new Map<string, number>();
  const area = (f: Final) => {
    let a = areas.get(f.code);
    if (a === undefined) {
      a = areaM2(f.boundary!);
      areas.set(f.code, a);
    }
    return a;
  };
  const named = (f: Final) => `${f.code}（${f.name}）`;
  const namedEn = (f: Final) => `${f.code} (${f.name})`;

  // 4. Each region inside its parent: file regions in their parents, stored children in re-drawn parents.
  /** For children not wholly inside their parent: the part that is (m²). */
  const insideArea = new Map<string, number>();
  const checkWithin = (child: Final, parent: Final) => {
    if (!child.boundary) return;
    if (!parent.boundary) {
      if (child.index !== null)
        warnings.push({
          kind: 'noParentBoundary',
          codes: [child.code, parent.code],
          message: {
            zh: `上级区域 ${named(parent)} 没有边界，未检查 ${child.code} 是否在其范围内`,
            en: `the parent ${namedEn(parent)} has no boundary: ${child.code} was not checked against it`,
          },
        });
      return;
    }
    const c = prep(child);
    const p = prep(parent);
    if (liesWithin(c, p)) return;
    let farthest = 0;
    for (const [x, y] of c.vertices)
      if (p.side(x, y) === 'outside') farthest = Math.max(farthest, p.metresToBoundary(x, y));
    const inside = intersectionArea(child.boundary, parent.boundary);
    if (!Number.isNaN(inside)) insideArea.set(child.code, inside);
    const outside = Number.isNaN(inside) ? Number.NaN : Math.max(0, area(child) - inside);
    let perimeter = 0;
    for (let e = 0; e < c.edgeCount; e++) {
      const [x0, y0, x1, y1] = c.edge(e);
      perimeter += Math.hypot((x1 - x0) * Math.cos((y0 * Math.PI) / 180) * 111_320, (y1 - y0) * 110_574);
    }
    // Inside within tolerance: no vertex farther out than the tolerance, and what sticks out is no more
    // than a tolerance-wide strip along the boundary.
    const slight = farthest <= toleranceM && !(outside > toleranceM * perimeter);
    const areaText = Number.isNaN(outside) ? '' : fmtArea(outside);
    if (slight) {
      warnings.push({
        kind: 'nearEdge',
        codes: [child.code, parent.code],
        message: {
          zh: `${named(child)} 超出上级 ${named(parent)} 边界 ${fmtM(farthest)} 米（约 ${areaText} 平方米），在容差 ${toleranceM} 米以内`,
          en: `${namedEn(child)} sticks out of its parent ${namedEn(parent)} by ${fmtM(farthest)} m (about ${areaText} m²), within the ${toleranceM} m tolerance`,
        },
        ...(Number.isNaN(outside) ? {} : { areaM2: Math.round(outside * 10) / 10 }),
      });
      return;
    }
    const how = {
      zh: `最远 ${fmtM(farthest)} 米${areaText ? `，超出面积约 ${areaText} 平方米` : ''}`,
      en: `up to ${fmtM(farthest)} m${areaText ? `, about ${areaText} m² outside` : ''}`,
    };
    if (child.index !== null)
      errors.push({
        index: child.index,
        code: child.code,
        message: {
          zh: `超出上级区域 ${named(parent)} 的边界：${how.zh}`,
          en: `lies outside its parent ${namedEn(parent)}: ${how.en}`,
        },
      });
    else
      errors.push({
        index: parent.index!,
        code: parent.code,
        message: {
          zh: `新边界使现有下级区域 ${named(child)} 超出：${how.zh}`,
          en: `the new boundary leaves the stored sub-region ${namedEn(child)} outside: ${how.en}`,
        },
      });
  };
  for (const f of finals.values()) {
    if (!f.parentCode) continue;
    const parent = finals.get(f.parentCode);
    if (!parent) continue;
    if (f.index !== null || parent.index !== null) checkWithin(f, parent);
  }

  // 5. Siblings must not overlap: a packed R-tree over each family's boxes, then an exact screen, and
  //    the area only for pairs the screen cannot clear.
  const overlapBetween = new Map<string, number>();
  for (const [parentCode, kids] of children) {
    const drawn = kids.filter((k) => k.boundary);
    if (drawn.length < 2 || !drawn.some((k) => k.index !== null)) continue;
    const tree = new Flatbush(drawn.length);
    for (const k of drawn) {
      const g = prep(k);
      tree.add(g.minX, g.minY, g.maxX, g.maxY);
    }
    tree.finish();
    drawn.forEach((a, i) => {
      if (a.index === null) return;
      const ga = prep(a);
      for (const j of tree.search(ga.minX, ga.minY, ga.maxX, ga.maxY)) {
        const b = drawn[j]!;
        if (j === i || (b.index !== null && j < i)) continue;
        if (!mayOverlap(ga, prep(b))) continue;
        const m2 = intersectionArea(a.boundary!, b.boundary!);
        if (!(m2 >= minOverlapM2)) continue;
        overlapBetween.set(parentCode, (overlapBetween.get(parentCode) ?? 0) + m2);
        warnings.push({
          kind: 'overlap',
          codes: [a.code, b.code],
          areaM2: Math.round(m2 * 10) / 10,
          message: {
            zh: `${named(a)} 与 ${named(b)} 重叠约 ${fmtArea(m2)} 平方米`,
            en: `${namedEn(a)} and ${namedEn(b)} overlap by about ${fmtArea(m2)} m²`,
          },
        });
      }
    });
  }

  // 6. Gaps: children should cover their parent (无缝拼接, cn_governance.md §1.4). Micro-grids need not
  //    cover their grid, so they are left out.
  for (const [parentCode, kids] of children) {
    const parent = finals.get(parentCode);
    if (!parent?.boundary || kids.length === 0 || kids[0]!.level === 'microGrid') continue;
    if (parent.index === null && !kids.some((k) => k.index !== null)) continue;
    if (kids.some((k) => !k.boundary)) continue;
    const covered =
      kids.reduce((s, k) => s + (insideArea.get(k.code) ?? area(k)), 0) -
      (overlapBetween.get(parentCode) ?? 0);
    const gap = area(parent) - covered;
    if (gap > Math.max(gapMinM2, gapRatio * area(parent))) {
      const pct = Math.round((gap / area(parent)) * 1000) / 10;
      warnings.push({
        kind: 'gap',
        codes: [parentCode],
        areaM2: Math.round(gap),
        message: {
          zh: `${named(parent)} 的下级区域未覆盖约 ${fmtArea(gap)} 平方米（${pct}%）`,
          en: `the sub-regions of ${namedEn(parent)} leave about ${fmtArea(gap)} m² (${pct}%) uncovered`,
        },
      });
    }
  }

  const rank = (l: RegionLevel) => REGION_LEVELS.indexOf(l);
  const rows = parsed
    .filter((p) => p.level && p.name && p.boundary)
    .map(
      (p): ImportedRegion => ({
        index: p.index,
        code: p.code,
        name: p.name!,
        level: p.level!,
        parentCode: p.parentCode,
        boundary: p.boundary!,
        population: p.population,
        households: p.households,
      }),
    )
    .sort((a, b) => rank(a.level) - rank(b.level) || a.code.localeCompare(b.code));
  return report(
    fc.features.length,
    rows.filter((r) => !existing.has(r.code)),
    rows.filter((r) => existing.has(r.code)),
  );
}
