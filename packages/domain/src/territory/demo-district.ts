import { areaM2, centroid, type Geometry } from './geometry';
import { mulberry32 } from './prng';
import type { RegionLevel } from './region-code';

/**
 * The deterministic demo district "示范区" at the seeds' scale (issue #2): 1 district, 8 towns/streets,
 * 80 communities and about 740 grids. Polygons come from one jittered lattice, so every child tiles its
 * parent exactly and no two siblings overlap: a shared edge is the same list of lattice points.
 */
export interface DemoRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  boundary: Geometry;
  centroid: [number, number];
  areaM2: number;
  population: number;
  households: number;
  sort: number;
}

export const DEMO_DISTRICT_CODE = '350199';
export const DEMO_DISTRICT_NAME = '示范区';

const TOWNS: { seg: string; name: string }[] = [
  { seg: '001', name: '东湖街道' },
  { seg: '002', name: '临江街道' },
  { seg: '003', name: '望海街道' },
  { seg: '004', name: '星桥街道' },
  { seg: '101', name: '枫桥镇' },
  { seg: '102', name: '青山镇' },
  { seg: '103', name: '白沙镇' },
  { seg: '104', name: '桃源镇' },
];

const COMMUNITY_NAMES = [
  '春晖',
  '福兴',
  '安泰',
  '和平',
  '景阳',
  '金桥',
  '海棠',
  '芙蓉',
  '梅岭',
  '榕荫',
  '新港',
  '紫阳',
  '文昌',
  '明珠',
  '凤凰',
  '锦绣',
  '翠苑',
  '湖滨',
  '阳光',
  '南门',
  '朝阳',
  '振兴',
  '东升',
  '世纪',
  '康乐',
  '福泽',
  '桂园',
  '龙腾',
  '嘉禾',
  '清风',
  '荷塘',
  '书院',
  '花港',
  '江滨',
  '万寿',
  '聚贤',
  '馨园',
  '天元',
  '瑞景',
  '融侨',
];
const VILLAGE_NAMES = [
  '上洋',
  '下洋',
  '前溪',
  '后山',
  '石桥',
  '竹林',
  '龙井',
  '梅坞',
  '杨梅',
  '樟坂',
  '溪头',
  '坑口',
  '岭下',
  '洋尾',
  '湖头',
  '大坪',
  '陈厝',
  '林坂',
  '黄山',
  '郑厝',
  '马坑',
  '凤岗',
  '白石',
  '田垱',
  '双溪',
  '古楼',
  '连坂',
  '新厝',
  '后洋',
  '南屿',
  '旗山',
  '尚干',
  '桐口',
  '洪塘',
  '青洲',
  '浦口',
  '鹤林',
  '塘头',
  '柳岸',
  '茶园',
];

/**
 * The shape of a synthetic district: towns on a `townCols × townRows` lattice, each split into
 * `commCols × commRows` communities of `cells × cells` lattice cells, each split into grids.
 * `gridLayouts` picks (with the generator's PRNG) how many grid columns × rows each community gets.
 */
export interface DistrictLayout {
  code: string;
  name: string;
  towns: readonly { seg: string; name: string }[];
  townCols: number;
  townRows: number;
  commCols: number;
  commRows: number;
  cells: number;
  west: number;
  north: number;
  gridLayouts: (rand: () => number, communities: number) => { cols: number; rows: number }[];
}

const D_LNG = 0.003; // ≈ 300 m at 26° N
const D_LAT = 0.0025; // ≈ 278 m
const JITTER = 0.2;

/** The demo district: 2×4 towns, 5×2 communities per town, 6×6 cells per community. */
export const DEMO_DISTRICT_LAYOUT: DistrictLayout = {
  code: DEMO_DISTRICT_CODE,
  name: DEMO_DISTRICT_NAME,
  towns: TOWNS,
  townCols: 2,
  townRows: 4,
  commCols: 5,
  commRows: 2,
  cells: 6,
  west: 119.22,
  north: 26.12,
  // Seven communities get a 4×3 grid layout, the rest 3×3: 73×9 + 7×12 = 741 grids.
  gridLayouts: (rand, n) => {
    const wide = new Set<number>();
    while (wide.size < 7) wide.add(Math.floor(rand() * n));
    return Array.from({ length: n }, (_, i) => ({ cols: wide.has(i) ? 4 : 3, rows: 3 }));
  },
};

