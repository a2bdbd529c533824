import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, transaction, tx } from '../../db/context';
import type { EventCounters, EventSource, Keyed } from './cockpit.sources';

let t: TestApp;
let district: { id: number; code: string };
let town1: { id: number; code: string; regionPath: string };
let town2: { id: number; code: string };

beforeAll(async () => {
  t = await createTestApp();
  const dir = await t.services.territory.dir();
  const towns = [...dir.byId.values()]
    .filter((r) => r.level === 'town')
    .sort((a, b) => a.code.localeCompare(b.code));
  district = [...dir.byId.values()].find((r) => r.level === 'district')!;
  town1 = towns.find((r) => r.name === '东湖街道')!;
  town2 = towns.find((r) => r.name === '临江街道')!;
});
afterAll(async () => t.close());

const get = (user: string, url: string) => t.as(user, { method: 'GET', url });

describe('cockpit: sign-in, permission and bad input', () => {
  it('401 without a session, 403 without cockpit:view', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/cockpit/summary' })).statusCode).toBe(401);
    const res = await get('dept', '/api/v1/cockpit/summary');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });

  it('400 for a reversed, too long or unreal period, a bad measure, two region keys, unknown fields', async () => {
    const cases: [string, string][] = [
      ['/api/v1/cockpit/summary?from=2026-11-20&to=2026-11-01', 'COCKPIT_PERIOD_REVERSED'],
      ['/api/v1/cockpit/map?from=2024-01-01&to=2026-11-01', 'COCKPIT_PERIOD_TOO_LONG'],
      ['/api/v1/cockpit/summary?from=2026-02-30&to=2026-03-02', 'COCKPIT_PERIOD_INVALID'],
      ['/api/v1/cockpit/summary?from=yesterday', 'VALIDATION_FAILED'],
      ['/api/v1/cockpit/map?measure=happiness', 'VALIDATION_FAILED'],
      [
        `/api/v1/cockpit/summary?regionId=${district.id}&regionCode=${district.code}`,
        'COCKPIT_REGION_AMBIGUOUS',
      ],
      ['/api/v1/cockpit/summary?colour=red', 'VALIDATION_FAILED'],
      ['/api/v1/cockpit/trend?days=400', 'VALIDATION_FAILED'],
    ];
    for (const [url, code] of cases) {
      const res = await get('leader', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe(code);
    }
    const long = await get('leader', '/api/v1/cockpit/summary?from=2024-01-01&to=2026-11-01');
    expect(long.json().error.message).toBe('统计时段最长 366 天（所选 1036 天）');
  });

  it('404 for an unknown region and for a region outside the scope', async () => {
    expect((await get('leader', '/api/v1/cockpit/summary?regionId=99999999')).statusCode).toBe(404);
    expect((await get('leader', '/api/v1/cockpit/summary?regionCode=350199999')).statusCode).toBe(404);
    // town1 may not see town 2, nor the district above its own town
    for (const url of [
      `/api/v1/cockpit/summary?regionId=${town2.id}`,
      `/api/v1/cockpit/map?regionCode=${town2.code}&measure=population`,
      `/api/v1/cockpit/summary?regionId=${district.id}`,
    ]) {
      const res = await get('town1', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
  });
});

describe('cockpit: territory widgets', () => {
  it("the leader's summary covers the district: 8 towns, 80 communities, 741 grids", async () => {
    const res = await get('leader', '/api/v1/cockpit/summary');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.region.level).toBe('district');
    expect(body.territory).toMatchObject({ towns: 8, communities: 80, grids: 741 });
    expect(body.territory.population).toBeGreaterThan(0);
  });

  it("a town user's cockpit shows only that town", async () => {
    const summary = (await get('town1', '/api/v1/cockpit/summary')).json();
    expect(summary.region).toMatchObject({ id: town1.id, name: '东湖街道', level: 'town' });
    expect(summary.territory.towns).toBe(0);
    expect(summary.territory.communities).toBe(10);
    const map = (await get('town1', '/api/v1/cockpit/map?measure=population')).json();
    expect(map.level).toBe('community');
    expect(map.features.length).toBe(10);
    for (const f of map.features) expect(f.properties.code.startsWith(town1.code)).toBe(true);
    const config = (await get('town1', '/api/v1/cockpit/config')).json();
    expect(config.scope.id).toBe(town1.id);
  });

  it('the map draws the children with simplified boundaries and the chosen measure, down to one grid', async () => {
    const res = await get('leader', '/api/v1/cockpit/map?measure=populationDensity');
    expect(res.statusCode).toBe(200);
    const map = res.json();
    expect(map.level).toBe('town');
    expect(map.features).toHaveLength(8);
    expect(map.label.zh).toBe('人口密度');
    for (const f of map.features) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(typeof f.properties.value).toBe('number');
    }
    expect(map.max).toBeGreaterThanOrEqual(map.min);
    // Drill down to a grid: the grid itself is drawn, its chain is the breadcrumb.
    const dir = await t.services.territory.dir();
    const grid = [...dir.byId.values()].find(
      (r) => r.level === 'grid' && r.regionPath.startsWith(town1.regionPath),
    )!;
    const g = (await get('town1', `/api/v1/cockpit/map?regionId=${grid.id}&measure=population`)).json();
    expect(g.features).toHaveLength(1);
    expect(g.level).toBe('grid');
    expect(g.features[0].properties.value).toBe(g.features[0].properties.population);
    expect(g.region.chain.map((c: { level: string }) => c.level)).toEqual([
      'district',
      'town',
      'community',
      'grid',
    ]);
  });
});

