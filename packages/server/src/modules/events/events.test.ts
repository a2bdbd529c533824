import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import type { Actor } from '../../db/context';
import { SYSTEM_ACTOR } from '../../db/context';
import type { RegionSummary } from '../territory/territory.repo';

let t: TestApp;
let grid: Actor;
let town1: Actor;
let town2: Actor;
let dept: Actor;
let d07: number;
let d08: number;
let spot: RegionSummary;
let town2Spot: RegionSummary;

/** A fixed past week (Monday 2026-11-16), so deadlines do not depend on when the tests run. */
const mon = (hm: string) => new Date(`2026-11-16T${hm}:00+08:00`);
const DAY = '2026-11-16';

async function photo(actor: Actor): Promise<number> {
  const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#3a6' } })
    .png()
    .toBuffer();
  const [f] = await t.services.attachments.upload(actor, [{ name: '现场.png', data: png }]);
  return f!.id;
}

const report = async (actor: Actor, over: Record<string, unknown> = {}, now = mon('09:00')) =>
  t.services.events.report(
    actor,
    {
      attachments: 'attachments' in over ? over.attachments : [await photo(actor)],
      categoryCode: '0201',
      description: '东湖路口电线杆上贴满小广告',
      address: '东湖路与建设路交叉口',
      lng: spot.centroidLng!,
      lat: spot.centroidLat!,
      channel: 'grid',
      ...over,
    } as Parameters<typeof t.services.events.report>[1],
    { now },
  );

const apply = (actor: Actor, id: number, action: string, at: string, extra: Record<string, unknown> = {}) =>
  t.services.cases.apply(actor, 'event', id, { action, ...extra }, { now: mon(at) });

const dayStats = (actor: Actor, groupBy: 'region' | 'category' | 'department' | 'day' = 'day') =>
  t.services.events.stats(actor, { from: DAY, to: DAY, groupBy });

beforeAll(async () => {
  t = await createTestApp();
  grid = await t.actorOf('grid');
  town1 = await t.actorOf('town1');
  town2 = await t.actorOf('town2');
  dept = await t.actorOf('dept');
  d07 = dept.departmentId!;
  const depts = await t.services.territory.listDepartments(SYSTEM_ACTOR, {});
  d08 = depts.find((d) => d.code === 'D08')!.id;
  const dir = await t.services.territory.dir();
  const located = (path: string) =>
    [...dir.byId.values()].find(
      (r) =>
        r.regionPath.startsWith(path) &&
        r.centroidLng !== null &&
        dir.locate(r.centroidLng!, r.centroidLat!)?.at(-1)?.regionPath.startsWith(path),
    )!;
  spot = dir.locate(located(grid.scopePath).centroidLng!, located(grid.scopePath).centroidLat!)!.at(-1)!;
  const t2 = located(town2.scopePath);
  town2Spot = dir.locate(t2.centroidLng!, t2.centroidLat!)!.at(-1)!;
});
afterAll(async () => t?.close());

