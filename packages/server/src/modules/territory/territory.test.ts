import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('GET /api/v1/regions/locate', () => {
  it('returns the chain district → town → community → grid', async () => {
    const dir = await t.services.territory.dir();
    const grid = [...dir.byId.values()].find((r) => r.level === 'grid' && r.code.startsWith('350199002'))!;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/regions/locate?lng=${grid.centroidLng}&lat=${grid.centroidLat}`,
    });
    expect(res.statusCode).toBe(200);
    const { chain, grid: g } = res.json();
    expect(chain.map((c: { level: string }) => c.level)).toEqual(['district', 'town', 'community', 'grid']);
    expect(chain[1].name).toBe('临江街道');
    expect(g.code).toBe(grid.code);
  });

  it('answers a clear 404 outside every grid, and 400 for nonsense', async () => {
    const out = await t.app.inject({ method: 'GET', url: '/api/v1/regions/locate?lng=121.5&lat=31.2' });
    expect(out.statusCode).toBe(404);
    expect(out.json().error).toEqual({
      code: 'LOCATE_OUTSIDE',
      message: '坐标 (121.5, 31.2) 不在任何网格内',
    });
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/regions/locate?lng=abc&lat=999' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['querystring.lat', 'querystring.lng']);
  });

  it('rebuilds the index when a boundary changes', async () => {
    const dir = await t.services.territory.dir();
    const grid = [...dir.byId.values()].find((r) => r.level === 'grid')!;
    const far = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [120, 27],
          [120.01, 27],
          [120.01, 27.01],
          [120, 27.01],
          [120, 27],
        ],
      ],
    };
    const res = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/regions/${grid.id}`,
      payload: { version: grid.version, boundary: far },
    });
    expect(res.statusCode).toBe(200);
    const moved = await t.app.inject({ method: 'GET', url: '/api/v1/regions/locate?lng=120.005&lat=27.005' });
    expect(moved.json().grid.id).toBe(grid.id);
    // Optimistic locking: the old version is refused.
    const stale = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/regions/${grid.id}`,
      payload: { version: grid.version, name: 'x' },
    });
    expect(stale.statusCode).toBe(409);
  });
});

describe('region administration', () => {
  it('creates a community under a town with a valid code and refuses a bad one', async () => {
    const ok = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/regions',
      payload: { code: '350199001099', name: '新城社区', level: 'community', parentId: 2, population: 1200 },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ path: '350199.350199001.350199001099', level: 'community' });
    const bad = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/regions',
      payload: { code: '350199002099', name: 'x', level: 'community', parentId: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REGION_CODE_FORMAT');
    expect(bad.json().error.message).toContain('应以上级代码 350199001 开头');
    const level = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/regions',
      payload: { code: '350199001098001', name: 'x', level: 'grid', parentId: 2 },
    });
    expect(level.json().error.code).toBe('REGION_PARENT_LEVEL');
  });

  it('will not delete a region that still has children; 403 for a role without region:write', async () => {
    const res = await t.as('admin', { method: 'DELETE', url: '/api/v1/regions/2' });
    expect(res.statusCode).toBe(409);
    expect((await t.as('leader', { method: 'DELETE', url: '/api/v1/regions/2' })).statusCode).toBe(403);
  });

  it('serves boundaries as GeoJSON for the map', async () => {
    const res = await t.as('leader', { method: 'GET', url: '/api/v1/regions/geojson?level=town' });
    const fc = res.json();
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(8);
    expect(fc.features[0].geometry.type).toBe('Polygon');
  });

  it('a town user’s tree holds only their town', async () => {
    const res = await t.as('town1', { method: 'GET', url: '/api/v1/regions/tree?depth=3' });
    const items = res.json().items as { path: string; level: string }[];
    expect(items[0]).toMatchObject({ level: 'town' });
    expect(items.every((r) => r.path.startsWith('350199.350199001'))).toBe(true);
    expect(items.filter((r) => r.level === 'grid').length).toBeGreaterThan(80);
  });
});