describe('cockpit: events from the events module', () => {
  it("counts today's reports, open events, points, feed and categories in the scope only", async () => {
    const dir = await t.services.territory.dir();
    const gridIn = (townPath: string) =>
      [...dir.byId.values()].find(
        (r) =>
          r.level === 'grid' &&
          (r.regionPath === townPath || r.regionPath.startsWith(`${townPath}.`)) &&
          dir.locate(r.centroidLng!, r.centroidLat!)?.at(-1)?.id === r.id,
      )!;
    const g1 = gridIn((await t.actorOf('grid')).scopePath);
    const g2 = gridIn(dir.byId.get(town2.id)!.regionPath);
    const photo = async (user: string) => {
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#36a' } })
        .png()
        .toBuffer();
      const [f] = await t.services.attachments.upload(await t.actorOf(user), [{ name: 'p.png', data: png }]);
      return f!.id;
    };
    const report = async (user: string, g: typeof g1, text: string) =>
      t.services.events.report(await t.actorOf(user), {
        categoryCode: '0201',
        description: text,
        address: '测试地址',
        lng: g.centroidLng!,
        lat: g.centroidLat!,
        channel: 'grid',
        attachments: [await photo(user)],
      });
    for (const text of ['东湖路小广告一', '东湖路小广告二', '东湖路小广告三']) await report('grid', g1, text);
    await report('town2', g2, '临江路小广告');
    // Earlier tests cached this town's answers moments ago; a change keeps an entry younger than 1 s until
    // it is 1 s old (cockpit.cache.test.ts), so start from a clean cache here.
    t.services.cockpit.cache.clear();

    const s1 = (await get('town1', '/api/v1/cockpit/summary')).json();
    expect(s1.events.today).toMatchObject({ intake: 3 });
    expect(s1.events.open).toBe(3);
    const lead = (await get('leader', '/api/v1/cockpit/summary')).json();
    expect(lead.events.today.intake).toBe(4);
    expect(lead.events.open).toBe(4);

    const today = s1.today as string;
    const map = (await get('leader', `/api/v1/cockpit/map?measure=events&from=${today}&to=${today}`)).json();
    const value = (code: string) =>
      map.features.find((f: { properties: { code: string } }) => f.properties.code === code).properties.value;
    expect(value(town1.code)).toBe(3);
    expect(value(town2.code)).toBe(1);

    const pts = (await get('town1', `/api/v1/cockpit/points?from=${today}&to=${today}`)).json();
    expect(pts.items).toEqual([expect.objectContaining({ code: g1.code, events: 3, open: 3 })]);

    const feed = (await get('town1', '/api/v1/cockpit/feed')).json();
    expect(feed.items).toHaveLength(3);
    for (const i of feed.items) expect(i.regionPath.startsWith(`${town1.regionPath}.`)).toBe(true);
    expect(feed.items[0]).toMatchObject({ kind: 'event', state: 'reported', stateLabel: { zh: '待受理' } });
    expect((await get('leader', '/api/v1/cockpit/feed')).json().items).toHaveLength(4);

    const cats = (await get('town1', `/api/v1/cockpit/categories?from=${today}&to=${today}`)).json();
    expect(cats.items).toEqual([
      expect.objectContaining({ code: '0201', name: { zh: '非法小广告', en: 'Illegal flyers' }, events: 3 }),
    ]);
    const trend = (await get('town1', '/api/v1/cockpit/trend')).json();
    expect(trend.days).toHaveLength(30);
    expect(trend.days.at(-1)).toMatchObject({ day: today, events: 3 });
    const depts = (await get('leader', '/api/v1/cockpit/rankings?by=department&measure=intake')).json();
    expect(depts.items.reduce((n: number, i: { events: number }) => n + i.events, 0)).toBe(4);
  });
});

