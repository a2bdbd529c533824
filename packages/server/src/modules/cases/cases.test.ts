import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTestKind, reportRepair } from '../../../test/case-kind';
import { appQuery, ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { multipart } from '../../../test/multipart';
import type { Actor } from '../../db/context';
import type { LogSmsProvider } from '../messages/channels/sms';

let t: TestApp;
let grid: Actor;
let town1: Actor;
let dept: Actor;
let gridPath: string;
let town2GridPath: string;
let d07: number;

const cst = (s: string) => new Date(`${s}:00+08:00`);
const url = (id: number, rest = '') => `/api/v1/cases/testRepair/${id}${rest}`;

async function photo(as: string): Promise<number> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c33' } })
    .png()
    .toBuffer();
  const body = multipart([{ name: '现场照片.png', data: png, type: 'image/png' }]);
  const res = await t.as(as, { method: 'POST', url: '/api/v1/attachments', ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().items[0].id;
}

async function unread(as: string) {
  return (await t.as(as, { method: 'GET', url: '/api/v1/notifications?unread=true&pageSize=50' })).json();
}

beforeAll(async () => {
  t = await createTestApp();
  await installTestKind(t.services);
  grid = await t.actorOf('grid');
  town1 = await t.actorOf('town1');
  dept = await t.actorOf('dept');
  gridPath = grid.scopePath;
  const dir = await t.services.territory.dir();
  const town2 = dir.byCode.get('350199002')!;
  town2GridPath = [...dir.byId.values()].find(
    (r) => r.level === 'grid' && r.regionPath.startsWith(`${town2.regionPath}.`),
  )!.regionPath;
  d07 = dept.departmentId!;
});
afterAll(async () => t?.close());

describe('case engine over HTTP', () => {
  it('takes a case through its workflow with allowed actions, notifications and a timeline', async () => {
    const id = await reportRepair(t.services, grid, gridPath, '井盖缺失');
    const view = await t.as('town1', { method: 'GET', url: url(id) });
    expect(view.statusCode).toBe(200);
    expect(view.json()).toMatchObject({ state: 'reported', stateLabel: { zh: '已上报' }, version: 1 });
    expect(view.json().actions.map((a: { action: string }) => a.action)).toEqual([
      'assign',
      'cancel',
      'note',
    ]);
    expect(view.json().clocks).toMatchObject([{ name: 'intake', status: 'running' }]);
    // The department officer may read it, but has nothing to do yet.
    const forDept = (await t.as('dept', { method: 'GET', url: url(id) })).json();
    expect(forDept.actions.map((a: { action: string }) => a.action)).toEqual(['note']);

    const before = (await unread('dept')).unread;
    const assigned = await t.as('town1', {
      method: 'POST',
      url: url(id, '/transitions'),
      payload: { action: 'assign', fields: { departmentId: d07 }, comment: '请城管局处置', version: 1 },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'assigned', assigneeDepartmentId: d07, version: 2 });
    expect(
      assigned.json().clocks.map((c: { name: string; status: string }) => `${c.name}:${c.status}`),
    ).toEqual(['intake:stopped', 'handling:running']);
    expect(assigned.json().dueAt).not.toBeNull();
    // The department hears of it in the bell and by SMS (through the outbox).
    const bell = await unread('dept');
    expect(bell.unread).toBe(before + 1);
    expect(bell.items[0]).toMatchObject({ type: 'case.assigned', caseKind: 'testRepair', caseId: id });
    expect(bell.items[0].title).toContain(`T${String(id).padStart(6, '0')}`);
    await t.services.jobs.runDue();
    const sms = t.services.sms as LogSmsProvider;
    expect(sms.sent.some((m) => m.text.includes('井盖缺失'))).toBe(true);

    const actions = (await t.as('dept', { method: 'GET', url: url(id) })).json().actions;
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['askInfo', 'resolve', 'note']);
    expect(actions[1].requires).toEqual({ comment: true, attachments: 1, fields: {} });

    const noPhoto = await t.as('dept', {
      method: 'POST',
      url: url(id, '/transitions'),
      payload: { action: 'resolve', comment: '已补装井盖' },
    });
    expect(noPhoto.statusCode).toBe(400);
    expect(noPhoto.json().error.details[0].path).toBe('attachments');

    const file = await photo('dept');
    const resolved = await t.as('dept', {
      method: 'POST',
      url: url(id, '/transitions'),
      payload: { action: 'resolve', comment: '已补装井盖', attachments: [file] },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const closed = await t.as('grid', {
      method: 'POST',
      url: url(id, '/transitions'),
      payload: { action: 'verify', comment: '现场核查属实' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', final: true, actions: [] });
    expect(closed.json().closedAt).not.toBeNull();

    const timeline = (await t.as('town1', { method: 'GET', url: url(id, '/timeline') })).json();
    expect(
      timeline.map((e: { action: string; actorRole: string; toState: string }) => [
        e.action,
        e.actorRole,
        e.toState,
      ]),
    ).toEqual([
      ['open', 'gridWorker', 'reported'],
      ['assign', 'dispatcher', 'assigned'],
      ['resolve', 'departmentOfficer', 'resolved'],
      ['verify', 'gridWorker', 'closed'],
    ]);
    expect(timeline[1]).toMatchObject({
      actionLabel: { zh: '派遣' },
      fromLabel: { zh: '已上报' },
      toLabel: { zh: '处置中' },
      comment: '请城管局处置',
      data: { departmentId: d07 },
    });
    expect(timeline[2].files).toMatchObject([{ id: file, name: '现场照片.png', kind: 'image' }]);
    expect(timeline[2].files[0].thumbnailUrl).toMatch(/thumbnail$/);
    // The photo now belongs to the case: its region, readable by town 1, not by town 2.
    expect((await t.as('town1', { method: 'GET', url: `/api/v1/attachments/${file}` })).statusCode).toBe(200);
    expect((await t.as('town2', { method: 'GET', url: `/api/v1/attachments/${file}` })).statusCode).toBe(404);
  });

  it('refuses clearly: 401, 403, 404 out of scope, 409 wrong state or guard, 400 bad input', async () => {
    const id = await reportRepair(t.services, grid, gridPath);
    const post = (as: string, payload: object) =>
      t.as(as, { method: 'POST', url: url(id, '/transitions'), payload });
    expect((await t.app.inject({ method: 'GET', url: url(id) })).statusCode).toBe(401);
    expect((await post('grid', { action: 'assign', fields: { departmentId: d07 } })).statusCode).toBe(403);
    expect((await t.as('town2', { method: 'GET', url: url(id) })).statusCode).toBe(404);
    expect((await post('town2', { action: 'assign', fields: { departmentId: d07 } })).statusCode).toBe(404);
    const wrong = await post('grid', { action: 'verify' });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error).toMatchObject({ code: 'CASE_ACTION_WRONG_STATE' });
    expect(wrong.json().error.message).toContain('已上报');
    expect((await post('town1', { action: 'fly' })).json().error.code).toBe('CASE_ACTION_UNKNOWN');
    expect((await post('town1', { action: 'assign', fields: { departmentId: d07, x: 1 } })).statusCode).toBe(
      400,
    );
    expect((await post('town1', { action: 'assign', extra: true })).statusCode).toBe(400);
    expect((await post('town1', { action: 'assign' })).statusCode).toBe(400);
    expect((await t.as('town1', { method: 'GET', url: '/api/v1/cases/nothing/1' })).json().error.code).toBe(
      'CASE_KIND_UNKNOWN',
    );
    await post('town1', { action: 'assign', fields: { departmentId: d07 } });
    const guarded = await post('dept', {
      action: 'resolve',
      comment: '部分待定',
      attachments: [await photo('dept')],
    });
    expect(guarded.statusCode).toBe(409);
    expect(guarded.json().error).toMatchObject({ code: 'CASE_GUARD' });
    expect(guarded.json().error.message).toContain('待定');
    // Someone else's upload cannot be attached.
    const stolen = await post('dept', {
      action: 'resolve',
      comment: '好了',
      attachments: [await photo('town1')],
    });
    expect(stolen.json().error.code).toBe('CASE_ATTACHMENT_INVALID');
    // English on request.
    const en = await t.as('grid', {
      method: 'POST',
      url: url(id, '/transitions'),
      payload: { action: 'verify' },
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.message).toContain('Being handled');
  });

  it('lets one of two conflicting actions win and answers the other with 409', async () => {
    const id = await reportRepair(t.services, grid, gridPath);
    const [a, b] = await Promise.all([
      t.as('town1', {
        method: 'POST',
        url: url(id, '/transitions'),
        payload: { action: 'assign', fields: { departmentId: d07 } },
      }),
      t.as('dispatcher', {
        method: 'POST',
        url: url(id, '/transitions'),
        payload: { action: 'cancel', comment: '重复' },
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(['CASE_CONFLICT', 'CASE_ACTION_WRONG_STATE']).toContain(loser.json().error.code);
    expect(loser.json().error.message).toMatch(/处置中|已作废/);

    // Eight people press at once on the same version: exactly one wins. A case of its own: if the cancel
    // above won, the first case is closed and takes no notes at all.
    const open = await reportRepair(t.services, grid, gridPath);
    const v = (await t.as('town1', { method: 'GET', url: url(open) })).json().version;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        t.services.cases.apply(town1, 'testRepair', open, {
          action: 'note',
          comment: `第${i}条`,
          version: v,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect((r.reason as { code: string }).code).toBe('CASE_CONFLICT');
    const stale = await t.as('town1', {
      method: 'POST',
      url: url(open, '/transitions'),
      payload: { action: 'note', comment: '旧页面', version: v },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('刚刚已被他人处理');
  });

  it('keeps the timeline append-only even for the app role', async () => {
    await expect(appQuery(t, `UPDATE case_timeline SET comment = 'x'`)).rejects.toThrow();
    await expect(appQuery(t, 'DELETE FROM case_timeline')).rejects.toThrow();
  });
});

describe('clocks and escalation', () => {
  // A week in the past with no holidays: timers of the cases other tests started at the real "now" are
  // never due by these instants, so each test sees only its own case's timers fire.
  const mon = (hm: string) => cst(`2026-03-02T${hm}`);
  const tue = (hm: string) => cst(`2026-03-03T${hm}`);
  const s = () => t.services;
  const clocksOf = async (id: number) =>
    (await s().cases.get(town1, 'testRepair', id)).clocks.filter((c) => c.status !== 'stopped');

  it('reminds at 80%, marks overdue at the deadline, tells the leader one working day later', async () => {
    const id = await reportRepair(s(), grid, gridPath, '路灯不亮', { now: mon('09:00') });
    await s().cases.apply(
      town1,
      'testRepair',
      id,
      { action: 'assign', fields: { departmentId: d07 } },
      { now: mon('09:00') },
    );
    const [clock] = await clocksOf(id);
    // 4 working hours from 09:00: 09:00–12:00, 14:00–15:00.
    expect(clock).toMatchObject({ name: 'handling', dueAt: mon('15:00').toISOString() });
    const deptBefore = (await unread('dept')).unread;
    await s().jobs.runDue({ asOf: mon('14:11') });
    expect((await unread('dept')).unread).toBe(deptBefore);
    await s().jobs.runDue({ asOf: mon('14:13') }); // 80% of 4 h = 3 h 12 min → 14:12
    const bell = await unread('dept');
    expect(bell.unread).toBe(deptBefore + 1);
    expect(bell.items[0]).toMatchObject({ type: 'case.warning', caseId: id });
    expect(bell.items[0].body).toContain('2026-03-02 15:00');

    const town1Before = (await unread('town1')).unread;
    await s().jobs.runDue({ asOf: mon('15:01') });
    const c = await s().cases.get(town1, 'testRepair', id);
    expect(c.record.overdue).toBe(true);
    expect((await unread('town1')).items[0]).toMatchObject({ type: 'case.overdue', caseId: id });
    expect((await unread('town1')).unread).toBe(town1Before + 1);
    const leaderBefore = (await unread('leader')).unread;
    await s().jobs.runDue({ asOf: tue('17:29') });
    expect((await unread('leader')).unread).toBe(leaderBefore);
    await s().jobs.runDue({ asOf: tue('17:31') });
    expect((await unread('leader')).items[0]).toMatchObject({ type: 'case.overdue', caseId: id });
    const timeline = await s().cases.timeline(town1, 'testRepair', id);
    expect(timeline.map((e) => e.action)).toEqual(['open', 'assign', 'warn', 'overdue', 'escalate']);
    // Running the same instant again fires nothing twice.
    const count = timeline.length;
    await s().jobs.runDue({ asOf: tue('17:31') });
    expect(await s().cases.timeline(town1, 'testRepair', id)).toHaveLength(count);
  });

  it('pauses while waiting for the reporter and resumes with the time left', async () => {
    const id = await reportRepair(s(), grid, gridPath, '占道经营', { now: mon('09:00') });
    await s().cases.apply(
      town1,
      'testRepair',
      id,
      { action: 'assign', fields: { departmentId: d07 } },
      { now: mon('09:00') },
    );
    await s().cases.apply(
      dept,
      'testRepair',
      id,
      { action: 'askInfo', comment: '请补充具体位置' },
      { now: mon('10:00') },
    );
    const [paused] = await clocksOf(id);
    expect(paused).toMatchObject({ status: 'paused', remainingMs: 3 * 3_600_000 });
    // Nothing fires while paused, however late it gets.
    const before = (await s().cases.timeline(town1, 'testRepair', id)).length;
    await s().jobs.runDue({ asOf: mon('23:00') });
    expect(await s().cases.timeline(town1, 'testRepair', id)).toHaveLength(before);
    await s().cases.apply(
      grid,
      'testRepair',
      id,
      { action: 'supply', comment: '在3号楼东侧' },
      { now: tue('08:30') },
    );
    const [resumed] = await clocksOf(id);
    expect(resumed).toMatchObject({ status: 'running', dueAt: tue('11:30').toISOString() });
    const row = await s().cases.get(town1, 'testRepair', id);
    expect(row.record.dueAt?.toISOString()).toBe(tue('11:30').toISOString());
  });

  it("takes the workflow's automatic action when an escalation step says so", async () => {
    const id = await reportRepair(s(), grid, gridPath, '无人受理', { now: mon('09:00') });
    await s().jobs.runDue({ asOf: tue('17:31') }); // intake: 1 working day → Tuesday 17:30
    const c = await s().cases.get(town1, 'testRepair', id);
    expect(c.state).toBe('cancelled');
    const tl = await s().cases.timeline(town1, 'testRepair', id);
    expect(tl.map((e) => [e.action, e.actorRole])).toEqual([
      ['open', 'gridWorker'],
      ['warn', 'system'],
      ['overdue', 'system'],
      ['autoClose', 'system'],
    ]);
  });

  it('extends a clock (延期) and clears the overdue mark when the new deadline lies ahead', async () => {
    const id = await reportRepair(s(), grid, gridPath, '延期测试', { now: mon('09:00') });
    await s().cases.apply(
      town1,
      'testRepair',
      id,
      { action: 'assign', fields: { departmentId: d07 } },
      { now: mon('09:00') },
    );
    await s().jobs.runDue({ asOf: mon('15:01') });
    expect((await s().cases.get(town1, 'testRepair', id)).record.overdue).toBe(true);
    const row = await s().cases.extendClock(
      town1,
      'testRepair',
      id,
      'handling',
      { amount: 2, unit: 'workingDays' },
      '同意延期',
      { now: mon('16:00') },
    );
    // Two working days counted from the old deadline (Monday 15:00): close of office on Wednesday.
    expect(row?.dueAt.toISOString()).toBe(cst('2026-03-04T17:30').toISOString());
    expect(row?.overdueAt).toBeNull();
    const c = await s().cases.get(town1, 'testRepair', id);
    expect(c.record.overdue).toBe(false);
    const jobs = await ownerQuery<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM jobs WHERE ref = 'clock:${row!.id}' AND status = 'pending'`,
    );
    expect(Number(jobs[0]!.n)).toBeGreaterThan(0);
  });

  it('keeps the case out of sight for town 2 in every engine read', async () => {
    const id = await reportRepair(s(), grid, gridPath);
    const town2 = await t.actorOf('town2');
    await expect(s().cases.get(town2, 'testRepair', id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s().cases.timeline(town2, 'testRepair', id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(town2GridPath.startsWith(town2.scopePath)).toBe(true);
  });
});
