import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
let grid: Actor;
let dept: Actor;
let d07: number;
let d08: number;
let here: { lng: number; lat: number };
let town2Here: { lng: number; lat: number };

async function photo(actor: Actor): Promise<number> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#48c' } })
    .png()
    .toBuffer();
  const [f] = await t.services.attachments.upload(actor, [{ name: '现场.png', data: png }]);
  return f!.id;
}

const post = (as: string, url: string, payload: object) => t.as(as, { method: 'POST', url, payload });
const get = (as: string, url: string) => t.as(as, { method: 'GET', url });

async function gridReport(description: string, categoryCode = '0201') {
  const res = await post('grid', '/api/v1/events', {
    categoryCode,
    description,
    address: '东湖路88号',
    ...here,
    attachments: [await photo(grid)],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  grid = await t.actorOf('grid');
  dept = await t.actorOf('dept');
  d07 = dept.departmentId!;
  d08 = (await t.services.territory.listDepartments(SYSTEM_ACTOR, {})).find((d) => d.code === 'D08')!.id;
  const dir = await t.services.territory.dir();
  const inside = (path: string) => {
    const r = [...dir.byId.values()].find(
      (x) =>
        x.regionPath.startsWith(path) &&
        x.centroidLng !== null &&
        dir.locate(x.centroidLng!, x.centroidLat!)?.at(-1)?.regionPath.startsWith(path),
    )!;
    return { lng: r.centroidLng!, lat: r.centroidLat! };
  };
  here = inside(grid.scopePath);
  town2Here = inside((await t.actorOf('town2')).scopePath);
});
afterAll(async () => t?.close());

describe('intake over HTTP', () => {
  it('creates an event with the grid filled in and answers 400/401/403 for bad calls', async () => {
    const body = await gridReport('路灯杆上贴满小广告');
    expect(body.event).toMatchObject({ state: 'reported', channel: 'grid', categoryName: '非法小广告' });
    expect(body.event.ref).toMatch(/^SJ\d{14}$/);
    const bad = async (payload: object, code: string, status = 400) => {
      const r = await post('grid', '/api/v1/events', payload);
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.code).toBe(code);
    };
    await bad({ categoryCode: 'XX', description: '不存在的类别', ...here }, 'EVENT_CATEGORY_UNKNOWN');
    await bad(
      { categoryCode: '0201', description: '辖区外', lng: 116.4, lat: 39.9 },
      'EVENT_OUTSIDE_DISTRICT',
    );
    await bad({ categoryCode: '0201', description: '没有照片', ...here }, 'EVENT_PHOTO_REQUIRED');
    await bad({ categoryCode: '0201', description: '别处的', ...town2Here }, 'EVENT_OUTSIDE_AREA', 403);
    await bad({ categoryCode: '0201', description: 'x', ...here }, 'VALIDATION_FAILED');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/events', payload: {} })).statusCode).toBe(401);
    expect(
      (await post('leader', '/api/v1/events', { categoryCode: '11', description: '领导', ...here }))
        .statusCode,
    ).toBe(403);
  });

  it('replays the same answer for a repeated Idempotency-Key (offline queue resend)', async () => {
    const payload = { categoryCode: '11', description: '离线时记录的纠纷线索', ...here };
    const headers = { 'idempotency-key': 'offline-queue-0001' };
    const a = await t.as('grid', { method: 'POST', url: '/api/v1/events', payload, headers });
    const b = await t.as('grid', { method: 'POST', url: '/api/v1/events', payload, headers });
    expect(a.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.json().event.id).toBe(a.json().event.id);
  });
});

