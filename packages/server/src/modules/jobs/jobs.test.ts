import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appQuery, inTxQuery, ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { backoffMs } from './jobs.service';

let t: TestApp;
const q = <R>(text: string) => ownerQuery<R>(t, text);

beforeAll(async () => {
  t = await createTestApp();
  await q('CREATE TABLE job_probe (job_id bigint NOT NULL, n int NOT NULL)');
  await q('GRANT SELECT, INSERT ON job_probe TO fengqiao_app');
  const { jobs } = t.services;
  jobs.handle('test.probe', async (job) => {
    await inTxQuery(`INSERT INTO job_probe (job_id, n) VALUES (${job.id}, ${job.attempts})`);
  });
  let flaky = 0;
  jobs.handle(
    'test.flaky',
    async () => {
      flaky++;
      if (flaky < 3) throw new Error(`receiver down (${flaky})`);
    },
    { baseDelayMs: 1000, maxDelayMs: 60_000 },
  );
  jobs.handle(
    'test.broken',
    async (job) => {
      await inTxQuery(`INSERT INTO job_probe (job_id, n) VALUES (${job.id}, -1)`);
      throw new Error('always fails');
    },
    { baseDelayMs: 1000 },
  );
});
afterAll(async () => t?.close());

describe('job runner', () => {
  it('runs a due job once, with its writes in the same transaction', async () => {
    const [id] = await t.services.jobs.enqueue({ type: 'test.probe' });
    const [later] = await t.services.jobs.enqueue({
      type: 'test.probe',
      runAt: new Date(Date.now() + 3_600_000),
    });
    await t.services.jobs.runDue();
    await t.services.jobs.runDue();
    expect(await q(`SELECT job_id, n FROM job_probe WHERE job_id IN (${id}, ${later})`)).toEqual([
      { job_id: id, n: 1 },
    ]);
    const [row] = await q<{ status: string }>(`SELECT status FROM jobs WHERE id = ${id}`);
    expect(row!.status).toBe('done');
    // The timer fires when its time comes.
    await t.services.jobs.runDue({ asOf: new Date(Date.now() + 3_700_000) });
    expect(await q(`SELECT n FROM job_probe WHERE job_id = ${later}`)).toEqual([{ n: 1 }]);
  });

  it('schedules a deduplicated timer once and cancels a group', async () => {
    const at = new Date(Date.now() + 86_400_000);
    const a = await t.services.jobs.enqueue({
      type: 'test.probe',
      runAt: at,
      dedupeKey: 'dedupe:1',
      ref: 'grp:1',
    });
    const b = await t.services.jobs.enqueue({
      type: 'test.probe',
      runAt: at,
      dedupeKey: 'dedupe:1',
      ref: 'grp:1',
    });
    expect(a).toHaveLength(1);
    expect(b).toEqual([]);
    expect(await t.services.jobs.cancel('grp:1')).toBe(1);
    await t.services.jobs.runDue({ asOf: new Date(+at + 1000) });
    expect(await q(`SELECT * FROM job_probe WHERE job_id = ${a[0]}`)).toEqual([]);
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const [id] = await t.services.jobs.enqueue({ type: 'test.flaky' });
    const start = Date.now();
    await t.services.jobs.runDue();
    let [row] = await q<{ status: string; attempts: number; last_error: string; run_at: Date }>(
      `SELECT status, attempts, last_error, run_at FROM jobs WHERE id = ${id}`,
    );
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'receiver down (1)' });
    const first = +new Date(row!.run_at) - start;
    expect(first).toBeGreaterThanOrEqual(700);
    expect(first).toBeLessThan(2500);
    // Due again at run_at; failing again doubles the wait (2 s ± 20%), so it is not due at that instant.
    await t.services.jobs.runDue({ asOf: new Date(row!.run_at) });
    [row] = await q(`SELECT status, attempts, last_error, run_at FROM jobs WHERE id = ${id}`);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: 'receiver down (2)' });
    await t.services.jobs.runDue({ asOf: new Date(Date.now() + 60_000) });
    [row] = await q(`SELECT status, attempts FROM jobs WHERE id = ${id}`);
    expect(row).toMatchObject({ status: 'done', attempts: 3 });
    expect(backoffMs(1, 1000, 60_000, 0.5)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, 0.5)).toBe(8000);
    expect(backoffMs(20, 1000, 60_000, 0.5)).toBe(60_000);
  });

  it('dead-letters after its tries, rolls back a failed attempt, and an admin can retry it', async () => {
    const [id] = await t.services.jobs.enqueue({ type: 'test.broken', maxAttempts: 3 });
    for (let i = 0; i < 5; i++)
      await t.services.jobs.runDue({ asOf: new Date(Date.now() + (i + 1) * 600_000) });
    const [row] = await q<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM jobs WHERE id = ${id}`,
    );
    expect(row).toMatchObject({ status: 'dead', attempts: 3 });
    // Each failed attempt's own writes were rolled back.
    expect(await q(`SELECT * FROM job_probe WHERE job_id = ${id}`)).toEqual([]);

    const dead = await t.as('admin', { method: 'GET', url: '/api/v1/jobs?status=dead' });
    expect(dead.statusCode).toBe(200);
    expect(dead.json().items.find((j: { id: number }) => j.id === id)).toMatchObject({
      type: 'test.broken',
      status: 'dead',
      attempts: 3,
      lastError: 'always fails',
    });
    const stats = (await t.as('admin', { method: 'GET', url: '/api/v1/jobs/stats' })).json();
    expect(stats.dead).toBeGreaterThanOrEqual(1);
    const retry = await t.as('admin', { method: 'POST', url: `/api/v1/jobs/${id}/retry` });
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toMatchObject({ status: 'pending', attempts: 0 });
    const again = await t.as('admin', { method: 'POST', url: `/api/v1/jobs/${id}/retry` });
    expect(again.statusCode).toBe(200); // a pending (failed) job may be pushed to run now as well
    const done = await t.as('admin', { method: 'POST', url: '/api/v1/jobs/999999/retry' });
    expect(done.statusCode).toBe(404);
    expect((await t.as('town1', { method: 'GET', url: '/api/v1/jobs' })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/jobs' })).statusCode).toBe(401);
    expect((await t.as('admin', { method: 'GET', url: '/api/v1/jobs?status=lost' })).statusCode).toBe(400);
    const audit = await t.as('auditor', { method: 'GET', url: '/api/v1/audit?action=job.retry' });
    expect(audit.json().total).toBeGreaterThanOrEqual(1);
  });

  it('takes over a job whose worker died (lease expired) and never runs it twice', async () => {
    const [id] = await t.services.jobs.enqueue({ type: 'test.probe' });
    // Another process claimed it and died: its lease ran out a minute ago.
    await q(
      `UPDATE jobs SET status = 'running', locked_by = 'dead-worker', attempts = 1,
        locked_until = now() - interval '1 minute' WHERE id = ${id}`,
    );
    await t.services.jobs.runDue();
    expect(await q(`SELECT n FROM job_probe WHERE job_id = ${id}`)).toEqual([{ n: 2 }]);
    // A worker whose lease was taken over cannot finish the job any more.
    const finished = await appQuery(
      t,
      `UPDATE jobs SET status = 'done' WHERE id = ${id} AND locked_by = 'dead-worker' RETURNING id`,
    );
    expect(finished).toEqual([]);
  });

  it('re-arms a recurring job after each run', async () => {
    await t.services.jobs.ensureRecurring('test.probe', 60_000);
    await t.services.jobs.ensureRecurring('test.probe', 60_000);
    const rows = await q<{ id: number }>(`SELECT id FROM jobs WHERE dedupe_key = 'recurring:test.probe'`);
    expect(rows).toHaveLength(1);
    await t.services.jobs.runDue();
    const [after] = await q<{ status: string; run_at: Date }>(
      `SELECT status, run_at FROM jobs WHERE id = ${rows[0]!.id}`,
    );
    expect(after!.status).toBe('pending');
    expect(+new Date(after!.run_at)).toBeGreaterThan(Date.now() + 50_000);
  });

  it('takes the cadence the code now asks for when a recurring job already exists', async () => {
    await t.services.jobs.ensureRecurring('test.cadence', 1_000);
    await t.services.jobs.ensureRecurring('test.cadence', 5_000);
    const rows = await q<{ every_ms: number }>(
      `SELECT every_ms FROM jobs WHERE dedupe_key = 'recurring:test.cadence'`,
    );
    expect(rows.map((r) => Number(r.every_ms))).toEqual([5_000]);
  });
});
