import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installTestKind, reportRepair } from '../../../test/case-kind';
import { createTestApp, type TestApp } from '../../../test/harness';
import type { Actor } from '../../db/context';

let t: TestApp;
let grid: Actor;
let town1: Actor;
let d07: number;
const mon = (hm: string) => new Date(`2026-11-23T${hm}:00+08:00`);

/** A repair case assigned to the 城管局 at Monday 09:00: its handling clock runs to 15:00. */
async function assignedCase() {
  const id = await reportRepair(t.services, grid, grid.scopePath, '需延期的案件', { now: mon('09:00') });
  await t.services.cases.apply(
    town1,
    'testRepair',
    id,
    { action: 'assign', fields: { departmentId: d07 } },
    { now: mon('09:00') },
  );
  return id;
}

const ask = (as: string, id: number, body: object) =>
  t.as(as, { method: 'POST', url: `/api/v1/cases/testRepair/${id}/extensions`, payload: body });
const decide = (as: string, extId: number, payload: object) =>
  t.as(as, { method: 'POST', url: `/api/v1/cases/extension/${extId}/transitions`, payload });
const handling = async (id: number) =>
  (await t.services.cases.get(town1, 'testRepair', id)).clocks.find(
    (c) => c.name === 'handling' && c.status !== 'stopped',
  )!;

beforeAll(async () => {
  // The HTTP calls run on the wall clock: pin it (Date only) to Monday morning, before the cases'
  // 15:00 deadline, so the deadline arithmetic does not depend on the day the suite runs.
  vi.useFakeTimers({ toFake: ['Date'], now: mon('10:00') });
  t = await createTestApp();
  await installTestKind(t.services);
  grid = await t.actorOf('grid');
  town1 = await t.actorOf('town1');
  d07 = (await t.actorOf('dept')).departmentId!;
});
afterAll(async () => {
  await t?.close();
  vi.useRealTimers();
});

describe('延期申请 (extension requests)', () => {
  it('lets the handler ask, a supervisor approve, and moves the parent deadline', async () => {
    const id = await assignedCase();
    const res = await ask('dept', id, {
      clock: 'handling',
      amount: 2,
      unit: 'workingDays',
      reason: '需协调供电公司停电施工',
    });
    expect(res.statusCode, res.body).toBe(201);
    const ext = res.json();
    expect(ext).toMatchObject({ state: 'submitted', clock: 'handling', amount: 2, parentId: id });
    // One open request per clock.
    expect(
      (await ask('dept', id, { clock: 'handling', amount: 1, unit: 'workingDays', reason: '再申请' })).json()
        .error.code,
    ).toBe('EXTENSION_PENDING');
    // The supervisor sees it in the bell and may decide; the requester may not.
    const bell = (await t.as('town1', { method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(bell.items.find((n: { caseId: number }) => n.caseId === ext.id)).toMatchObject({
      type: 'case.opened',
      caseKind: 'extension',
    });
    const view = (await t.as('town1', { method: 'GET', url: `/api/v1/cases/extension/${ext.id}` })).json();
    expect(view.actions.map((a: { action: string }) => a.action)).toEqual(['approve', 'reject']);
    expect(view.clocks[0]).toMatchObject({ name: 'decision', status: 'running' });
    const deptView = (await t.as('dept', { method: 'GET', url: `/api/v1/cases/extension/${ext.id}` })).json();
    expect(deptView.actions.map((a: { action: string }) => a.action)).toEqual(['withdraw']);

    const ok = await decide('town1', ext.id, {
      action: 'approve',
      comment: '同意延长1个工作日',
      fields: { grantedAmount: 1 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'approved', final: true });
    // 1 working day from Monday 15:00: close of office on Tuesday.
    expect((await handling(id)).dueAt).toBe(new Date('2026-11-24T17:30:00+08:00').toISOString());
    const timeline = (
      await t.as('town1', { method: 'GET', url: `/api/v1/cases/testRepair/${id}/timeline` })
    ).json();
    expect(timeline.at(-1)).toMatchObject({
      action: 'extendClock',
      actionLabel: { zh: '延长时限' },
      comment: '同意延长1个工作日',
    });
    const list = (
      await t.as('dept', { method: 'GET', url: `/api/v1/cases/testRepair/${id}/extensions` })
    ).json();
    expect(list[0]).toMatchObject({
      id: ext.id,
      state: 'approved',
      grantedAmount: 1,
      stateLabel: { zh: '已同意' },
    });
  });

  it('refuses with a reason, and guards who may ask and decide', async () => {
    const id = await assignedCase();
    const before = (await handling(id)).dueAt;
    expect(
      (await ask('town1', id, { clock: 'handling', amount: 1, unit: 'workingDays', reason: '不是我办的' }))
        .statusCode,
    ).toBe(403);
    expect(
      (await ask('town2', id, { clock: 'handling', amount: 1, unit: 'workingDays', reason: '越权' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await ask('dept', id, { clock: 'intake', amount: 1, unit: 'workingDays', reason: '受理已停' })).json()
        .error.code,
    ).toBe('EXTENSION_CLOCK_GONE');
    expect(
      (await ask('dept', id, { clock: 'handling', amount: 1.5, unit: 'workingDays', reason: '半天' }))
        .statusCode,
    ).toBe(400);
    expect(
      (await ask('dept', id, { clock: 'handling', amount: 1, unit: 'fortnights', reason: 'x' })).statusCode,
    ).toBe(400);
    const ext = (
      await ask('dept', id, { clock: 'handling', amount: 3, unit: 'workingDays', reason: '材料未到' })
    ).json();
    expect((await decide('dept', ext.id, { action: 'approve' })).statusCode).toBe(403);
    expect((await decide('town1', ext.id, { action: 'reject' })).statusCode).toBe(400); // a refusal needs a reason
    const no = await decide('town1', ext.id, { action: 'reject', comment: '请按期办结' });
    expect(no.json()).toMatchObject({ state: 'rejected' });
    expect((await handling(id)).dueAt).toBe(before);
    const dept = (await t.as('dept', { method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(dept.items[0]).toMatchObject({ caseKind: 'extension', caseId: ext.id, type: 'case.transition' });
    expect(dept.items[0].title).toContain('不同意');
  });

  it('stops the supervisor from approving a request they made themselves', async () => {
    // town1 handles a case assigned to their own department (the town government).
    const id = await reportRepair(t.services, grid, grid.scopePath, '街道自办', { now: mon('09:00') });
    await t.services.cases.apply(
      town1,
      'testRepair',
      id,
      { action: 'assign', fields: { departmentId: town1.departmentId! } },
      { now: mon('09:00') },
    );
    const ext = (
      await ask('town1', id, { clock: 'handling', amount: 1, unit: 'workingDays', reason: '自办延期' })
    ).json();
    const own = await decide('town1', ext.id, { action: 'approve' });
    expect(own.statusCode).toBe(409);
    expect(own.json().error.message).toContain('不能审批自己提出的延期申请');
    expect((await decide('dispatcher', ext.id, { action: 'approve' })).json()).toMatchObject({
      state: 'approved',
    });
  });
});
