import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DemoRegion, generateDemoDistrict, regionsToFeatureCollection } from './demo-district';
import { areaM2, centroid, type Geometry } from './geometry';
import { type ExistingRegion, type RegionImportReport, validateRegionImport } from './region-import';

const demo = generateDemoDistrict();
const byCode = new Map(demo.map((r) => [r.code, r]));
const stored = (rs: readonly DemoRegion[]) =>
  new Map<string, ExistingRegion>(
    rs.map((r) => [
      r.code,
      { code: r.code, name: r.name, level: r.level, parentCode: r.parentCode, boundary: r.boundary },
    ]),
  );
const clone = <T>(v: T): T => structuredClone(v);
/** The demo district as an import file, plus a way to change one feature. */
function demoFile() {
  const file = clone(regionsToFeatureCollection(demo));
  const at = (code: string) => {
    const i = file.features.findIndex((f) => f.properties.code === code);
    return { i, f: file.features[i]! };
  };
  return { file, at };
}
const errorsOf = (r: RegionImportReport) =>
  r.errors.map((e) => ({ index: e.index, code: e.code, zh: e.message.zh }));
const ring = (g: Geometry) => g.coordinates[0] as number[][];
const mapRing = (g: Geometry, fn: (p: number[]) => number[]): Geometry => ({
  type: 'Polygon',
  coordinates: [ring(g).map(fn)],
});
const centreGrid = '350199001001005'; // the middle grid of a 3×3 community
const eastEdgeGrid = '350199001001003'; // the north-east grid, on its community's east edge

describe('re-importing the demo district (830 regions, 741 grids that tile exactly)', () => {
  it('is clean as new regions: 0 errors, 0 overlaps, 0 gaps', () => {
    const r = validateRegionImport(clone(regionsToFeatureCollection(demo)), new Map());
    expect(r.features).toBe(830);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.creates).toHaveLength(830);
    expect(r.creates[0]!.level).toBe('district'); // parents first
    expect(r.creates.at(-1)!.level).toBe('grid');
  });

  it('is clean as updates of the stored district', () => {
    const r = validateRegionImport(clone(regionsToFeatureCollection(demo)), stored(demo));
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.updates).toHaveLength(830);
    expect(r.creates).toHaveLength(0);
  });

  it('reports an unclosed ring against its feature only', () => {
    const { file, at } = demoFile();
    const { i, f } = at(centreGrid);
    ring(f.geometry).pop();
    const r = validateRegionImport(file, stored(demo));
    expect(errorsOf(r)).toEqual([{ index: i, code: centreGrid, zh: expect.stringMatching(/^外环未闭合/) }]);
  });

  it('reports a bow-tie (self-intersecting ring) with where it crosses', () => {
    const { file, at } = demoFile();
    const { i, f } = at(centreGrid);
    const [w, s, e, n] = [119.25, 26.1, 119.26, 26.11];
    f.geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [w, s],
          [e, n],
          [e, s],
          [w, n],
          [w, s],
        ],
      ],
    };
    const r = validateRegionImport(file, stored(demo));
    const mine = r.errors.filter((x) => x.index === i);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.message.zh).toBe('外环自相交（1 处），第一处约在 (119.255, 26.105)');
    expect(mine[0]!.message.en).toBe('outer ring intersects itself (1×), first near (119.255, 26.105)');
  });

  it('reports a grid moved outside its community, with how far, and the gap it leaves', () => {
    const { file, at } = demoFile();
    const { i, f } = at(centreGrid);
    f.geometry = mapRing(f.geometry, ([x, y]) => [x! + 0.02, y!]); // ≈ 2 km east
    const r = validateRegionImport(file, stored(demo));
    const errs = r.errors.filter((x) => x.index === i);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message.zh).toMatch(
      /^超出上级区域 350199001001（春晖社区） 的边界：最远 \d+ 米，超出面积约 [\d,]+ 平方米$/,
    );
    const far = Number(/最远 (\d+) 米/.exec(errs[0]!.message.zh)![1]);
    expect(far).toBeGreaterThan(1000);
    expect(far).toBeLessThan(2100);
    // Its community now has a hole where it was.
    const gap = r.warnings.find((w) => w.kind === 'gap');
    expect(gap?.codes).toEqual(['350199001001']);
    const grid = byCode.get(centreGrid)!;
    expect(Math.abs(gap!.areaM2! - grid.areaM2) / grid.areaM2).toBeLessThan(0.01);
  });

  it('reports two overlapping grids with the overlap area in m²', () => {
    const { file, at } = demoFile();
    const { f } = at(centreGrid);
    const grid = byCode.get(centreGrid)!;
    const [cx, cy] = centroid(grid.boundary);
    f.geometry = mapRing(f.geometry, ([x, y]) => [cx + (x! - cx) * 1.2, cy + (y! - cy) * 1.2]);
    const r = validateRegionImport(file, stored(demo));
    expect(r.errors).toEqual([]);
    const overlaps = r.warnings.filter((w) => w.kind === 'overlap');
    // The enlarged grid spills into its eight neighbours, and into nothing else.
    expect(overlaps).toHaveLength(8);
    expect(
      overlaps.every(
        (w) => w.codes.includes(centreGrid) && w.codes.every((c) => c.startsWith('350199001001')),
      ),
    ).toBe(true);
    const total = overlaps.reduce((s, w) => s + w.areaM2!, 0);
    const grown = areaM2(f.geometry) - grid.areaM2;
    expect(Math.abs(total - grown) / grown).toBeLessThan(0.01);
    expect(overlaps[0]!.message.zh).toMatch(
      /^\d{15}（春晖社区第\d网格） 与 \d{15}（春晖社区第\d网格） 重叠约 [\d,]+ 平方米$/,
    );
  });

  it('tolerates a grid that sticks out of its community by less than the tolerance, with a warning', () => {
    const { file, at } = demoFile();
    const { f } = at(eastEdgeGrid);
    const maxX = Math.max(...ring(f.geometry).map((p) => p[0]!));
    // Push the east-most vertices 0.5 m further east (0.5 m ≈ 5e-6° of longitude at 26° N).
    f.geometry = mapRing(f.geometry, ([x, y]) => [x === maxX ? x + 5e-6 : x!, y!]);
    const r = validateRegionImport(file, stored(demo));
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.kind)).toContain('nearEdge');
    const strict = validateRegionImport(file, stored(demo), { toleranceM: 0.1 });
    expect(strict.errors.map((e) => e.code)).toEqual([eastEdgeGrid]);
  });
});

