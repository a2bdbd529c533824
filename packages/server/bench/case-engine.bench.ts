// Case-engine benchmarks (issue #3): timers fired per second with 1 and 3 processes, outbox deliveries per
// second to a local webhook sink, transition latency under 32 concurrent clients; on PGlite and PostgreSQL.
// `npm run bench -- case-engine`. Every loop is bounded in count and time and talks only to 127.0.0.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBench } from '../../../scripts/bench/kit';
import { buildApp } from '../src/app';
import { boot, type Runtime } from '../src/boot';
import { SYSTEM_ACTOR, transaction } from '../src/db/context';
import { freshPglite, freshPostgres } from '../test/bench-db';
import { installTestKind, reportRepair } from '../test/case-kind';
import { appQuery, inTxQuery, ownerQuery } from '../test/db';
import { startProc } from '../test/procs/spawn';
import { testConfig } from '../test/test-env';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 2_000);
const CLIENTS = 32;
const PER_CLIENT = Number(process.env.BENCH_PER_CLIENT ?? 25);
const LIMIT_MS = 300_000;

type Row = { engine: string; metric: string; value: string; note: string };
const rows: Row[] = [];

async function waitUntil(check: () => Promise<boolean>, what: string) {
  const end = Date.now() + LIMIT_MS;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const asT = (rt: Runtime) => ({ services: rt.services }) as never;
const count = async (rt: Runtime, text: string) =>
  Number((await ownerQuery<{ n: number }>(asT(rt), text))[0]!.n);

async function prepare(rt: Runtime) {
  await ownerQuery(
    asT(rt),
    'CREATE TABLE IF NOT EXISTS timer_fired (job_id bigint NOT NULL, proc text NOT NULL)',
  );
  await ownerQuery(asT(rt), 'GRANT SELECT, INSERT ON timer_fired TO fengqiao_app');
  await installTestKind(rt.services);
}

async function enqueueTimers(rt: Runtime, n: number) {
  await appQuery(asT(rt), `DELETE FROM timer_fired`);
  for (let i = 0; i < n; i += 1000)
    await rt.services.jobs.enqueue(
      Array.from({ length: Math.min(1000, n - i) }, () => ({ type: 'test.timer', runAt: new Date() })),
    );
}

const timersDone = (rt: Runtime) =>
  count(rt, `SELECT count(*)::int AS n FROM jobs WHERE type = 'test.timer' AND status = 'pending'`).then(
    (n) => n === 0,
  );

/** Timers fired per second: N due timers, then the workers start; time until the last one has run. */
async function benchTimers(rt: Runtime, engine: string, procs: number, url: string | null, dataDir: string) {
  await enqueueTimers(rt, TIMERS);
  const t0 = performance.now();
  if (url) {
    const started = await Promise.all(
      Array.from({ length: procs }, (_, i) =>
        startProc('timers', { databaseUrl: url, dataDir, label: `p${i + 1}` }),
      ),
    );
    // Process start-up is not timer work: count from when all are up.
    const t1 = performance.now();
    const before = await count(rt, 'SELECT count(*)::int AS n FROM timer_fired');
    await waitUntil(() => timersDone(rt), 'timers');
    const secs = (performance.now() - t1) / 1000;
    await Promise.all(started.map((p) => p.stop()));
    const fired = await count(rt, 'SELECT count(*)::int AS n FROM timer_fired');
    const dup = await count(
      rt,
      'SELECT count(*)::int AS n FROM (SELECT job_id FROM timer_fired GROUP BY job_id HAVING count(*) > 1) d',
    );
    rows.push({
      engine,
      metric: `timers fired / s, ${procs} process${procs > 1 ? 'es' : ''}`,
      value: Math.round((fired - before) / secs).toLocaleString('en'),
      note: `${fired.toLocaleString('en')} timers (${before} fired during start-up), ${dup} duplicates`,
    });
    return;
  }
  rt.services.jobs.handle('test.timer', async (job) => {
    await inTxQuery(`INSERT INTO timer_fired (job_id, proc) VALUES (${job.id}, 'p1')`);
  });
  const stop = await rt.services.jobs.start({ pollMs: 50, batch: 100, concurrency: 1 });
  await waitUntil(() => timersDone(rt), 'timers');
  const secs = (performance.now() - t0) / 1000;
  await stop();
  const fired = await count(rt, 'SELECT count(*)::int AS n FROM timer_fired');
  rows.push({
    engine,
    metric: 'timers fired / s, 1 process',
    value: Math.round(fired / secs).toLocaleString('en'),
    note: `${fired.toLocaleString('en')} timers`,
  });
}

/** Outbox deliveries per second to a local webhook sink that always answers 200. */
async function benchOutbox(rt: Runtime, engine: string) {
  let received = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const port = (sink.address() as { port: number }).port;
  const district = (await rt.services.territory.dir()).byCode.get('350199')!;
  await rt.services.messages.createSubscription(SYSTEM_ACTOR, {
    kind: 'webhook',
    name: 'bench sink',
    url: `http://127.0.0.1:${port}/sink`,
    secret: 'bench-secret',
    types: ['system.test'],
    regionPath: district.regionPath,
  });
  // Written in batches of 200 per transaction, as a burst of case changes would write them.
  for (let i = 0; i < MESSAGES; i += 200)
    await transaction(rt.services.db, SYSTEM_ACTOR, async () => {
      for (let j = i; j < Math.min(i + 200, MESSAGES); j++)
        await rt.services.messages.send({
          type: 'system.test',
          params: { time: String(j) },
          channels: ['webhook'],
          regionPath: district.regionPath,
        });
    });
  const concurrency = engine === 'PGlite' ? 4 : 8;
  const t0 = performance.now();
  const stop = await rt.services.jobs.start({ pollMs: 20, batch: 100, concurrency });
  await waitUntil(
    async () => (await count(rt, `SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`)) === 0,
    'outbox',
  );
  const secs = (performance.now() - t0) / 1000;
  await stop();
  sink.close();
  rows.push({
    engine,
    metric: 'outbox deliveries / s (signed webhook, local sink)',
    value: Math.round(received / secs).toLocaleString('en'),
    note: `${received.toLocaleString('en')} messages, ${concurrency} at a time, 1 process`,
  });
}

/** Transition latency: 32 clients, each on its own case, taking `note` actions over HTTP (keep-alive). */
async function benchTransitions(rt: Runtime, engine: string) {
  const app = await buildApp(rt.services, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'town1', password: 'Fengqiao@2026' }),
  });
  const token = `Bearer ${((await login.json()) as { token: string }).token}`;
  const users = await rt.services.users.list(SYSTEM_ACTOR, { q: 'grid' }, 5, 0);
  const g = users.rows.find((u) => u.username === 'grid')!;
  const grid = {
    userId: g.id,
    username: g.username,
    roles: g.roles,
    scopePath: g.regionPath,
    departmentId: null,
  };
  const ids: number[] = [];
  for (let i = 0; i < CLIENTS; i++)
    ids.push(await reportRepair(rt.services, grid, grid.scopePath, `压测${i}`));
  const latencies: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    ids.map(async (id, c) => {
      for (let i = 0; i < PER_CLIENT; i++) {
        const s = performance.now();
        const res = await fetch(`${base}/api/v1/cases/testRepair/${id}/transitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: token },
          body: JSON.stringify({ action: 'note', comment: `客户端${c}第${i}次` }),
        });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`transition answered ${res.status}`);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  await app.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  rows.push({
    engine,
    metric: `transition latency p50 / p99, ${CLIENTS} clients`,
    value: `${pct(50).toFixed(1)} ms / ${pct(99).toFixed(1)} ms`,
    note: `${latencies.length.toLocaleString('en')} transitions over HTTP, ${Math.round(latencies.length / secs)} / s`,
  });
}

async function pgliteRun() {
  const dataDir = mkdtempSync(join(tmpdir(), 'fq-bench-'));
  const pglite = await freshPglite();
  const rt = await boot(testConfig(dataDir, undefined, { LOG_LEVEL: 'silent' }), { pglite, workers: false });
  try {
    await prepare(rt);
    await benchTimers(rt, 'PGlite', 1, null, dataDir);
    await benchOutbox(rt, 'PGlite');
    await benchTransitions(rt, 'PGlite');
  } finally {
    await rt.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresRun(url: string) {
  const db = await freshPostgres(url);
  const dataDir = mkdtempSync(join(tmpdir(), 'fq-bench-'));
  const rt = await boot(testConfig(dataDir, db.url, { LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '40' }), {
    workers: false,
  });
  try {
    await prepare(rt);
    await benchTimers(rt, 'PostgreSQL', 1, db.url, dataDir);
    await benchTimers(rt, 'PostgreSQL', 3, db.url, dataDir);
    await benchOutbox(rt, 'PostgreSQL');
    await benchTransitions(rt, 'PostgreSQL');
  } finally {
    await rt.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export default defineBench({
  title: 'Case engine: timers, outbox deliveries, transitions',
  description:
    'Timers: 10,000 due jobs, each fired in its own transaction that also marks it done (exactly once), ' +
    'claimed with FOR UPDATE SKIP LOCKED; on PostgreSQL by 1 and by 3 separate worker processes (counted from ' +
    'when all are up), on PGlite by the one in-process runner. Outbox: 2,000 messages, each signed ' +
    '(HMAC-SHA256) and POSTed to a webhook sink on 127.0.0.1, then marked delivered. Transitions: 32 clients, ' +
    'each on its own case, taking `note` actions through POST /api/v1/cases/testRepair/:id/transitions over ' +
    'keep-alive HTTP (load in scope, check, versioned update, timeline, audit, live NOTIFY); the load loop ' +
    'shares the 2 cores with the server, so figures are lower bounds.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    rows.length = 0;
    if (ctx.engine === 'postgres') await postgresRun(ctx.databaseUrl!);
    else await pgliteRun();
    return {
      settings: {
        timers: TIMERS,
        messages: MESSAGES,
        clients: CLIENTS,
        'transitions per client': PER_CLIENT,
      },
      tables: [
        { columns: ['metric', 'result', 'notes'], rows: rows.map((r) => [r.metric, r.value, r.note]) },
      ],
      notes: [
        'PGlite is one in-process connection: every transaction waits its turn, so latency under 32 clients ' +
          'is mostly queueing. Several processes need PostgreSQL.',
      ],
    };
  },
});