describe('dispatch workbench', () => {
  it('filters the queue and pages it by cursor', async () => {
    for (const d of ['队列测试一', '队列测试二', '队列测试三']) await gridReport(d, '0202');
    const first = (await get('town1', '/api/v1/events?category=02&state=reported&limit=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.items.every((e: { categoryCode: string }) => e.categoryCode.startsWith('02'))).toBe(true);
    const second = (
      await get('town1', `/api/v1/events?category=02&state=reported&limit=2&before=${first.nextCursor}`)
    ).json();
    expect(second.items[0].id).toBeLessThan(first.items[1].id);
    const q = (await get('town1', `/api/v1/events?q=${encodeURIComponent('队列测试')}&channel=grid`)).json();
    expect(q.items).toHaveLength(3);
    // Several states: merged newest first, paged by the same cursor.
    const multi = (await get('town1', '/api/v1/events?state=reported,accepted,dispatched&limit=3')).json();
    const ids = multi.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const next = (
      await get(
        'town1',
        `/api/v1/events?state=reported,accepted,dispatched&limit=3&before=${multi.nextCursor}`,
      )
    ).json();
    expect(next.items[0].id).toBeLessThan(ids[2]);
    expect((await get('town1', '/api/v1/events?state=bogus')).statusCode).toBe(400);
    expect((await get('resident', '/api/v1/events')).statusCode).toBe(403);
  });

  it('accepts and dispatches in bulk, shows detail with timeline, and refuses a disallowed action', async () => {
    const a = (await gridReport('批量一号')).event.id;
    const b = (await gridReport('批量二号')).event.id;
    const acc = (await post('town1', '/api/v1/events/bulk', { action: 'accept', ids: [a, b] })).json();
    expect(acc.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
    // Accepting again is not possible now: reported per id, nothing else touched.
    const again = (await post('town1', '/api/v1/events/bulk', { action: 'accept', ids: [a] })).json();
    expect(again.results[0]).toMatchObject({ ok: false, error: { code: 'CASE_ACTION_WRONG_STATE' } });
    expect((await post('town1', '/api/v1/events/bulk', { action: 'dispatch', ids: [a] })).statusCode).toBe(
      400,
    );
    const dis = (
      await post('town1', '/api/v1/events/bulk', {
        action: 'dispatch',
        ids: [a, b],
        departmentId: d07,
        assisting: [d08],
      })
    ).json();
    expect(dis.results.every((r: { state: string }) => r.state === 'dispatched')).toBe(true);
    const detail = (await get('town1', `/api/v1/events/${a}`)).json();
    expect(detail).toMatchObject({
      state: 'dispatched',
      departmentName: '区城管局',
      assisting: [{ id: d08 }],
    });
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(['open', 'accept', 'dispatch']);
    expect(detail.clocks.map((c: { name: string }) => c.name)).toContain('handling');
    // The dispatcher cannot sign for the department: 403; closing now is the wrong state: 409.
    const sign = await post('town1', `/api/v1/cases/event/${a}/transitions`, { action: 'sign' });
    expect(sign.statusCode).toBe(403);
    const close = await post('town1', `/api/v1/cases/event/${a}/transitions`, { action: 'close' });
    expect(close.statusCode).toBe(409);
    expect((await get('town1', `/api/v1/events/${a}`)).json().version).toBe(detail.version);
    // The department's inbox lists it as new.
    const inbox = (await get('dept', '/api/v1/events/inbox?tab=new')).json();
    expect(inbox.items.map((e: { id: number }) => e.id)).toEqual(expect.arrayContaining([a, b]));
    expect(inbox.counts.new).toBeGreaterThanOrEqual(2);
    expect((await get('grid', '/api/v1/events/inbox')).statusCode).toBe(403);
  });

  it('merges a duplicate and tells the reporters; blows the whistle; issues a supervision order', async () => {
    const kept = (await gridReport('井盖边堆放建筑垃圾')).event.id;
    const dup = (await gridReport('井盖边又堆放了建筑垃圾')).event.id;
    const detail = (await get('town1', `/api/v1/events/${dup}`)).json();
    expect(detail.duplicates.map((d: { id: number }) => d.id)).toContain(kept);
    const m = await post('town1', `/api/v1/events/${dup}/merge`, { intoId: kept });
    expect(m.statusCode, m.body).toBe(200);
    expect((await get('town1', `/api/v1/events/${dup}`)).json()).toMatchObject({
      state: 'merged',
      mergedInto: kept,
    });
    expect((await post('town1', `/api/v1/events/${kept}/merge`, { intoId: dup })).statusCode).toBe(409);

    const w = await post('town1', `/api/v1/events/${kept}/whistles`, {
      departmentIds: [d07],
      limitHours: 2,
      note: '请城管局到场协同清运',
    });
    expect(w.statusCode, w.body).toBe(201);
    const whistleId = w.json()[0].id;
    const report = await post('dept', `/api/v1/cases/whistle/${whistleId}/transitions`, {
      action: 'report',
      comment: '已派执法队员到场',
    });
    expect(report.json()).toMatchObject({ state: 'reported' });
    const after = (await get('town1', `/api/v1/events/${kept}`)).json();
    expect(after.assisting.map((x: { id: number }) => x.id)).toContain(d07);
    expect(after.whistles[0]).toMatchObject({ state: 'reported' });

    const s = await post('leader', `/api/v1/events/${kept}/supervisions`, {
      level: 'listed',
      requirement: '三日内清运完毕并书面答复',
      limitDays: 3,
      departmentId: d07,
    });
    expect(s.statusCode, s.body).toBe(201);
    const ans = await post('dept', `/api/v1/cases/supervision/${s.json().id}/transitions`, {
      action: 'answer',
      comment: '已清运，附照片',
    });
    expect(ans.json()).toMatchObject({ state: 'answered' });
    const sup = (await get('town1', `/api/v1/events/${kept}`)).json().supervisions[0];
    expect(sup).toMatchObject({ level: 'listed', answer: '已清运，附照片', levelLabel: { zh: '挂牌督办' } });
    expect(
      (
        await post('grid', `/api/v1/events/${kept}/supervisions`, {
          level: 'daily',
          requirement: '无权',
          limitDays: 1,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('offers the nearest grid workers and times the one sent on site', async () => {
    const id = (await gridReport('路面塌陷需核实')).event.id;
    expect((await post('grid', '/api/v1/me/position', { ...here, accuracyM: 8 })).statusCode).toBe(200);
    const workers = (await get('town1', `/api/v1/events/${id}/nearest-workers`)).json();
    expect(workers[0]).toMatchObject({ userId: grid.userId, sameGrid: true });
    expect(workers[0].distanceM).toBeLessThan(5);
    await post('town1', `/api/v1/events/${id}/onsite`, { userId: grid.userId });
    const mine = (await get('grid', '/api/v1/events?mine=onsite')).json();
    expect(mine.items.map((e: { id: number }) => e.id)).toContain(id);
    const arrived = await post('grid', `/api/v1/events/${id}/arrive`, {});
    expect(arrived.json().minutes).toBe(0);
    expect((await post('grid', `/api/v1/events/${id}/arrive`, {})).statusCode).toBe(200);
    expect((await post('town1', `/api/v1/events/${id}/arrive`, {})).statusCode).toBe(403);
  });
});

describe('resident without an account', () => {
  it('reports with a phone number, follows by tracking code and rates; unsatisfied asks to reopen', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/events',
      payload: {
        categoryCode: '22',
        description: '楼下饭店油烟很大',
        ...here,
        reporterName: '陈女士',
        reporterPhone: '13912345678',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { trackingCode, ref } = res.json();
    const follow = (p: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${trackingCode}/follow`,
        payload: { phone: p },
      });
    expect((await follow('13900000000')).statusCode).toBe(404);
    const f = (await follow('13912345678')).json();
    expect(f).toMatchObject({ ref, state: 'reported', canRate: false });
    // Staff close it; then the resident rates it.
    const town1 = await t.actorOf('town1');
    const id = (await t.services.events.byTrackingCode(trackingCode))!.id;
    await t.services.cases.apply(town1, 'event', id, { action: 'accept' });
    await t.services.events.dispatch(town1, id, { departmentId: d07 });
    await t.services.cases.apply(dept, 'event', id, { action: 'sign' });
    await t.services.cases.apply(dept, 'event', id, {
      action: 'feedback',
      comment: '已约谈店主整改',
      attachments: [await photo(dept)],
    });
    await t.services.cases.apply(grid, 'event', id, {
      action: 'verifyPass',
      attachments: [await photo(grid)],
    });
    await t.services.cases.apply(town1, 'event', id, { action: 'close' });
    const rate = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${trackingCode}/rate`,
        payload: { phone: '13912345678', ...payload },
      });
    const r = await rate({ satisfaction: 'unsatisfied', resolved: false, comment: '油烟依旧' });
    expect(r.json()).toMatchObject({ state: 'reopenRequested' });
    expect((await rate({ satisfaction: 'satisfied', resolved: true })).statusCode).toBe(409);
    const timeline = (await follow('13912345678')).json().timeline;
    expect(timeline.map((e: { comment: string | null }) => e.comment)).toContain('已约谈店主整改');
  });
});

describe('110 / IoT intake with an API key', () => {
  it('needs a valid key and refuses a second copy of the same alarm', async () => {
    const created = (
      await post('admin', '/api/v1/event-api-keys', { name: '视频巡查平台', channel: 'iot' })
    ).json();
    expect(created.key).toMatch(/^fq_/);
    const alarm = {
      externalRef: 'CAM-0042-20261123-001',
      categoryCode: '0503',
      description: '视频巡查发现烟雾',
      ...here,
      urgent: true,
    };
    const send = (key?: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/integrations/events',
        payload: alarm,
        headers: key ? { 'x-api-key': key } : {},
      });
    expect((await send()).statusCode).toBe(401);
    expect((await send('fq_wrong')).statusCode).toBe(401);
    const first = await send(created.key);
    expect(first.statusCode, first.body).toBe(201);
    const second = await send(created.key);
    expect(second.json()).toMatchObject({ id: first.json().id, created: false });
    expect((await get('town1', `/api/v1/events/${first.json().id}`)).json()).toMatchObject({
      channel: 'iot',
      urgent: true,
    });
    await post('admin', `/api/v1/event-api-keys/${created.id}/revoke`, {});
    expect((await send(created.key)).statusCode).toBe(401);
    expect((await get('town1', '/api/v1/event-api-keys')).statusCode).toBe(403);
  });
});

describe('routing rules', () => {
  it('lets the administrator add an ordered rule that routing uses at once', async () => {
    const bad = await post('admin', '/api/v1/event-routing-rules', {
      name: '坏规则',
      departmentId: d08,
      hoursFrom: '25:00',
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (await post('town1', '/api/v1/event-routing-rules', { name: '越权', departmentId: d08 })).statusCode,
    ).toBe(403);
    const ok = await post('admin', '/api/v1/event-routing-rules', {
      name: '夜间噪声交生态环境',
      priority: 5,
      categoryCodes: ['0301'],
      keywords: ['噪声'],
      departmentId: d08,
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const r = await gridReport('工地夜间施工噪声扰民', '0301');
    expect(r.event).toMatchObject({ routedDepartmentId: d08, routedBy: 'rule' });
    const list = (await get('town1', '/api/v1/event-routing-rules')).json();
    expect(list.map((x: { name: string }) => x.name)).toContain('夜间噪声交生态环境');
  });
});

describe('statistics', () => {
  it('answers counters and rates, and exports them to Excel', async () => {
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const res = (
      await get('town1', `/api/v1/events/stats?from=${today}&to=${today}&groupBy=category`)
    ).json();
    expect(res.total.counters.reported).toBeGreaterThan(5);
    expect(res.rows.find((r: { key: string }) => r.key === '0201').label).toBe('非法小广告');
    expect((await get('town1', `/api/v1/events/stats?from=${today}&to=2020-01-01`)).statusCode).toBe(400);
    const x = await get('town1', `/api/v1/events/stats.xlsx?from=${today}&to=${today}&groupBy=category`);
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('事件统计')!;
    expect(ws.getRow(2).getCell(2).value).toBe('上报数');
    expect(ws.getRow(2).values).toContain('按期结案率');
    const total = ws.getRows(3, ws.rowCount)!.find((r) => r.getCell(1).value === '合计')!;
    expect(total.getCell(2).value).toBe(res.total.counters.reported);
  });
});
