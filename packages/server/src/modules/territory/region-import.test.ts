import {
  BENCH_DISTRICT_LAYOUT,
  centroid,
  type Geometry,
  generateDemoDistrict,
  generateDistrict,
  regionsToFeatureCollection,
} from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const dir = await t.services.territory.dir();
  await t.services.users.createSystemUsers(SYSTEM_ACTOR, [
    {
      username: 'townadmin1',
      displayName: '街道管理员一',
      roles: ['admin'],
      scopeRegionId: dir.byCode.get('350199001')!.id,
      passwordHash: await t.services.hasher.hash(DEMO_PASSWORD),
    },
  ]);
});
afterAll(async () => t.close());

type Fc = ReturnType<typeof regionsToFeatureCollection>;
const demo = generateDemoDistrict();
const demoFile = (): Fc => structuredClone(regionsToFeatureCollection(demo));
const ring = (g: Geometry) => g.coordinates[0] as number[][];
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
const importAs = (
  user: string,
  payload: unknown,
  query = 'dryRun=true',
  headers: Record<string, string> = {},
) =>
  t.as(user, { method: 'POST', url: `/api/v1/regions/import?${query}`, payload: payload as object, headers });
const centreGrid = '350199001001005';
const indexOf = (file: Fc, code: string) => file.features.findIndex((f) => f.properties.code === code);

describe('POST /api/v1/regions/import — dry runs', () => {
  it('re-imports the demo district as it is stored: 0 errors, 0 overlaps, 830 updates', async () => {
    const res = await importAs('admin', demoFile());
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toEqual({
      dryRun: true,
      features: 830,
      created: 0,
      updated: 830,
      errors: [],
      warnings: [],
    });
  });

  it('re-imports what GET /regions/geojson exports (grids of one town; parents inferred from the codes)', async () => {
    const dir = await t.services.territory.dir();
    const town = dir.byCode.get('350199001')!;
    const exported = await t.as('admin', {
      method: 'GET',
      url: `/api/v1/regions/geojson?parentId=${town.id}&level=grid`,
    });
    const fc = exported.json();
    expect(fc.features.length).toBeGreaterThan(80);
    const res = await importAs('admin', fc, 'dryRun=true', { 'content-type': 'application/geo+json' });
    expect(res.json()).toMatchObject({ errors: [], warnings: [], updated: fc.features.length, created: 0 });
  });

  it('reports an unclosed ring, a bow-tie, a grid moved out of its community and two overlapping grids', async () => {
    const file = demoFile();
    const at = (code: string) => file.features[indexOf(file, code)]!;
    ring(at('350199003001001').geometry).pop();
    at('350199003001002').geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [119.25, 26.1],
          [119.26, 26.11],
          [119.26, 26.1],
          [119.25, 26.11],
          [119.25, 26.1],
        ],
      ],
    };
    const moved = at('350199002001001');
    moved.geometry = {
      type: 'Polygon',
      coordinates: [ring(moved.geometry).map(([x, y]) => [x! + 0.02, y!])],
    };
    const grown = at(centreGrid);
    const [cx, cy] = centroid(grown.geometry);
    grown.geometry = {
      type: 'Polygon',
      coordinates: [ring(grown.geometry).map(([x, y]) => [cx + (x! - cx) * 1.2, cy + (y! - cy) * 1.2])],
    };
    const res = await importAs('admin', file);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.errors.map((e: { index: number; code: string }) => [e.index, e.code])).toEqual([
      [indexOf(file, '350199002001001'), '350199002001001'],
      [indexOf(file, '350199003001001'), '350199003001001'],
      [indexOf(file, '350199003001002'), '350199003001002'],
    ]);
    expect(body.errors[0].message).toMatch(/^超出上级区域 350199002001（.+） 的边界：最远 \d+ 米/);
    expect(body.errors[1].message).toMatch(/^外环未闭合/);
    expect(body.errors[2].message).toBe('外环自相交（1 处），第一处约在 (119.255, 26.105)');
    const overlaps = body.warnings.filter((w: { kind: string }) => w.kind === 'overlap');
    expect(overlaps).toHaveLength(8);
    for (const w of overlaps) {
      expect(w.codes).toContain(centreGrid);
      expect(w.areaM2).toBeGreaterThan(100);
    }
    expect(
      body.warnings.some(
        (w: { kind: string; codes: string[] }) => w.kind === 'gap' && w.codes[0] === '350199002001',
      ),
    ).toBe(true);
    // The same report in English.
    const en = await importAs('admin', file, 'dryRun=true', { 'accept-language': 'en' });
    expect(en.json().errors[2].message).toBe(
      'outer ring intersects itself (1×), first near (119.255, 26.105)',
    );
  });

  it('takes a file above the general 1 MB body limit (attributes from a GIS export ride along)', async () => {
    const file = demoFile();
    for (const f of file.features)
      Object.assign(f.properties, { remark: '网格边界经街道、社区两级核定'.repeat(40) });
    expect(Buffer.byteLength(JSON.stringify(file))).toBeGreaterThan(1.2 * 1024 * 1024);
    const res = await importAs('admin', file);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.json()).toMatchObject({ features: 830, updated: 830, errors: [], warnings: [] });
  });
});

