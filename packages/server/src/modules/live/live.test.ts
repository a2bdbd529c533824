import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { installTestKind, reportRepair } from '../../../test/case-kind';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Proc, startProc } from '../../../test/procs/spawn';
import { openStream } from '../../../test/sse';
import { buildApp } from '../../app';

let t: TestApp;
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  await installTestKind(t.services);
  // A listening copy of the app with a short heartbeat, so session checks happen within the test.
  app = await buildApp(t.services, { logger: false, heartbeatMs: 300 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const assign = async (as: string, id: number) => {
  const d07 = (await t.actorOf('dept')).departmentId!;
  const res = await t.as(as, {
    method: 'POST',
    url: `/api/v1/cases/testRepair/${id}/transitions`,
    payload: { action: 'assign', fields: { departmentId: d07 } },
  });
  expect(res.statusCode, res.body).toBe(200);
};

describe('live updates (Server-Sent Events)', () => {
  it('pushes case changes and notifications to those who may see them, and no one else', async () => {
    const town1 = await openStream(base, (await t.login('town1')).authorization);
    const town2 = await openStream(base, (await t.login('town2')).authorization);
    const dept = await openStream(base, (await t.login('dept')).authorization);
    expect(town1.status).toBe(200);
    await town1.waitFor((e) => e.event === 'ready');
    await town2.waitFor((e) => e.event === 'ready');
    await dept.waitFor((e) => e.event === 'ready');

    const grid = await t.actorOf('grid');
    const id = await reportRepair(t.services, grid, grid.scopePath, '直播测试');
    await assign('town1', id);
    const opened = await town1.waitFor(
      (e) => e.event === 'case' && e.data.id === id && e.data.action === 'open',
    );
    expect(opened.data).toMatchObject({ kind: 'testRepair', state: 'reported' });
    const moved = await town1.waitFor(
      (e) => e.event === 'case' && e.data.id === id && e.data.action === 'assign',
    );
    expect(moved.data).toMatchObject({ state: 'assigned', version: 2 });
    // The department (district scope, event:read) sees the change and hears of its new notification.
    await dept.waitFor((e) => e.event === 'case' && e.data.id === id);
    await dept.waitFor((e) => e.event === 'notification');

    // Town 2's case reaches town 2, never town 1.
    const town2Actor = await t.actorOf('town2');
    const other = await reportRepair(t.services, town2Actor, town2Actor.scopePath, '临江的事');
    await town2.waitFor((e) => e.event === 'case' && e.data.id === other);
    await new Promise((r) => setTimeout(r, 200));
    expect(town1.events.some((e) => e.data.id === other)).toBe(false);
    expect(town2.events.some((e) => e.data.id === id)).toBe(false);
    for (const s of [town1, town2, dept]) s.close();
  });

  it('ends the stream when the session is signed out, and refuses one without a session', async () => {
    const token = (await t.login('grid')).authorization;
    const s = await openStream(base, token);
    await s.waitFor((e) => e.event === 'ready');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: token } }))
        .statusCode,
    ).toBeLessThan(300);
    await s.waitFor((e) => e.event === 'expired', 3000);
    expect(s.ended()).toBe(true);
    const anon = await openStream(base, 'Bearer nonsense');
    expect(anon.status).toBe(401);
    anon.close();
  });
});

describe('live updates across processes', () => {
  let other: Proc | null = null;
  afterAll(async () => other?.stop());

  it('carries a change made through one process to a client of another (PostgreSQL LISTEN/NOTIFY)', async (ctx) => {
    if (t.engine !== 'postgres') {
      process.stdout.write(
        '  skipped: a PGlite database belongs to one process; cross-process fan-out needs PostgreSQL (TEST_DATABASE_URL)\n',
      );
      ctx.skip();
      return;
    }
    other = await startProc('server', {
      databaseUrl: t.services.config.databaseUrl!,
      dataDir: inject('dataDir'),
    });
    const baseB = `http://127.0.0.1:${other.port}`;
    const login = await fetch(`${baseB}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'town1', password: 'Fengqiao@2026' }),
    });
    const token = `Bearer ${((await login.json()) as { token: string }).token}`;
    const s = await openStream(baseB, token);
    await s.waitFor((e) => e.event === 'ready');
    const grid = await t.actorOf('grid');
    const id = await reportRepair(t.services, grid, grid.scopePath, '跨进程');
    await assign('town1', id);
    const got = await s.waitFor(
      (e) => e.event === 'case' && e.data.id === id && e.data.action === 'assign',
      10_000,
    );
    expect(got.data).toMatchObject({ kind: 'testRepair', state: 'assigned' });
    await s.waitFor((e) => e.event === 'notification' || e.event === 'case', 1000);
    s.close();
  });
});
