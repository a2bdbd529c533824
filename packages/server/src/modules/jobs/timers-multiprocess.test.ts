import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Proc, startProc } from '../../../test/procs/spawn';

const TIMERS = 10_000;
const PROCS = 3;

let t: TestApp;
const procs: Proc[] = [];
const q = <R>(text: string) => ownerQuery<R>(t, text);

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop()));
  await t?.close();
});

describe('durable timers across processes', () => {
  it(`fires ${TIMERS} timers exactly once with ${PROCS} server processes on one PostgreSQL`, {
    timeout: 240_000,
  }, async (ctx) => {
    if (t.engine !== 'postgres') {
      process.stdout.write(
        '  skipped: several processes need PostgreSQL (a PGlite database belongs to one process); set TEST_DATABASE_URL\n',
      );
      ctx.skip();
      return;
    }
    await q(
      `CREATE TABLE timer_fired (job_id bigint NOT NULL, proc text NOT NULL, fired_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await q('GRANT SELECT, INSERT ON timer_fired TO fengqiao_app');
    const env = { databaseUrl: t.services.config.databaseUrl!, dataDir: inject('dataDir') };
    procs.push(
      ...(await Promise.all(
        Array.from({ length: PROCS }, (_, i) => startProc('timers', { ...env, label: `p${i + 1}` })),
      )),
    );

    // Timers due over the next two seconds, written in batches as a busy day of cases would.
    const start = Date.now() + 500;
    for (let i = 0; i < TIMERS; i += 1000) {
      await t.services.jobs.enqueue(
        Array.from({ length: Math.min(1000, TIMERS - i) }, (_, j) => ({
          type: 'test.timer',
          runAt: new Date(start + ((i + j) % 2000)),
          payload: { n: i + j },
        })),
      );
    }
    const deadline = Date.now() + 180_000;
    let done = 0;
    while (Date.now() < deadline) {
      done = Number(
        (
          await q<{ n: number }>(
            `SELECT count(*)::int AS n FROM jobs WHERE type = 'test.timer' AND status = 'done'`,
          )
        )[0]!.n,
      );
      if (done === TIMERS) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(done).toBe(TIMERS);
    const [fired] = await q<{ n: number; distinct_jobs: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT job_id)::int AS distinct_jobs FROM timer_fired',
    );
    expect(fired).toEqual({ n: TIMERS, distinct_jobs: TIMERS });
    const twice = await q('SELECT job_id FROM timer_fired GROUP BY job_id HAVING count(*) > 1');
    expect(twice).toEqual([]);
    const early = await q(
      `SELECT f.job_id FROM timer_fired f JOIN jobs j ON j.id = f.job_id WHERE f.fired_at < j.run_at LIMIT 5`,
    );
    expect(early, 'no timer may fire before its time').toEqual([]);
    const perProc = await q<{ proc: string; n: number }>(
      'SELECT proc, count(*)::int AS n FROM timer_fired GROUP BY proc ORDER BY proc',
    );
    expect(perProc.map((p) => p.proc)).toEqual(['p1', 'p2', 'p3']);
    process.stdout.write(`  timers per process: ${perProc.map((p) => `${p.proc}=${p.n}`).join(', ')}\n`);
  });
});