describe('POST /api/v1/regions/import — real runs', () => {
  it('refuses a file with errors with 400 GEOJSON_INVALID, the report in details, and writes nothing', async () => {
    const file = demoFile();
    const i = indexOf(file, centreGrid);
    file.features[i]!.properties.name = '改了名字';
    ring(file.features[indexOf(file, '350199001001001')]!.geometry).pop();
    const res = await importAs('admin', file, 'dryRun=false');
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('GEOJSON_INVALID');
    expect(error.message).toBe('GeoJSON 不合法：1 处错误');
    expect(error.details).toMatchObject({
      dryRun: false,
      features: 830,
      errors: [{ code: '350199001001001' }],
    });
    const dir = await t.services.territory.dir();
    expect(dir.byCode.get(centreGrid)!.name).toBe('春晖社区第5网格');
  });

  it('creates and updates in one go, audits each region, and rebuilds the locator', async () => {
    const dir = await t.services.territory.dir();
    const grid = dir.byCode.get(centreGrid)!;
    const stored = demo.find((r) => r.code === centreGrid)!;
    const [x, y] = stored.centroid;
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: `${centreGrid}01`, name: '春晖花园单元', population: 320 },
          geometry: square(x - 3e-4, y - 3e-4, 6e-4),
        },
        {
          type: 'Feature',
          properties: { code: centreGrid, name: '春晖社区第五网格', households: 410 },
          geometry: stored.boundary,
        },
      ],
    };
    const res = await importAs('admin', file, 'dryRun=false');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toEqual({
      dryRun: false,
      features: 2,
      created: 1,
      updated: 1,
      errors: [],
      warnings: [],
    });

    const after = await t.services.territory.dir();
    const micro = after.byCode.get(`${centreGrid}01`)!;
    expect(micro).toMatchObject({ level: 'microGrid', parentId: grid.id, population: 320 });
    expect(micro.regionPath).toBe(`${grid.regionPath}.${centreGrid}01`);
    expect(after.byCode.get(centreGrid)).toMatchObject({
      name: '春晖社区第五网格',
      households: 410,
      version: grid.version + 1,
    });
    const located = await t.app.inject({ method: 'GET', url: `/api/v1/regions/locate?lng=${x}&lat=${y}` });
    expect(located.json().grid.code).toBe(`${centreGrid}01`);

    const audit = await t.services.audit.search(SYSTEM_ACTOR, { action: 'region.' }, 20, 0);
    const actions = audit.rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['region.import', 'region.create', 'region.update']));
    const update = audit.rows.find((r) => r.action === 'region.update' && r.objectId === String(grid.id))!;
    expect(update.diff).toMatchObject({ name: ['春晖社区第5网格', '春晖社区第五网格'] });
  });

  it('writes a whole new 2,078-grid district (system actor: a new district is outside any user’s scope)', async () => {
    const regions = generateDistrict(BENCH_DISTRICT_LAYOUT);
    const file = regionsToFeatureCollection(regions);
    const asAdmin = await importAs('admin', file);
    expect(asAdmin.statusCode).toBe(404);
    const result = await t.services.territory.importRegions(SYSTEM_ACTOR, file, { dryRun: false });
    expect(result.written).toBe(true);
    expect(result.report.creates).toHaveLength(2331);
    expect(result.report.errors).toEqual([]);
    const grid = regions.find((r) => r.level === 'grid' && r.code.endsWith('009'))!;
    const located = await t.app.inject({
      method: 'GET',
      url: `/api/v1/regions/locate?lng=${grid.centroid[0]}&lat=${grid.centroid[1]}`,
    });
    expect(located.json().chain.map((c: { code: string }) => c.code)).toEqual([
      '350188',
      grid.code.slice(0, 9),
      grid.code.slice(0, 12),
      grid.code,
    ]);
    // The demo district's administrator still sees only their own tree.
    const tree = await t.as('admin', { method: 'GET', url: '/api/v1/regions/tree?depth=1' });
    expect(tree.json().items.map((r: { code: string }) => r.code)).toEqual(['350199']);
  });
});