describe('codes, levels and parents', () => {
  const square = (x: number, y: number, d: number): Geometry => ({
    type: 'Polygon',
    coordinates: [
      [
        [x, y],
        [x + d, y],
        [x + d, y + d],
        [x, y + d],
        [x, y],
      ],
    ],
  });
  const feature = (properties: Record<string, unknown>, geometry: unknown = square(119.3, 26.05, 0.001)) => ({
    type: 'Feature',
    properties,
    geometry,
  });
  const file = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
  const town1 = stored(demo.filter((r) => r.code === '350199' || r.code.startsWith('350199001')));

  it('infers the level from the code length and the parent from the prefix', () => {
    const grid = byCode.get('350199001001001')!;
    const [x, y] = centroid(grid.boundary);
    const micro = feature(
      { code: '35019900100100101', name: '第一单元' },
      square(x - 0.0002, y - 0.0002, 0.0004),
    );
    const r = validateRegionImport(file(micro), town1);
    expect(r.errors).toEqual([]);
    expect(r.creates[0]).toMatchObject({ level: 'microGrid', parentCode: '350199001001001' });
    expect(r.warnings).toEqual([]); // micro-grids need not cover their grid
  });

  it('reports every problem of every feature, in file order', () => {
    const community = byCode.get('350199001001')!;
    const [x, y] = centroid(byCode.get(centreGrid)!.boundary);
    const inside = square(x - 0.0002, y - 0.0002, 0.0004);
    const r = validateRegionImport(
      file(
        feature({ code: community.code, name: '春晖社区' }, community.boundary),
        feature({ code: '350199002099', name: '越级', parentCode: '350199001' }, inside),
        feature({ code: '350199001', name: '' }, inside),
        feature({ name: '无代码' }, inside),
        feature({ code: '35019900109', name: '十一位' }, inside),
        feature({ code: '350199001001', name: '重复' }, inside),
        feature({ code: '350199009001', name: '孤儿社区' }, inside),
        feature({ code: '350199001001099', name: '层级', level: 'town' }, inside),
        feature({ code: '350199001098', name: '人口', population: -3 }, inside),
        { type: 'Point' },
      ),
      town1,
    );
    expect(errorsOf(r)).toEqual([
      { index: 1, code: '350199002099', zh: '区划代码应以上级代码 350199001 开头' },
      { index: 2, code: '350199001', zh: '缺少名称 properties.name' },
      { index: 3, code: null, zh: '缺少区划代码 properties.code' },
      { index: 4, code: '35019900109', zh: '11 位代码不对应任何层级，请填写 level' },
      { index: 5, code: '350199001001', zh: '区划代码与第 1 个要素重复' },
      { index: 6, code: '350199009001', zh: '上级区域 350199009 不存在（文件和系统中都没有）' },
      { index: 7, code: '350199001001099', zh: '区划代码应为 9 位' },
      { index: 8, code: '350199001098', zh: '人口应为 0–1 亿的整数' },
      { index: 9, code: null, zh: '不是 GeoJSON Feature' },
    ]);
    expect(r.errors[0]!.message.en).toBe('region code: must start with the parent code 350199001');
  });

  it('will not change a stored region’s level or parent', () => {
    const c = byCode.get('350199001001')!;
    const r = validateRegionImport(
      file(feature({ code: c.code, name: c.name, level: 'community', parentCode: '350199001' }, c.boundary)),
      new Map([...town1, [c.code, { ...town1.get(c.code)!, parentCode: '350199002' }]]),
    );
    expect(errorsOf(r)).toEqual([
      { index: 0, code: c.code, zh: '系统中该区域隶属 350199002，导入不能移动区域' },
    ]);
  });

  it('checks the geometry: type, numbers, ranges, ring size', () => {
    const r = validateRegionImport(
      file(
        feature({ code: '350199001091', name: 'a' }, { type: 'Point', coordinates: [119, 26] }),
        feature(
          { code: '350199001092', name: 'b' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [119, 26],
                [119.1, 'x'],
              ],
            ],
          },
        ),
        feature({ code: '350199001093', name: 'c' }, square(200, 26, 1)),
        feature(
          { code: '350199001094', name: 'd' },
          {
            type: 'Polygon',
            coordinates: [
              [
                [119.3, 26.05],
                [119.31, 26.05],
                [119.3, 26.05],
              ],
            ],
          },
        ),
        feature({ code: '350199001095', name: 'e' }, null),
      ),
      town1,
    );
    expect(errorsOf(r).map((e) => e.zh)).toEqual([
      '几何类型 Point 不支持，应为 Polygon 或 MultiPolygon',
      '外环中有坐标不是 [经度, 纬度] 数字：[119.1,"x"]',
      '坐标 (200, 26) 超出经纬度范围（经度 ±180，纬度 ±90）',
      '外环至少需要 4 个坐标点（首尾相同），现有 3 个',
      '缺少几何 geometry',
    ]);
  });

  it('refuses a projected coordinate system and an empty file', () => {
    const r = validateRegionImport(
      {
        ...file(feature({ code: '350199001001', name: 'x' })),
        crs: { type: 'name', properties: { name: 'EPSG:3857' } },
      },
      town1,
    );
    expect(r.errors).toEqual([
      {
        index: -1,
        code: null,
        message: expect.objectContaining({ zh: expect.stringContaining('坐标系 EPSG:3857 不受支持') }),
      },
    ]);
    const ok = validateRegionImport(
      {
        ...file(),
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
      },
      town1,
    );
    expect(ok.errors[0]!.message.zh).toBe('文件中没有要素');
    expect(validateRegionImport([], town1).errors[0]!.message.en).toBe(
      'not a FeatureCollection with features',
    );
  });
});