describe('cockpit: disputes from the disputes module', () => {
  it('counts registered, accepted and settled disputes, 化解率, density and trend, in the scope only', async () => {
    const dir = await t.services.territory.dir();
    const gridUnder = (path: string) =>
      [...dir.byId.values()]
        .filter((r) => r.level === 'grid' && r.regionPath.startsWith(`${path}.`))
        .sort((a, b) => b.code.localeCompare(a.code))[0]!;
    const g1 = gridUnder(town1.regionPath);
    const g2 = gridUnder(dir.byId.get(town2.id)!.regionPath);
    const register = async (user: string, gridId: number, n: number, type: string) =>
      t.services.disputes.register(await t.actorOf(user), {
        title: `邻里纠纷${n}`,
        type,
        source: 'walkIn',
        facts: '楼上漏水至楼下，双方就维修费用争执。',
        regionId: gridId,
        parties: [
          { kind: 'person', role: '申请人', name: `甲${n}`, phone: '13800138001' },
          { kind: 'person', role: '被申请人', name: `乙${n}`, phone: '13800138002' },
        ],
      });
    const today = (await get('town1', '/api/v1/cockpit/config')).json().today as string;
    const day = `from=${today}&to=${today}`;
    const snapshot = async () => {
      t.services.cockpit.cache.clear();
      const s1 = (await get('town1', '/api/v1/cockpit/summary')).json();
      const lead = (await get('leader', '/api/v1/cockpit/summary')).json();
      const types = (await get('town1', `/api/v1/cockpit/disputes?${day}`)).json();
      const map = (await get('leader', `/api/v1/cockpit/map?measure=disputes&${day}`)).json();
      const grid = (
        await get('town1', `/api/v1/cockpit/map?regionId=${g1.id}&measure=disputes&${day}`)
      ).json();
      const trend = (await get('town1', '/api/v1/cockpit/trend')).json();
      const value = (m: typeof map, code: string) =>
        m.features.find((f: { properties: { code: string } }) => f.properties.code === code).properties.value;
      const typeOf = (code: string) => types.items.find((i: { code: string }) => i.code === code);
      return {
        s1,
        lead,
        trend,
        neighbour: typeOf('neighbour')?.intake ?? 0,
        family: typeOf('family')?.intake ?? 0,
        screening: typeOf('_screening'),
        town1Map: value(map, town1.code) as number,
        town2Map: value(map, town2.code) as number,
        gridMap: grid.features[0].properties.value as number,
      };
    };
    const before = await snapshot();
    expect(before.s1.disputes).not.toBeNull();
    const town1Actor = await t.actorOf('town1');
    const mine = [];
    for (const n of [1, 2, 3]) mine.push(await register('town1', g1.id, n, n === 3 ? 'family' : 'neighbour'));
    for (const d of mine.slice(0, 2))
      await t.services.cases.apply(town1Actor, 'dispute', d.id, { action: 'accept' });
    await register('town2', g2.id, 4, 'neighbour');
    const after = await snapshot();

    // Summary: today's and the period's counts for the town, the district sees both towns.
    expect(after.s1.disputes.today.intake - before.s1.disputes.today.intake).toBe(3);
    expect(after.s1.disputes.period.intake - before.s1.disputes.period.intake).toBe(3);
    expect(after.s1.disputes.period.accepted - before.s1.disputes.period.accepted).toBe(2);
    expect(after.lead.disputes.today.intake - before.lead.disputes.today.intake).toBe(4);
    // By type; screening rows are no dispute type.
    expect(after.neighbour - before.neighbour).toBe(2);
    expect(after.family - before.family).toBe(1);
    expect(after.screening).toBeUndefined();
    // Dispute counts on the map: per town for the leader, the grid itself at the bottom of a drill-down.
    expect(after.town1Map - before.town1Map).toBe(3);
    expect(after.town2Map - before.town2Map).toBe(1);
    expect(after.gridMap - before.gridMap).toBe(3);
    const dens = (await get('town1', `/api/v1/cockpit/map?measure=disputeDensity&${day}`)).json();
    expect(dens.level).toBe('community');
    const community = g1.regionPath.split('.').slice(0, 3).join('.');
    const c = dens.features.find((f: { properties: { code: string } }) =>
      community.endsWith(f.properties.code),
    );
    expect(c.properties.value).toBeGreaterThan(0);
    // The trend's last day carries the town's new disputes.
    expect(after.trend.series.disputes).toBe(true);
    expect(after.trend.days.at(-1).day).toBe(today);
    expect(after.trend.days.at(-1).disputes - before.trend.days.at(-1).disputes).toBe(3);

    // A settlement counted by the disputes module (its rollup) shows as resolved and moves 化解率.
    await transaction(t.services.db, SYSTEM_ACTOR, () =>
      tx().execute(
        `UPDATE dispute_rollups SET settled = settled + 1
         WHERE region_path = '${g1.regionPath}' AND day = '${today}' AND type = 'neighbour'` as never,
      ),
    );
    const settled = await snapshot();
    const p = settled.s1.disputes.period;
    expect(p.resolved - after.s1.disputes.period.resolved).toBe(1);
    expect(p.resolveRate).toBe(Math.round((1000 * p.resolved) / p.accepted) / 10);
  });
});