describe('event intake', () => {
  it('locates the grid, routes to the category department and suggests duplicates', async () => {
    const first = await report(grid);
    expect(first.event).toMatchObject({
      state: 'reported',
      regionPath: spot.regionPath,
      gridId: spot.id,
      routedDepartmentId: d07,
      routedBy: 'category',
      channel: 'grid',
      trackingCode: null,
    });
    expect(first.duplicates).toEqual([]);
    const second = await report(grid, { description: '东湖路口电线杆上又贴了小广告' }, mon('09:10'));
    expect(second.duplicates.map((d) => d.id)).toEqual([first.event.id]);
    expect(second.duplicates[0]!.similarity).toBeGreaterThan(0.3);
    // A different category at the same spot is not a duplicate.
    const other = await report(
      grid,
      { categoryCode: '0401', description: '东湖路口电线杆旁占道经营' },
      mon('09:12'),
    );
    expect(other.duplicates).toEqual([]);
  });

  it('routes by the first matching rule, and a resident report gets a tracking code', async () => {
    const rule = await t.services.events.addRule(SYSTEM_ACTOR, {
      name: '小广告夜间交市场监管',
      priority: 1,
      active: true,
      matchPath: town1.scopePath,
      categoryCodes: ['02'],
      keywords: ['药'],
      hoursFrom: null,
      hoursTo: null,
      departmentId: d08,
    });
    const r = await report(grid, { description: '电线杆上贴着卖药小广告' });
    expect(r.event).toMatchObject({ routedDepartmentId: d08, routedBy: 'rule', routedRuleId: rule.id });
    const resident = await t.actorOf('resident');
    const pub = await report(resident, {
      channel: 'app',
      reporterName: '刘先生',
      reporterPhone: '13800138000',
    });
    expect(pub.event.trackingCode).toMatch(/^[A-Z2-9]{10}$/);
    expect(pub.event.reporterPhoneMasked).toBe('138****8000');
  });

  it('refuses bad input with 4xx codes and writes nothing', async () => {
    const before = (await dayStats(town1)).total.counters.reported;
    await expect(report(grid, { categoryCode: '9999' })).rejects.toMatchObject({
      code: 'EVENT_CATEGORY_UNKNOWN',
    });
    await expect(report(grid, { lng: 100, lat: 10 })).rejects.toMatchObject({
      code: 'EVENT_OUTSIDE_DISTRICT',
    });
    // 0102 暴露垃圾 demands a photo from a grid worker.
    await expect(report(grid, { categoryCode: '0102', attachments: [] })).rejects.toMatchObject({
      code: 'EVENT_PHOTO_REQUIRED',
    });
    await expect(
      report(grid, { lng: town2Spot.centroidLng, lat: town2Spot.centroidLat }),
    ).rejects.toMatchObject({ code: 'EVENT_OUTSIDE_AREA' });
    expect((await dayStats(town1)).total.counters.reported).toBe(before);
  });
});

