import { defineBench, fmt, percentile } from '../../../scripts/bench/kit';
import { countEvents, loadSyntheticBatch, rebuildRollups } from '../src/modules/events/events-load.repo';
import { DEMO_PASSWORD } from '../src/seed/demo-data';
import { freshDatabase, login, seedDatabase, serverEnv, startServer } from './support';

/**
 * Size: BENCH_EVENTS (default 1,000,000 on PostgreSQL, 100,000 on PGlite). BENCH_EVENTS_DATABASE_URL (or
 * BENCH_EVENTS_DB) may name an existing PostgreSQL database already filled with `npm run events:load`
 * (then nothing is loaded and the database is kept), so a 10-million-event database is loaded once.
 */
const SAMPLES = 300;

async function timed(
  url: string,
  auth: string,
  path: string,
): Promise<{ ms: number; status: number; body: unknown }> {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers: { authorization: auth } });
  const body = await res.json();
  return { ms: performance.now() - t, status: res.status, body };
}

export default defineBench({
  title: 'Event queue and case detail with millions of events',
  description:
    'Synthetic events generated inside the database by the loader (`npm run events:load`, one INSERT … SELECT ' +
    'over generate_series per 200,000 rows, with an open timeline entry each and the rollups rebuilt), spread ' +
    'over a year and the 741 demo grids, 85% finished. Then, one request at a time against the built server: ' +
    'the dispatch queue first page for the district dispatcher (newest 20), a filtered page (open states, one ' +
    'category class, one town, page 2 by keyset cursor), and the case detail GET /api/v1/events/:id with its ' +
    'timeline, clocks, actions, whistles, supervisions and duplicate suggestions, for random ids.',
  engines: ['postgres', 'pglite'],
  async run(ctx) {
    const size = Number(process.env.BENCH_EVENTS ?? (ctx.engine === 'postgres' ? 1_000_000 : 100_000));
    const existing =
      ctx.engine === 'postgres'
        ? (process.env.BENCH_EVENTS_DATABASE_URL ?? process.env.BENCH_EVENTS_DB)
        : undefined;
    const dataDir = ctx.tempDir('events-queue');
    const db = ctx.engine === 'postgres' && !existing ? await freshDatabase(ctx.databaseUrl!) : null;
    const dbUrl = existing ?? db?.url ?? null;
    try {
      const env = serverEnv(dataDir, dbUrl);
      const t0 = performance.now();
      const total = await seedDatabase(env, async (rt) => {
        await rt.services.events.categories();
        if (!existing) {
          for (let done = 0; done < size; done += 200_000) {
            await loadSyntheticBatch(rt.services.db.orm, Math.min(200_000, size - done), 365);
            ctx.log(`loaded ${Math.min(size, done + 200_000)}`);
          }
          await rebuildRollups(rt.services.db.orm);
        }
        return countEvents(rt.services.db.orm);
      });
      const loadSeconds = (performance.now() - t0) / 1000;
      const server = await startServer(ctx.root, env);
      try {
        const auth = await login(server.url, 'dispatcher', DEMO_PASSWORD);
        const me = (await (
          await fetch(`${server.url}/api/v1/me`, { headers: { authorization: auth } })
        ).json()) as {
          scope: { path: string };
        };
        const towns = (
          (await (
            await fetch(`${server.url}/api/v1/regions/tree?depth=2`, { headers: { authorization: auth } })
          ).json()) as { items: { path: string; level: string }[] }
        ).items.filter((r) => r.level === 'town');
        const measure = async (label: string, path: (i: number) => string) => {
          for (let i = 0; i < 20; i++) await timed(server.url, auth, path(i));
          const ms: number[] = [];
          const statuses = new Map<number, number>();
          for (let i = 0; i < SAMPLES; i++) {
            const r = await timed(server.url, auth, path(i));
            ms.push(r.ms);
            statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
          }
          ms.sort((a, b) => a - b);
          ctx.log(
            `${label}: p50 ${percentile(ms, 50).toFixed(1)} ms, p95 ${percentile(ms, 95).toFixed(1)} ms`,
          );
          return {
            label,
            p50: percentile(ms, 50),
            p95: percentile(ms, 95),
            p99: percentile(ms, 99),
            statuses,
          };
        };
        const first = await measure(
          'queue, first page (district, newest 20)',
          () => '/api/v1/events?limit=20',
        );
        const town = (i: number) => towns[i % towns.length]!.path;
        const filteredFirst = (i: number) =>
          `/api/v1/events?limit=20&state=dispatched,handling&category=0${1 + (i % 5)}&regionPath=${town(i)}`;
        const cursors: (number | null)[] = [];
        for (let i = 0; i < 20; i++)
          cursors.push(
            ((await timed(server.url, auth, filteredFirst(i))).body as { nextCursor: number | null })
              .nextCursor,
          );
        const filtered = await measure('queue, filtered page 2 (open states + class + town, keyset)', (i) => {
          const c = cursors[i % cursors.length];
          return `${filteredFirst(i % cursors.length)}${c ? `&before=${c}` : ''}`;
        });
        const ids = Array.from({ length: SAMPLES }, () => 1 + Math.floor(Math.random() * total));
        const detail = await measure(
          'case detail with timeline (random ids)',
          (i) => `/api/v1/events/${ids[i % ids.length]}`,
        );
        const rows = [first, filtered, detail].map((m) => [
          m.label,
          m.p50.toFixed(1),
          m.p95.toFixed(1),
          m.p99.toFixed(1),
          [...m.statuses].map(([k, v]) => `${k}×${v}`).join(' '),
        ]);
        return {
          settings: {
            events: total,
            'load time': existing
              ? 'loaded beforehand with npm run events:load'
              : `${fmt(loadSeconds, 0)} s (loader + rollups + seeding)`,
            samples: `${SAMPLES} sequential requests after 20 warm-up`,
            caller: `dispatcher (scope ${me.scope.path})`,
          },
          targets: [
            {
              what: 'queue first page p95',
              goal: '< 50 ms',
              actual: `${first.p95.toFixed(1)} ms`,
              met: first.p95 < 50,
            },
            {
              what: 'queue filtered page p95',
              goal: '< 50 ms',
              actual: `${filtered.p95.toFixed(1)} ms`,
              met: filtered.p95 < 50,
            },
            {
              what: 'case detail p95',
              goal: '< 20 ms',
              actual: `${detail.p95.toFixed(1)} ms`,
              met: detail.p95 < 20,
            },
          ],
          tables: [
            {
              title: 'Latency (ms, one request at a time)',
              columns: ['request', 'p50', 'p95', 'p99', 'answers'],
              rows,
            },
          ],
          notes: [
            'The target is 10 million events; the size above is what was loaded in this run (see settings).',
            'Server and benchmark client share the 2 cores with other work on the machine.',
          ],
        };
      } finally {
        await server.stop();
      }
    } finally {
      await db?.drop();
    }
  },
});