describe('cockpit: registry aggregates', () => {
  it('residents and special groups per region, only counts, only in scope', async () => {
    const lead = (await get('leader', '/api/v1/cockpit/summary')).json();
    expect(lead.registry.people).toBeGreaterThan(0);
    const s1 = (await get('town1', '/api/v1/cockpit/summary')).json();
    expect(s1.registry.people).toBeLessThanOrEqual(lead.registry.people);
    const heat = await get('town1', '/api/v1/cockpit/heat');
    expect(heat.statusCode).toBe(200);
    const body = heat.json();
    expect(body.tags.map((x: { code: string }) => x.code)).toContain('corrections');
    for (const i of body.items) {
      expect(i.code.startsWith(town1.code)).toBe(true);
      expect(Object.keys(i).sort()).toEqual(['code', 'count', 'lat', 'lng']);
    }
    const total = body.items.reduce((n: number, i: { count: number }) => n + i.count, 0);
    expect(total).toBe(s1.registry.special);
    const map = await get('leader', '/api/v1/cockpit/map?measure=specialDensity');
    expect(map.statusCode).toBe(200);
    expect(map.json().features).toHaveLength(8);
    // At the bottom of a drill-down (a grid) the registry is asked about the grid itself.
    const dir = await t.services.territory.dir();
    const grid = [...dir.byId.values()].find(
      (r) => r.level === 'grid' && r.regionPath.startsWith(`${town1.regionPath}.`),
    )!;
    const g = await get('town1', `/api/v1/cockpit/summary?regionId=${grid.id}`);
    expect(g.statusCode).toBe(200);
    expect(g.json().registry.people).toBeGreaterThanOrEqual(0);
    expect((await get('town1', '/api/v1/cockpit/heat?tag=nonsense!')).statusCode).toBe(400);
  });
});

/** A fixed event source for the cockpit's own arithmetic (the real one is the events module's rollups). */
function fixedEvents(perGrid: Map<string, EventCounters>): EventSource {
  const sum = (rows: EventCounters[]) =>
    rows.reduce(
      (a, c) => {
        for (const k of Object.keys(a) as (keyof EventCounters)[]) a[k] += c[k];
        return a;
      },
      { intake: 0, closed: 0, closedOnTime: 0, dueToClose: 0, open: 0, overdue: 0, rated: 0, satisfied: 0 },
    );
  const under = (path: string) => [...perGrid.entries()].filter(([p]) => p.startsWith(`${path}.`));
  return {
    totals: async (_a, q) => q.periods.map(() => sum(under(q.regionPath).map(([, c]) => c))),
    byRegion: async (_a, q) => {
      const dir = await t.services.territory.dir();
      const groups = new Map<string, EventCounters[]>();
      for (const [p, c] of under(q.regionPath)) {
        const anc = dir.chain(dir.byCode.get(p.split('.').pop()!)!.id).find((r) => r.level === q.level)!;
        groups.set(anc.regionPath, [...(groups.get(anc.regionPath) ?? []), c]);
      }
      return [...groups.entries()].map(([key, rows]): Keyed<EventCounters> => ({ key, ...sum(rows) }));
    },
    byCategory: async (_a, q) => [
      { key: 'A01', label: '市容环境', ...sum(under(q.regionPath).map(([, c]) => c)) },
    ],
    byDepartment: async () => [],
    byDay: async (_a, q) => [{ key: q.to, ...sum(under(q.regionPath).map(([, c]) => c)) }],
    recent: async () => [],
  };
}