/**
 * A larger synthetic district for benchmarks, at the scale of the Licheng report in the seeds
 * ("全区重新细分网格2078个"): 12 towns, 240 communities, 2,078 grids (158×9 + 82×8). It lies west of the
 * demo district, so both can live in one database.
 */
export const BENCH_DISTRICT_LAYOUT: DistrictLayout = {
  code: '350188',
  name: '基准区',
  towns: [
    { seg: '001', name: '南湖街道' },
    { seg: '002', name: '北岭街道' },
    { seg: '003', name: '西山街道' },
    { seg: '004', name: '城东街道' },
    { seg: '005', name: '城南街道' },
    { seg: '006', name: '江心街道' },
    { seg: '101', name: '黄石镇' },
    { seg: '102', name: '华亭镇' },
    { seg: '103', name: '新度镇' },
    { seg: '104', name: '西天尾镇' },
    { seg: '105', name: '常太镇' },
    { seg: '106', name: '灵川镇' },
  ],
  townCols: 3,
  townRows: 4,
  commCols: 4,
  commRows: 5,
  cells: 6,
  west: 118.9,
  north: 26.2,
  gridLayouts: (rand, n) => {
    const narrow = new Set<number>();
    while (narrow.size < 82) narrow.add(Math.floor(rand() * n));
    return Array.from({ length: n }, (_, i) => (narrow.has(i) ? { cols: 4, rows: 2 } : { cols: 3, rows: 3 }));
  },
};

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function buildLattice(
  rand: () => number,
  l: DistrictLayout,
  cols: number,
  rows: number,
): [number, number][][] {
  const pts: [number, number][][] = [];
  for (let r = 0; r <= rows; r++) {
    const row: [number, number][] = [];
    for (let c = 0; c <= cols; c++) {
      const jx = (rand() * 2 - 1) * JITTER * D_LNG;
      const jy = (rand() * 2 - 1) * JITTER * D_LAT;
      row.push([round6(l.west + c * D_LNG + jx), round6(l.north - r * D_LAT + jy)]);
    }
    pts.push(row);
  }
  return pts;
}

