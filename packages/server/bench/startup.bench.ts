import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineBench, fmt, fmtMs, median } from '../../../scripts/bench/kit';
import { freshDatabase, type RunningServer, serverEnv, startServer } from './support';

const COLD_RUNS = 3;
const WARM_RUNS = 3;

function dirBytes(path: string): number {
  let n = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, e.name);
    n += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

function rssMiB(server: RunningServer): number {
  try {
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
  } catch {
    return Number.NaN;
  }
}

export default defineBench({
  title: 'Server start: cold (empty data) and warm',
  description:
    'Time from spawning the built server (`node packages/server/dist/main.js`, after `node scripts/build.mjs`) ' +
    'until GET /api/health answers `status: ok`. Cold: an empty data directory (PGlite) or a new empty database ' +
    '(PostgreSQL), so the time includes creating the keys, running every migration, the row-level-security pass ' +
    'and seeding the demo district (830 regions with boundaries, departments, 821 posts, 13 accounts hashed with ' +
    'argon2id at the default cost). Warm: the same data again, already migrated and seeded.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    const cold: number[] = [];
    const warm: number[] = [];
    const coldOwn: number[] = [];
    const warmOwn: number[] = [];
    // What starting an empty Node process costs here, to subtract in one's head.
    const bare: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '']);
      bare.push(performance.now() - t);
    }
    const rss: number[] = [];
    let pgdataBytes = Number.NaN;
    for (let i = 0; i < COLD_RUNS; i++) {
      const dataDir = ctx.tempDir('start');
      const db = ctx.engine === 'postgres' ? await freshDatabase(ctx.databaseUrl!) : null;
      try {
        const env = serverEnv(dataDir, db?.url ?? null);
        const first = await startServer(ctx.root, env);
        cold.push(first.readyMs);
        if (first.startedInMs !== null) coldOwn.push(first.startedInMs);
        await first.stop();
        ctx.log(`cold ${i + 1}: ${fmtMs(first.readyMs)}`);
        // Warm starts on the first directory only: they do not depend on which cold run made it.
        if (i === 0) {
          for (let k = 0; k < WARM_RUNS; k++) {
            const again = await startServer(ctx.root, env);
            warm.push(again.readyMs);
            if (again.startedInMs !== null) warmOwn.push(again.startedInMs);
            rss.push(rssMiB(again));
            await again.stop();
            ctx.log(`warm ${k + 1}: ${fmtMs(again.readyMs)}`);
          }
          if (ctx.engine === 'pglite') pgdataBytes = dirBytes(join(dataDir, 'pgdata'));
        }
      } finally {
        await db?.drop();
      }
    }
    const row = (what: string, xs: number[]) => [
      what,
      xs.length,
      fmtMs(median(xs)),
      fmtMs(Math.min(...xs)),
      fmtMs(Math.max(...xs)),
    ];
    return {
      settings: {
        'cold runs': COLD_RUNS,
        'warm runs': WARM_RUNS,
        'argon2id cost': 'm = 19,456 KiB, t = 2, p = 1 (default)',
        'health poll interval': '10 ms',
        workers: 'off (FENGQIAO_WORKERS=false)',
      },
      tables: [
        {
          columns: ['start', 'runs', 'median', 'fastest', 'slowest'],
          rows: [
            row('cold: spawn → healthy (empty data → migrate + demo district)', cold),
            row('cold: the server’s own count, main() → listening', coldOwn),
            row('warm: spawn → healthy (existing data)', warm),
            row('warm: the server’s own count, main() → listening', warmOwn),
          ],
        },
      ],
      notes: [
        `Resident memory of the server right after a warm start: ${fmt(median(rss))} MiB (median).`,
        ...(Number.isFinite(pgdataBytes)
          ? [`PGlite data directory after seeding: ${fmt(pgdataBytes / 1024 / 1024)} MiB.`]
          : []),
        `An empty Node process (\`node -e ''\`) starts in ${fmtMs(median(bare))} here (median of 5); spawn → main() is loading the bundle and its dependencies (PGlite, Fastify, the document renderers).`,
      ],
    };
  },
});