describe('cockpit: event measures through a source', () => {
  it('computes per-1000 rates, on-time and satisfaction rates from the counters', async () => {
    const dir = await t.services.territory.dir();
    const grids = [...dir.byId.values()].filter((r) => r.level === 'grid');
    const t1 = grids.find((g) => g.regionPath.startsWith(`${town1.regionPath}.`))!;
    const t2 = grids.find((g) => g.regionPath.startsWith(`${dir.byId.get(town2.id)!.regionPath}.`))!;
    t.services.cockpit.setSources({
      events: fixedEvents(
        new Map([
          [
            t1.regionPath,
            {
              intake: 40,
              closed: 20,
              closedOnTime: 18,
              dueToClose: 20,
              open: 20,
              overdue: 3,
              rated: 10,
              satisfied: 9,
            },
          ],
          [
            t2.regionPath,
            {
              intake: 7,
              closed: 4,
              closedOnTime: 1,
              dueToClose: 4,
              open: 3,
              overdue: 2,
              rated: 0,
              satisfied: 0,
            },
          ],
        ]),
      ),
    });
    const s = (await get('town1', '/api/v1/cockpit/summary')).json();
    expect(s.events.period).toMatchObject({ intake: 40, closedOnTimeRate: 90, satisfactionRate: 90 });
    expect(s.events.overdue).toBe(3);
    const lead = (await get('leader', '/api/v1/cockpit/summary')).json();
    expect(lead.events.period.intake).toBe(47);

    const map = (await get('leader', '/api/v1/cockpit/map?measure=overdue')).json();
    const byCode = new Map(
      map.features.map((f: { properties: { code: string; value: number } }) => [
        f.properties.code,
        f.properties.value,
      ]),
    );
    expect(byCode.get(town1.code)).toBe(3);
    expect(byCode.get(town2.code)).toBe(2);

    const rank = (await get('leader', '/api/v1/cockpit/rankings?by=region&measure=closedOnTimeRate')).json();
    expect(rank.items[0]).toMatchObject({ code: town1.code, rank: 1, value: 90 });
    expect(rank.items[1]).toMatchObject({ code: town2.code, rank: 2, value: 25 });
    expect(rank.items[2].rank).toBeNull();

    const pts = (await get('town1', '/api/v1/cockpit/points')).json();
    expect(pts.items).toEqual([expect.objectContaining({ code: t1.code, events: 40, overdue: 3 })]);

    const trend = (await get('town1', '/api/v1/cockpit/trend?days=7')).json();
    expect(trend.days).toHaveLength(7);
    expect(trend.days[6].events).toBe(40);
    expect(trend.days[0].events).toBe(0);
  });
});

describe('cockpit: a module that is not installed', () => {
  it('answers 400 for its measures and null for its widgets', async () => {
    t.services.cockpit.setSources({ events: undefined, disputes: undefined, registry: undefined });
    const res = await get('leader', '/api/v1/cockpit/map?measure=eventsPer1000');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('COCKPIT_MEASURE_UNAVAILABLE');
    const s = (await get('leader', '/api/v1/cockpit/summary')).json();
    expect(s.events).toBeNull();
    expect(s.disputes).toBeNull();
    expect(s.registry).toBeNull();
    expect((await get('leader', '/api/v1/cockpit/heat')).json().error.code).toBe(
      'COCKPIT_MEASURE_UNAVAILABLE',
    );
    expect((await get('leader', '/api/v1/cockpit/feed')).json().items).toBeNull();
  });
});