/** The block [c0,c1]×[r0,r1] of lattice cells as a counter-clockwise ring through every lattice point. */
function blockPolygon(lat: [number, number][][], c0: number, r0: number, c1: number, r1: number): Geometry {
  const ring: [number, number][] = [];
  for (let c = c0; c <= c1; c++) ring.push(lat[r0]![c]!);
  for (let r = r0 + 1; r <= r1; r++) ring.push(lat[r]![c1]!);
  for (let c = c1 - 1; c >= c0; c--) ring.push(lat[r1]![c]!);
  for (let r = r1 - 1; r > r0; r--) ring.push(lat[r]![c0]!);
  ring.reverse();
  ring.push(ring[0]!);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Splits `cells` lattice cells into `parts` runs; the order of long and short runs varies. */
function split(cells: number, parts: number, rand: () => number): number[] {
  const base = Math.floor(cells / parts);
  const runs = Array.from({ length: parts }, () => base);
  let extra = cells - base * parts;
  while (extra > 0) {
    const i = Math.floor(rand() * parts);
    if (runs[i] === base) {
      runs[i]! += 1;
      extra--;
    }
  }
  return runs;
}

function region(
  code: string,
  name: string,
  level: RegionLevel,
  parentCode: string | null,
  boundary: Geometry,
  population: number,
  sort: number,
): DemoRegion {
  const [x, y] = centroid(boundary);
  return {
    code,
    name,
    level,
    parentCode,
    boundary,
    centroid: [round6(x), round6(y)],
    areaM2: Math.round(areaM2(boundary)),
    population,
    households: Math.round(population / 2.6),
    sort,
  };
}

export function generateDemoDistrict(gridCodeWidth = 3, seed = 20261123): DemoRegion[] {
  return generateDistrict(DEMO_DISTRICT_LAYOUT, gridCodeWidth, seed);
}

/** A synthetic district on one jittered lattice (children tile parents exactly), parents first. */
export function generateDistrict(l: DistrictLayout, gridCodeWidth = 3, seed = 20261123): DemoRegion[] {
  if (l.towns.length !== l.townCols * l.townRows) throw new Error('layout: towns ≠ townCols × townRows');
  const cols = l.townCols * l.commCols * l.cells;
  const rows = l.townRows * l.commRows * l.cells;
  const rand = mulberry32(seed);
  const lat = buildLattice(rand, l, cols, rows);
  const out: DemoRegion[] = [];
  const townRegions: DemoRegion[] = [];
  let commIndex = 0;
  const layouts = l.gridLayouts(rand, l.towns.length * l.commCols * l.commRows);

  l.towns.forEach((town, ti) => {
    const tc = ti % l.townCols;
    const tr = Math.floor(ti / l.townCols);
    const townCode = l.code + town.seg;
    const isStreet = Number(town.seg) < 100;
    const communities: DemoRegion[] = [];
    for (let cr = 0; cr < l.commRows; cr++) {
      for (let cc = 0; cc < l.commCols; cc++) {
        const n = cr * l.commCols + cc;
        const seg = String(isStreet ? n + 1 : n + 201).padStart(3, '0');
        const commCode = townCode + seg;
        const base = isStreet ? COMMUNITY_NAMES : VILLAGE_NAMES;
        const commName = base[((ti % 4) * 10 + n) % base.length]! + (isStreet ? '社区' : '村');
        const c0 = (tc * l.commCols + cc) * l.cells;
        const r0 = (tr * l.commRows + cr) * l.cells;
        const layout = layouts[commIndex]!;
        const colRuns = split(l.cells, layout.cols, rand);
        const rowRuns = split(l.cells, layout.rows, rand);
        const grids: DemoRegion[] = [];
        let gr0 = r0;
        let gn = 0;
        // Numbered west → east, north → south (DB11 单元网格 rule, cn_governance.md §1.4).
        for (const rh of rowRuns) {
          let gc0 = c0;
          for (const cw of colRuns) {
            gn++;
            const pop = Math.round((isStreet ? 900 : 450) + rand() * (isStreet ? 900 : 500));
            grids.push(
              region(
                commCode + String(gn).padStart(gridCodeWidth, '0'),
                `${commName}第${gn}网格`,
                'grid',
                commCode,
                blockPolygon(lat, gc0, gr0, gc0 + cw, gr0 + rh),
                pop,
                gn,
              ),
            );
            gc0 += cw;
          }
          gr0 += rh;
        }
        const pop = grids.reduce((s, g) => s + g.population, 0);
        communities.push(
          region(
            commCode,
            commName,
            'community',
            townCode,
            blockPolygon(lat, c0, r0, c0 + l.cells, r0 + l.cells),
            pop,
            n + 1,
          ),
        );
        out.push(...grids);
        commIndex++;
      }
    }
    const c0 = tc * l.commCols * l.cells;
    const r0 = tr * l.commRows * l.cells;
    const pop = communities.reduce((s, c) => s + c.population, 0);
    const t = region(
      townCode,
      town.name,
      'town',
      l.code,
      blockPolygon(lat, c0, r0, c0 + l.commCols * l.cells, r0 + l.commRows * l.cells),
      pop,
      ti + 1,
    );
    townRegions.push(t);
    out.push(...communities);
  });
  const pop = townRegions.reduce((s, t) => s + t.population, 0);
  const district = region(l.code, l.name, 'district', null, blockPolygon(lat, 0, 0, cols, rows), pop, 1);
  // Parents first, so a loader can insert in order.
  const order: Record<RegionLevel, number> = { district: 0, town: 1, community: 2, grid: 3, microGrid: 4 };
  return [district, ...townRegions, ...out].sort(
    (a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code),
  );
}

/** Regions as a GeoJSON FeatureCollection in the shape `POST /regions/import` reads. */
export function regionsToFeatureCollection(
  regions: readonly Pick<
    DemoRegion,
    'code' | 'name' | 'level' | 'parentCode' | 'boundary' | 'population' | 'households'
  >[],
) {
  return {
    type: 'FeatureCollection' as const,
    features: regions.map((r) => ({
      type: 'Feature' as const,
      properties: {
        code: r.code,
        name: r.name,
        level: r.level,
        parentCode: r.parentCode,
        population: r.population,
        households: r.households,
      },
      geometry: r.boundary,
    })),
  };
}
