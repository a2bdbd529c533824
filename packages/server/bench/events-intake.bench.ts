import { DEMO_DISTRICT_CODE, EVENT_CATEGORY_SEEDS, generateDemoDistrict } from '@fengqiao/domain';
import pg from 'pg';
import { defineBench, fmt, fmtMs } from '../../../scripts/bench/kit';
import { FOLD_ROLLUPS_EVERY_MS } from '../src/modules/events/events.service';
import { DEMO_PASSWORD } from '../src/seed/demo-data';
import { freshDatabase, httpLoad, login, seedDatabase, serverEnv, startServer } from './support';

const CONCURRENCY = 64;
const SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 60);

/** A point inside each demo grid: the mean of its outer ring (the demo grids are convex quadrilaterals). */
function gridPoints(): [number, number][] {
  return generateDemoDistrict()
    .filter((r) => r.level === 'grid' && r.boundary)
    .map((r) => {
      const b = r.boundary as { type: string; coordinates: number[][][] | number[][][][] };
      const ring = (
        b.type === 'Polygon' ? b.coordinates[0] : (b.coordinates as number[][][][])[0]![0]
      ) as number[][];
      const pts = ring.slice(0, -1);
      return [
        pts.reduce((s, p) => s + p[0]!, 0) / pts.length,
        pts.reduce((s, p) => s + p[1]!, 0) / pts.length,
      ];
    });
}

/** Pending rollup deltas when called, and the milliseconds until the server's fold job emptied the queue. */
async function foldLag(url: string): Promise<{ pending: number; ms: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const count = async () =>
      Number((await c.query('SELECT count(*)::int AS n FROM event_rollup_pending')).rows[0].n);
    const started = performance.now();
    const pending = await count();
    while ((await count()) > 0 && performance.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 20));
    return { pending, ms: Math.round(performance.now() - started) };
  } finally {
    await c.end();
  }
}

export default defineBench({
  title: 'Event intake: POST /api/v1/events at 64 concurrent clients',
  description:
    'Reports filed over HTTP by the district dispatcher (综合受理, so no photo is needed) against the built ' +
    'server with the demo district: each request validates the body, locates the grid, routes (rules, ' +
    'category default, town fallback), inserts the event, opens the case on the engine (timeline row, ' +
    'intake clock and its two timer jobs, audit entry, live NOTIFY), bumps the daily rollup and runs the ' +
    'duplicate search (pg_trgm + radius + window). Concurrent reports are written together (group commit: ' +
    'one transaction per batch of up to 64, each kind of row in one statement). Points are the centres of the ' +
    'demo grids, categories rotate over the whole catalogue, descriptions vary so the duplicate search has ' +
    'work to do. 64 keep-alive clients in a closed loop on the same 2 cores as the server.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    const dataDir = ctx.tempDir('events-intake');
    const db = ctx.engine === 'postgres' ? await freshDatabase(ctx.databaseUrl!) : null;
    try {
      // The server runs its workers as in production: the rollup fold (every second), the audit sealer
      // (every 2 s) and the job runner's polling are part of the price of an intake. BENCH_INTAKE_WORKERS=0
      // turns them off, to see what they cost.
      const workers = process.env.BENCH_INTAKE_WORKERS !== '0';
      const env = serverEnv(dataDir, db?.url ?? null, { FENGQIAO_WORKERS: String(workers) });
      await seedDatabase(env);
      const server = await startServer(ctx.root, env);
      try {
        const auth = await login(server.url, 'dispatcher', DEMO_PASSWORD);
        const points = gridPoints();
        const cats = EVENT_CATEGORY_SEEDS.map((c) => c.code);
        const words = ['垃圾', '小广告', '占道', '噪声', '积水', '井盖', '纠纷', '油烟', '违建', '路灯'];
        const body = (i: number) => {
          const p = points[(i * 7919) % points.length]!;
          return JSON.stringify({
            categoryCode: cats[i % cats.length],
            description: `基准上报 ${words[i % words.length]} ${words[(i >> 3) % words.length]} 第${i}号`,
            address: '示范区基准路',
            lng: p[0],
            lat: p[1],
            channel: 'console',
          });
        };
        const run = (durationMs: number) =>
          httpLoad({
            url: server.url,
            method: 'POST',
            headers: { authorization: auth },
            path: () => '/api/v1/events',
            body,
            concurrency: CONCURRENCY,
            durationMs,
          });
        await run(3000);
        const r = await run(SECONDS * 1000);
        ctx.log(`${fmt(r.rps)} intakes/s, p50 ${fmtMs(r.p50)}, p99 ${fmtMs(r.p99)}`);
        // How far the rollups lag when the load stops: deltas waiting, and the time until the job folded them.
        const lag = db && workers ? await foldLag(db.url) : null;
        if (lag) ctx.log(`at the end ${lag.pending} rollup deltas pending, folded within ${lag.ms} ms`);
        const target = ctx.engine === 'postgres' ? 1000 : 300;
        return {
          settings: {
            concurrency: CONCURRENCY,
            duration: `${SECONDS} s after a 3 s warm-up`,
            district: `demo district ${DEMO_DISTRICT_CODE} (${points.length} grids)`,
            'server log level': 'warn',
            workers: workers
              ? `on (rollup fold every ${FOLD_ROLLUPS_EVERY_MS / 1000} s, audit sealer every 2 s)`
              : 'off',
          },
          targets: [
            {
              what: `sustained intakes per second at ${CONCURRENCY} clients`,
              goal: `≥ ${target}`,
              actual: fmt(r.rps),
              met: r.rps >= target,
            },
          ],
          tables: [
            {
              title: 'POST /api/v1/events',
              columns: ['clients', 'requests', 'intakes/s', 'p50 ms', 'p95 ms', 'p99 ms', 'answers'],
              rows: [
                [
                  CONCURRENCY,
                  r.requests,
                  fmt(r.rps),
                  r.p50.toFixed(1),
                  r.p95.toFixed(1),
                  r.p99.toFixed(1),
                  Object.entries(r.statuses)
                    .map(([k, v]) => `${k}×${v}`)
                    .join(' '),
                ],
              ],
            },
          ],
          notes: [
            'The load generator runs on the same 2 shared cores as the server; the figure is a lower bound.',
            ...(lag
              ? [
                  `Statistics lag: when the load stopped, ${lag.pending} rollup deltas were waiting; the fold job ` +
                    `had added them to the rollups and the cube ${lag.ms} ms later (a read folds first anyway).`,
                ]
              : []),
          ],
        };
      } finally {
        await server.stop();
      }
    } finally {
      // BENCH_INTAKE_KEEP=1 leaves the PostgreSQL database in place for looking at afterwards.
      if (process.env.BENCH_INTAKE_KEEP === '1' && db) ctx.log(`database kept: ${db.url}`);
      else await db?.drop();
    }
  },
});
