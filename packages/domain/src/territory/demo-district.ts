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

// Lattice: 2×4 towns, 5×2 communities per town, 6×6 cells per community.
const TOWN_COLS = 2;
const TOWN_ROWS = 4;
const COMM_COLS = 5;
const COMM_ROWS = 2;
const CELLS = 6;
const COLS = TOWN_COLS * COMM_COLS * CELLS; // 60
const ROWS = TOWN_ROWS * COMM_ROWS * CELLS; // 48
const WEST = 119.22;
const NORTH = 26.12;
const D_LNG = 0.003; // ≈ 300 m at 26° N
const D_LAT = 0.0025; // ≈ 278 m
const JITTER = 0.2;

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function buildLattice(rand: () => number): [number, number][][] {
  const pts: [number, number][][] = [];
  for (let r = 0; r <= ROWS; r++) {
    const row: [number, number][] = [];
    for (let c = 0; c <= COLS; c++) {
      const jx = (rand() * 2 - 1) * JITTER * D_LNG;
      const jy = (rand() * 2 - 1) * JITTER * D_LAT;
      row.push([round6(WEST + c * D_LNG + jx), round6(NORTH - r * D_LAT + jy)]);
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
  const rand = mulberry32(seed);
  const lat = buildLattice(rand);
  const out: DemoRegion[] = [];
  const townRegions: DemoRegion[] = [];
  let commIndex = 0;
  // Seven communities get a 4×3 grid layout, the rest 3×3: 73×9 + 7×12 = 741 grids.
  const wide = new Set<number>();
  while (wide.size < 7) wide.add(Math.floor(rand() * TOWN_COLS * TOWN_ROWS * COMM_COLS * COMM_ROWS));

  TOWNS.forEach((town, ti) => {
    const tc = ti % TOWN_COLS;
    const tr = Math.floor(ti / TOWN_COLS);
    const townCode = DEMO_DISTRICT_CODE + town.seg;
    const isStreet = Number(town.seg) < 100;
    const communities: DemoRegion[] = [];
    for (let cr = 0; cr < COMM_ROWS; cr++) {
      for (let cc = 0; cc < COMM_COLS; cc++) {
        const n = cr * COMM_COLS + cc;
        const seg = String(isStreet ? n + 1 : n + 201).padStart(3, '0');
        const commCode = townCode + seg;
        const base = isStreet ? COMMUNITY_NAMES : VILLAGE_NAMES;
        const commName = base[(ti % 4) * 10 + n]! + (isStreet ? '社区' : '村');
        const c0 = (tc * COMM_COLS + cc) * CELLS;
        const r0 = (tr * COMM_ROWS + cr) * CELLS;
        const gridCols = wide.has(commIndex) ? 4 : 3;
        const colRuns = split(CELLS, gridCols, rand);
        const rowRuns = split(CELLS, 3, rand);
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
            blockPolygon(lat, c0, r0, c0 + CELLS, r0 + CELLS),
            pop,
            n + 1,
          ),
        );
        out.push(...grids);
        commIndex++;
      }
    }
    const c0 = tc * COMM_COLS * CELLS;
    const r0 = tr * COMM_ROWS * CELLS;
    const pop = communities.reduce((s, c) => s + c.population, 0);
    const t = region(
      townCode,
      town.name,
      'town',
      DEMO_DISTRICT_CODE,
      blockPolygon(lat, c0, r0, c0 + COMM_COLS * CELLS, r0 + COMM_ROWS * CELLS),
      pop,
      ti + 1,
    );
    townRegions.push(t);
    out.push(...communities);
  });
  const pop = townRegions.reduce((s, t) => s + t.population, 0);
  const district = region(
    DEMO_DISTRICT_CODE,
    DEMO_DISTRICT_NAME,
    'district',
    null,
    blockPolygon(lat, 0, 0, COLS, ROWS),
    pop,
    1,
  );
  // Parents first, so a loader can insert in order.
  const order: Record<RegionLevel, number> = { district: 0, town: 1, community: 2, grid: 3, microGrid: 4 };
  return [district, ...townRegions, ...out].sort(
    (a, b) => order[a.level] - order[b.level] || a.code.localeCompare(b.code),
  );
}