describe('properties', () => {
  /** district → town → community over one rectangle, cut into nx × ny grids at the given fractions. */
  function tiling(xs: number[], ys: number[]) {
    const [W, S, E, N] = [120, 30, 120.02, 30.02];
    const cutsX = [W, ...xs.map((f) => W + f * (E - W)), E];
    const cutsY = [S, ...ys.map((f) => S + f * (N - S)), N];
    // A block's ring walks every cut on its sides, so neighbours share vertices as a real tiling does.
    const block = (i0: number, j0: number, i1: number, j1: number): Geometry => {
      const pts: number[][] = [];
      for (let i = i0; i <= i1; i++) pts.push([cutsX[i]!, cutsY[j0]!]);
      for (let j = j0 + 1; j <= j1; j++) pts.push([cutsX[i1]!, cutsY[j]!]);
      for (let i = i1 - 1; i >= i0; i--) pts.push([cutsX[i]!, cutsY[j1]!]);
      for (let j = j1 - 1; j > j0; j--) pts.push([cutsX[i0]!, cutsY[j]!]);
      pts.push(pts[0]!);
      return { type: 'Polygon', coordinates: [pts] };
    };
    const all = block(0, 0, cutsX.length - 1, cutsY.length - 1);
    const features = [
      { code: '350101', name: '区', geometry: all },
      { code: '350101001', name: '街道', geometry: all },
      { code: '350101001001', name: '社区', geometry: all },
    ];
    let n = 0;
    for (let j = 0; j + 1 < cutsY.length; j++)
      for (let i = 0; i + 1 < cutsX.length; i++)
        features.push({
          code: `350101001001${String(++n).padStart(3, '0')}`,
          name: `网格${n}`,
          geometry: block(i, j, i + 1, j + 1),
        });
    return {
      type: 'FeatureCollection',
      features: features.map((f) => ({
        type: 'Feature',
        properties: { code: f.code, name: f.name },
        geometry: f.geometry,
      })),
    };
  }
  const cuts = fc
    .uniqueArray(fc.integer({ min: 1, max: 99 }), { minLength: 0, maxLength: 5 })
    .map((a) => a.sort((x, y) => x - y).map((v) => v / 100));

  it('any tiling of a rectangle imports with no errors and no warnings', () => {
    fc.assert(
      fc.property(cuts, cuts, (xs, ys) => {
        const r = validateRegionImport(tiling(xs, ys), new Map());
        expect(r.errors).toEqual([]);
        expect(r.warnings).toEqual([]);
        expect(r.creates).toHaveLength(3 + (xs.length + 1) * (ys.length + 1));
      }),
      { numRuns: 60 },
    );
  });

  it('the order of the features does not change the findings', () => {
    fc.assert(
      fc.property(cuts, cuts, fc.nat(), fc.nat(), (xs, ys, seedA, seedB) => {
        const file = tiling(xs, ys);
        // Break it a little: one grid grows into its neighbours.
        const victim = file.features[3 + (seedA % (file.features.length - 3))]!;
        const g = victim.geometry as Geometry;
        const [cx, cy] = centroid(g);
        victim.geometry = mapRing(g, ([x, y]) => [cx + (x! - cx) * 1.3, cy + (y! - cy) * 1.3]);
        const shuffled = { ...file, features: [...file.features] };
        for (let i = shuffled.features.length - 1; i > 0; i--) {
          const j = (seedB + i * 7919) % (i + 1);
          [shuffled.features[i], shuffled.features[j]] = [shuffled.features[j]!, shuffled.features[i]!];
        }
        const key = (r: RegionImportReport) => ({
          errors: r.errors.map((e) => `${e.code} ${e.message.en}`).sort(),
          warnings: r.warnings.map((w) => `${w.kind} ${[...w.codes].sort().join(',')} ${w.areaM2}`).sort(),
        });
        expect(key(validateRegionImport(shuffled, new Map()))).toEqual(
          key(validateRegionImport(file, new Map())),
        );
      }),
      { numRuns: 30 },
    );
  });

  it('a grid pushed out of its community by more than the tolerance is an error, by less only a warning', () => {
    const family = demo.filter((r) => r.code.startsWith('350199001001'));
    const parents = stored(demo.filter((r) => r.code.length < 12 || r.code === '350199001001'));
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 300, noNaN: true }), (metres) => {
        const file = clone(regionsToFeatureCollection(family));
        const f = file.features.find((x) => x.properties.code === eastEdgeGrid)!;
        const maxX = Math.max(...ring(f.geometry).map((p) => p[0]!));
        const dLng = metres / (111_320 * Math.cos((26.1 * Math.PI) / 180));
        f.geometry = mapRing(f.geometry, ([x, y]) => [x === maxX ? x + dLng : x!, y!]);
        const r = validateRegionImport(file, parents, { toleranceM: 1 });
        const outside = r.errors.some((e) => e.code === eastEdgeGrid);
        if (metres > 1.05) expect(outside).toBe(true);
        if (metres < 0.95) expect(outside).toBe(false);
      }),
      { numRuns: 40 },
    );
  });
});