describe('the closed loop and its counters', () => {
  it('runs accept → dispatch → return → dispatch → sign → feedback → rework → check → close → rate', async () => {
    const { event } = await report(grid, { categoryCode: '0102', description: '小区门口暴露垃圾' });
    const id = event.id;
    const before = (await dayStats(town1)).total.counters;
    await apply(town1, id, 'accept', '09:20');
    await t.services.events.dispatch(
      town1,
      id,
      { departmentId: d08, assisting: [d07] },
      { now: mon('09:30') },
    );
    expect((await t.services.events.get(town1, id)).assistingDepartmentIds).toEqual([d07]);
    // The market bureau says it is not theirs: back to the dispatcher (改派).
    const d08Actor: Actor = { ...dept, departmentId: d08 };
    await apply(d08Actor, id, 'return', '09:35', { comment: '不属于本部门职责' });
    await t.services.events.dispatch(town1, id, { departmentId: d07 }, { now: mon('09:40') });
    await apply(dept, id, 'sign', '10:00');
    // Feedback needs a photo (the engine's input check; 400 VALIDATION_FAILED over HTTP).
    await expect(
      apply(dept, id, 'feedback', '11:00', { comment: '已清运', attachments: [] }),
    ).rejects.toMatchObject({
      name: 'ZodError',
    });
    await apply(dept, id, 'feedback', '11:00', { comment: '已清运', attachments: [await photo(dept)] });
    await apply(grid, id, 'verifyFail', '11:30', { comment: '仍有残留', attachments: [await photo(grid)] });
    await apply(dept, id, 'feedback', '12:00', { comment: '已彻底清理', attachments: [await photo(dept)] });
    await apply(grid, id, 'verifyPass', '13:00', { attachments: [await photo(grid)] });
    await apply(town1, id, 'close', '14:00');
    await apply(grid, id, 'rate', '15:00', { fields: { satisfaction: 'satisfied', resolved: true } });
    const row = await t.services.events.get(town1, id);
    expect(row).toMatchObject({
      state: 'rated',
      assigneeDepartmentId: d07,
      returnedCount: 1,
      reworkCount: 1,
    });
    const after = (await dayStats(town1)).total.counters;
    const diff = Object.fromEntries(
      Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
    );
    expect(diff).toMatchObject({
      received: 1,
      filed: 1,
      filedOnTime: 1,
      acceptMinutes: 20,
      dispatched: 1,
      misdispatched: 1,
      responded: 1,
      handled: 1,
      handledOnTime: 1,
      handleMinutes: 90,
      reworked: 1,
      dueToClose: 1,
      closed: 1,
      closedOnTime: 1,
      rated: 1,
      satisfied: 1,
      resolvedRated: 1,
    });
    const timeline = await t.services.cases.timeline(town1, 'event', id);
    expect(timeline.map((e) => e.action)).toEqual([
      'open',
      'accept',
      'dispatch',
      'return',
      'dispatch',
      'sign',
      'feedback',
      'verifyFail',
      'feedback',
      'verifyPass',
      'close',
      'rate',
    ]);
  });

  it('counts an overdue case as due to close on the day it went overdue, once, and not on time', async () => {
    // 0104 道路不洁: 5 working hours from dispatch at 09:30 → due 15:30 (lunch excluded) or later.
    const { event } = await report(grid, { categoryCode: '0104', description: '路面油污' });
    await apply(town1, event.id, 'accept', '09:10');
    await t.services.events.dispatch(town1, event.id, { departmentId: d07 }, { now: mon('09:30') });
    const before = (await dayStats(town1)).total.counters;
    await t.services.jobs.runDue({ asOf: new Date('2026-11-16T23:00:00+08:00') });
    const row = await t.services.events.get(town1, event.id);
    expect(row.overdueDay).toBe(DAY);
    expect((await dayStats(town1)).total.counters.dueToClose).toBe(before.dueToClose + 1);
    const byCat = (await dayStats(town1, 'category')).rows.find((r) => r.key === '0104')!;
    expect(byCat.label).toBe('道路不洁');
    expect(byCat.rates.closedRate).toBe(0);
  });

  it('groups statistics by region and department within the actor scope only', async () => {
    const byRegion = await t.services.events.stats(town1, {
      from: DAY,
      to: DAY,
      groupBy: 'region',
      regionPath: town1.scopePath,
    });
    expect(byRegion.rows.length).toBeGreaterThan(0);
    for (const r of byRegion.rows) expect(r.key.startsWith(`${town1.scopePath}.`)).toBe(true);
    const byDept = await dayStats(town1, 'department');
    expect(byDept.rows.find((r) => r.key === String(d07))?.label).toBe('区城管局');
    expect((await dayStats(town2)).rows).toEqual([]);
    await expect(
      t.services.events.stats(town1, { from: '2026-01-01', to: '2027-06-01', groupBy: 'day' }),
    ).rejects.toMatchObject({ code: 'EVENT_STATS_RANGE' });
    const recent = await t.services.events.recent(town1, { limit: 3 });
    expect(recent).toHaveLength(3);
    expect(await t.services.events.recent(town2, { limit: 3 })).toEqual([]);
  });
});

describe('links for the disputes module', () => {
  it('gives the event facts in scope and records the transfer', async () => {
    const resident = await t.actorOf('resident');
    const { event } = await report(resident, {
      channel: 'app',
      categoryCode: '11',
      description: '邻里因漏水发生纠纷',
      reporterName: '刘先生',
      reporterPhone: '13800138001',
    });
    await expect(t.services.events.getForLink(town2, event.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const link = await t.services.events.getForLink(town1, event.id);
    expect(link).toMatchObject({
      id: event.id,
      categoryCode: '11',
      reporterName: '刘先生',
      reporterPhone: '13800138001',
      regionPath: spot.regionPath,
    });
    expect(link.ref).toMatch(/^SJ2026111\d{7}$/);
    await expect(
      t.services.events.markTransferred(town2, event.id, { kind: 'dispute', id: 9, ref: 'JF1' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const done = await t.services.events.markTransferred(town1, event.id, {
      kind: 'dispute',
      id: 9,
      ref: 'JF20261116000009',
    });
    expect(done).toMatchObject({ state: 'transferred', linkKind: 'dispute', linkId: 9 });
    const timeline = await t.services.cases.timeline(town1, 'event', event.id);
    expect(timeline.at(-1)).toMatchObject({
      action: 'transfer',
      comment: '已转为矛盾纠纷案件 JF20261116000009',
    });
  });
});
