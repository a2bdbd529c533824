import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTestKind, reportRepair } from '../../../test/case-kind';
import { ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { startReceiver } from '../../../test/receivers';
import type { Actor } from '../../db/context';
import { dingTalkSign, dingTalkUrl } from './channels/dingtalk';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
let t: TestApp;
let ding: Receiver;
let wecom: Receiver;
let hook: Receiver;
let sms: Receiver;
let grid: Actor;
let d07: number;
const crash = { once: false };

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const q = <R>(text: string) => ownerQuery<R>(t, text);

async function assignedCase(title: string) {
  const id = await reportRepair(t.services, grid, grid.scopePath, title);
  const res = await t.as('town1', {
    method: 'POST',
    url: `/api/v1/cases/testRepair/${id}/transitions`,
    payload: { action: 'assign', fields: { departmentId: d07 } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

const forCase = (r: Receiver, id: number) =>
  r.received.filter(
    (m) =>
      (m.body.data as { id?: number } | undefined)?.id === id ||
      JSON.stringify(m.body).includes(`T${String(id).padStart(6, '0')}`),
  );

beforeAll(async () => {
  ding = await startReceiver('dingtalk', { secret: 'SECdingtalk-test-secret' });
  wecom = await startReceiver('wecom');
  hook = await startReceiver('webhook', { secret: 'webhook-secret-1' });
  sms = await startReceiver('sms', { token: 'sms-token' });
  t = await createTestApp(
    {
      FENGQIAO_SMS_PROVIDER: 'http',
      FENGQIAO_SMS_URL: sms.url,
      FENGQIAO_SMS_TOKEN: 'sms-token',
      FENGQIAO_DELIVERY_MAX_ATTEMPTS: '4',
    },
    {
      afterSend: (row) => {
        if (crash.once && row.channel === 'webhook') {
          crash.once = false;
          throw new Error('process died after sending');
        }
      },
    },
  );
  await installTestKind(t.services);
  grid = await t.actorOf('grid');
  d07 = (await t.actorOf('dept')).departmentId!;
  for (const [kind, r, secret] of [
    ['dingtalk', ding, 'SECdingtalk-test-secret'],
    ['wecom', wecom, null],
    ['webhook', hook, 'webhook-secret-1'],
  ] as const) {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { kind, name: `${kind} 测试`, url: r.url, secret, types: ['case.assigned'] },
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await t?.close();
  await Promise.all([ding, wecom, hook, sms].map((r) => r?.close()));
});

describe('outbox delivery', () => {
  it('signs DingTalk requests as documented (timestamp + "\\n" + secret, HmacSHA256, Base64, URL-encoded)', () => {
    const ts = 1_700_000_000_000;
    const expected = encodeURIComponent(
      createHmac('sha256', 'SECabc').update(`${ts}\nSECabc`).digest('base64'),
    );
    expect(dingTalkSign('SECabc', ts)).toBe(expected);
    expect(dingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=x', 'SECabc', ts)).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=${ts}&sign=${expected}`,
    );
  });

  it('delivers to DingTalk, WeCom, a webhook and the SMS gateway, each signed, after commit', async () => {
    const id = await assignedCase('垃圾堆放');
    // Nothing leaves before the workers run: the messages wait in the outbox.
    expect(forCase(hook, id)).toHaveLength(0);
    await t.services.jobs.runDue();
    const [d] = forCase(ding, id);
    expect(d).toMatchObject({ signed: true, answeredOk: true });
    expect(d!.body).toMatchObject({ msgtype: 'markdown' });
    expect((d!.body.markdown as { title: string }).title).toContain('新的测试报修待办');
    expect(forCase(wecom, id)).toHaveLength(1);
    const [w] = forCase(hook, id);
    expect(w).toMatchObject({ signed: true, answeredOk: true });
    expect(w!.body).toMatchObject({
      type: 'case.assigned',
      data: { kind: 'testRepair', id, state: 'assigned' },
    });
    expect(w!.headers['idempotency-key']).toBe(w!.body.id);
    const texts = sms.received.filter((m) => String(m.body.text).includes('垃圾堆放'));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((m) => m.signed && /^1\d{10}$/.test(String(m.body.phone)))).toBe(true);
    expect(String(texts[0]!.body.text)).toMatch(/^【枫桥】/);
    const pending = await q<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE status <> 'delivered'`,
    );
    expect(Number(pending[0]!.n)).toBe(0);
  });

  it('keeps trying while a receiver is down and delivers once it is back, always with the same key', async () => {
    hook.state.down = true;
    const id = await assignedCase('下水道堵塞');
    // One pass at a time: a failed try is re-scheduled 2 s, 4 s, 8 s… (± 20%) after it failed.
    await t.services.jobs.runBatch();
    await t.services.jobs.runBatch({ asOf: minutes(1) });
    await t.services.jobs.runBatch({ asOf: minutes(2) });
    hook.state.down = false;
    const tries = forCase(hook, id);
    expect(tries.length).toBe(3);
    expect(tries.every((m) => !m.answeredOk)).toBe(true);
    const [row] = await q<{ status: string; attempts: number; last_error: string }>(
      `SELECT status, attempts, last_error FROM outbox WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1`,
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 3 });
    expect(row!.last_error).toContain('503');
    await t.services.jobs.runDue({ asOf: minutes(30) });
    const all = forCase(hook, id);
    expect(all.filter((m) => m.answeredOk)).toHaveLength(1);
    expect(new Set(all.map((m) => m.headers['idempotency-key'])).size).toBe(1);
  });

  it('sends again with the same key after a crash between delivery and marking', async () => {
    crash.once = true;
    const id = await assignedCase('噪音扰民');
    await t.services.jobs.runDue();
    await t.services.jobs.runDue({ asOf: minutes(1) });
    const got = forCase(hook, id);
    expect(got).toHaveLength(2);
    expect(got.every((m) => m.answeredOk)).toBe(true);
    expect(got[0]!.headers['idempotency-key']).toBe(got[1]!.headers['idempotency-key']);
  });

  it('dead-letters after the configured tries; an administrator retries it from the jobs page', async () => {
    hook.state.down = true;
    const id = await assignedCase('违章搭建');
    for (let i = 0; i < 6; i++) await t.services.jobs.runBatch({ asOf: minutes(20 * (i + 1)) });
    hook.state.down = false;
    expect(forCase(hook, id)).toHaveLength(4);
    const [row] = await q<{ id: number; status: string }>(
      `SELECT id, status FROM outbox WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1`,
    );
    expect(row!.status).toBe('dead');
    const dead = (
      await t.as('admin', { method: 'GET', url: '/api/v1/jobs?status=dead&type=outbox.deliver' })
    ).json();
    const job = dead.items.find((j: { payload: { outboxId: number } }) => j.payload.outboxId === row!.id);
    expect(job.lastError).toContain('503');
    expect((await t.as('admin', { method: 'POST', url: `/api/v1/jobs/${job.id}/retry` })).statusCode).toBe(
      200,
    );
    await t.services.jobs.runDue();
    expect(forCase(hook, id).filter((m) => m.answeredOk)).toHaveLength(1);
  });
});

describe('notifications and subscriptions', () => {
  it("shows the bell: unread count, list in the reader's language, mark read", async () => {
    const id = await assignedCase('路面坑洼');
    const list = (await t.as('dept', { method: 'GET', url: '/api/v1/notifications?unread=true' })).json();
    expect(list.unread).toBeGreaterThan(0);
    const mine = list.items.find((n: { caseId: number }) => n.caseId === id);
    expect(mine.title).toContain('新的测试报修待办');
    const en = (
      await t.as('dept', {
        method: 'GET',
        url: '/api/v1/notifications',
        headers: { 'accept-language': 'en' },
      })
    ).json();
    expect(en.items.find((n: { caseId: number }) => n.caseId === id).title).toContain(
      'New Test repair to handle',
    );
    const one = await t.as('dept', {
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { ids: [mine.id] },
    });
    expect(one.json()).toMatchObject({ updated: 1, unread: list.unread - 1 });
    const all = await t.as('dept', {
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { all: true },
    });
    expect(all.json().unread).toBe(0);
    expect((await t.as('dept', { method: 'GET', url: '/api/v1/notifications/unread-count' })).json()).toEqual(
      { count: 0 },
    );
    // Another user's notification ids do nothing for me.
    expect(
      (
        await t.as('grid', { method: 'POST', url: '/api/v1/notifications/read', payload: { ids: [mine.id] } })
      ).json().updated,
    ).toBe(0);
    expect(
      (await t.as('dept', { method: 'POST', url: '/api/v1/notifications/read', payload: {} })).statusCode,
    ).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('manages subscriptions with validation, optimistic locking and a test message', async () => {
    const bad = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/subscriptions',
      payload: { kind: 'webhook', name: 'x', url: 'ftp://example.org/x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      (
        await t.as('admin', {
          method: 'POST',
          url: '/api/v1/subscriptions',
          payload: { kind: 'fax', name: 'x', url: hook.url },
        })
      ).statusCode,
    ).toBe(400);
    expect((await t.as('town1', { method: 'GET', url: '/api/v1/subscriptions' })).statusCode).toBe(403);
    const list = (await t.as('admin', { method: 'GET', url: '/api/v1/subscriptions' })).json();
    const sub = list.find((s: { kind: string }) => s.kind === 'webhook');
    expect(sub).toMatchObject({ hasSecret: true, types: ['case.assigned'] });
    expect(sub.secretEnc).toBeUndefined();
    const test = await t.as('admin', { method: 'POST', url: `/api/v1/subscriptions/${sub.id}/test` });
    expect(test.statusCode).toBe(200);
    await t.services.jobs.runDue();
    const [outbox] = await q<{ status: string; last_error: string }>(
      `SELECT status, last_error FROM outbox WHERE id = ${test.json().outboxId}`,
    );
    expect(outbox).toMatchObject({ status: 'delivered' });
    expect(hook.received.find((m) => m.body.type === 'system.test')!.body).toMatchObject({
      title: '测试消息',
    });
    const stale = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/subscriptions/${sub.id}`,
      payload: { version: sub.version + 5, active: false },
    });
    expect(stale.statusCode).toBe(409);
    const off = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/subscriptions/${sub.id}`,
      payload: { version: sub.version, active: false },
    });
    expect(off.json()).toMatchObject({ active: false, version: sub.version + 1 });
    const before = hook.received.length;
    await assignedCase('停用后');
    await t.services.jobs.runDue();
    expect(hook.received.length).toBe(before);
    expect(
      (await t.as('admin', { method: 'DELETE', url: `/api/v1/subscriptions/${sub.id}` })).statusCode,
    ).toBe(204);
    expect(
      (await t.as('admin', { method: 'DELETE', url: `/api/v1/subscriptions/${sub.id}` })).statusCode,
    ).toBe(404);
  });

  it('purges delivered messages and read notifications past their keeping time', async () => {
    await q(`UPDATE outbox SET delivered_at = now() - interval '40 days' WHERE status = 'delivered'`);
    await q(`UPDATE notifications SET read_at = now() - interval '200 days' WHERE read_at IS NOT NULL`);
    const old = await q<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'delivered'`);
    const purged = await t.services.messages.purgeOld(
      new Date(Date.now() - 180 * 86_400_000),
      new Date(Date.now() - 30 * 86_400_000),
    );
    expect(purged.outbox).toBe(Number(old[0]!.n));
    expect(purged.notifications).toBeGreaterThan(0);
    expect(await q(`SELECT id FROM outbox WHERE status = 'delivered'`)).toEqual([]);
    expect(await q(`SELECT id FROM notifications WHERE read_at IS NOT NULL`)).toEqual([]);
  });
});