describe('POST /api/v1/regions/import — access', () => {
  const oneGrid = (code: string, name: string, geometry: Geometry) => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { code, name }, geometry }],
  });

  it('lets a town administrator import under their town, and nowhere else (404)', async () => {
    const inTown = demo.find((r) => r.code === '350199001002003')!;
    const ok = await importAs('townadmin1', oneGrid(inTown.code, inTown.name, inTown.boundary));
    expect(ok.json()).toMatchObject({ updated: 1, errors: [] });
    const other = demo.find((r) => r.code === '350199002002003')!;
    const res = await importAs('townadmin1', oneGrid(other.code, other.name, other.boundary));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.details).toEqual({ features: [{ index: 0, code: other.code }] });
    // Not their own town's boundary either (it is shared with the neighbours they cannot see).
    const town = demo.find((r) => r.code === '350199001')!;
    expect((await importAs('townadmin1', oneGrid(town.code, town.name, town.boundary))).statusCode).toBe(404);
    // Nor a new town under the district.
    const newTown = await importAs('townadmin1', oneGrid('350199009', '新街道', square(119.3, 26.05, 0.001)));
    expect(newTown.statusCode).toBe(404);
  });

  it('401 without a session, 403 without region:write, 400 for a body that is not a FeatureCollection', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/regions/import',
      payload: { type: 'FeatureCollection', features: [] },
    });
    expect(anon.statusCode).toBe(401);
    expect((await importAs('leader', { type: 'FeatureCollection', features: [] })).statusCode).toBe(403);
    const notFc = await importAs('admin', { type: 'Feature', properties: {}, geometry: null });
    expect(notFc.statusCode).toBe(400);
    expect(notFc.json().error.code).toBe('VALIDATION_FAILED');
    const extra = await importAs('admin', { type: 'FeatureCollection', features: [], what: 1 });
    expect(extra.statusCode).toBe(400);
    const badQuery = await importAs('admin', { type: 'FeatureCollection', features: [] }, 'dryRun=maybe');
    expect(badQuery.statusCode).toBe(400);
    // An empty collection is a report with one file-level error, not a crash.
    const empty = await importAs('admin', { type: 'FeatureCollection', features: [] });
    expect(empty.json().errors).toEqual([{ index: -1, code: null, message: '文件中没有要素' }]);
  });
});
