import { permissionsOf } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../src/db/context';
import { createTestApp, DEMO_PASSWORD, type TestApp } from './harness';
import { type Fixtures, SCOPE_CASES } from './scope-cases';
import { scopeFixtureHooks } from './scope-fixtures';

let t: TestApp;
let fx: Fixtures;

beforeAll(async () => {
  t = await createTestApp();
  const s = t.services;
  const dir = await s.territory.dir();
  const town1 = dir.byCode.get('350199001')!;
  const town2 = dir.byCode.get('350199002')!;
  const town2Grid = [...dir.byId.values()].find(
    (r) => r.level === 'grid' && r.regionPath.startsWith(`${town2.regionPath}.`),
  )!;
  const hash = await s.hasher.hash(DEMO_PASSWORD);
  await s.users.createSystemUsers(SYSTEM_ACTOR, [
    {
      username: 'townadmin1',
      displayName: '街道管理员一',
      roles: ['admin', 'secAdmin'],
      scopeRegionId: town1.id,
      passwordHash: hash,
    },
    {
      username: 'townadmin2',
      displayName: '街道管理员二',
      roles: ['admin'],
      scopeRegionId: town2.id,
      passwordHash: hash,
    },
  ]);
  const town2User = (await s.users.list(SYSTEM_ACTOR, { q: 'town2' }, 5, 0)).rows.find(
    (u) => u.username === 'town2',
  )!;
  await t.login('town2');
  const sessions = await s.users.sessions(SYSTEM_ACTOR, new Date(Date.now() - 60_000));
  const posts = await s.territory.listPosts(SYSTEM_ACTOR, { regionId: town2Grid.id });
  fx = {
    town1Path: town1.regionPath,
    town2Path: town2.regionPath,
    town2RegionId: town2.id,
    town2GridId: town2Grid.id,
    town2UserId: town2User.id,
    town2PostId: posts[0]!.id,
    town2SessionId: sessions.find((x) => x.username === 'town2')!.id,
    extra: {},
  };
  for (const hook of scopeFixtureHooks) Object.assign(fx.extra, await hook(t, fx));
});
afterAll(async () => t?.close());

describe('region-scope matrix over every route', () => {
  it('lists every route of the API', async () => {
    const all = collectRoutes(t);
    const missing = all.filter((r) => !(r in SCOPE_CASES));
    expect(missing, 'routes without a scope case in test/scope-cases.ts').toEqual([]);
  });

  it.each(
    Object.entries(SCOPE_CASES).filter(([, c]) => c.kind !== 'exempt'),
  )('%s keeps town 1 out of town 2', async (route, c) => {
    if (c.kind === 'exempt') return;
    const opts = await c.request(t, fx);
    const res = await t.as(c.as, opts);
    if (c.kind === 'object') {
      // The role may lack the permission (403) or the object is out of scope (404); never 2xx.
      expect([403, 404], `${route}: ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      if (c.expect === 404) expect(res.statusCode, `${route}: ${res.body.slice(0, 200)}`).toBe(404);
      return;
    }
    expect(res.statusCode, `${route}: ${res.body.slice(0, 200)}`).toBe(200);
    const body = res.json();
    const items: Record<string, unknown>[] = body.items ?? body;
    if (c.nonEmpty) expect(items.length, route).toBeGreaterThan(0);
    for (const item of items) {
      const path = await c.itemPath(item, fx);
      if (path === null) continue;
      expect(path.startsWith(fx.town2Path), `${route} leaked ${JSON.stringify(item).slice(0, 120)}`).toBe(
        false,
      );
      expect(
        path === fx.town1Path || path.startsWith(`${fx.town1Path}.`) || fx.town1Path.startsWith(`${path}.`),
        route,
      ).toBe(true);
    }
  });

  it('the matrix users really lack town-2 reach but have the permissions to try', () => {
    expect(permissionsOf(['admin'])).toContain('user:manage');
    expect(permissionsOf(['dispatcher'])).toContain('region:read');
  });
});

/** "METHOD /url" for every route registered on the app (HEAD routes that Fastify adds are skipped). */
function collectRoutes(t: TestApp): string[] {
  const out = new Set<string>();
  for (const r of t.routes)
    if (r.url.startsWith('/api')) for (const m of r.methods) if (m !== 'HEAD') out.add(`${m} ${r.url}`);
  return [...out].sort();
}
