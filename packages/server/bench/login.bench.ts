import { defineBench, fmt, fmtMs, median } from '../../../scripts/bench/kit';
import { loadConfig } from '../src/config';
import { createPasswordHasher } from '../src/platform/passwords';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/seed/demo-data';
import { freshDatabase, httpLoad, seedDatabase, serverEnv, startServer } from './support';

const LEVELS = [1, 2, 4, 8, 16];
const SECONDS = 8;

export default defineBench({
  title: 'Sign-in: POST /api/v1/auth/login per second',
  description:
    'Successful sign-ins over HTTP against the built server, rotating over the 13 demo accounts, at several ' +
    'concurrency levels. Each sign-in verifies an argon2id hash at the default cost (the OWASP floor: ' +
    'm = 19,456 KiB, t = 2, p = 1), writes a session row and an audit entry. argon2 runs on the libuv thread ' +
    'pool (4 threads by default) and the machine has 2 cores, so throughput tops out at about two hashes at a ' +
    'time; the cost is a setting (FENGQIAO_ARGON2_MEMORY_KIB, FENGQIAO_ARGON2_TIME) and deliberately slow.',
  engines: ['pglite', 'postgres'],
  async run(ctx) {
    const dataDir = ctx.tempDir('login');
    const db = ctx.engine === 'postgres' ? await freshDatabase(ctx.databaseUrl!) : null;
    try {
      const env = serverEnv(dataDir, db?.url ?? null);
      await seedDatabase(env);
      // The cost of one hash check on its own, in this process, for reference.
      const hasher = createPasswordHasher(loadConfig(env).argon2);
      const hash = await hasher.hash(DEMO_PASSWORD);
      const singles: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = performance.now();
        await hasher.verify(hash, DEMO_PASSWORD);
        singles.push(performance.now() - t);
      }
      ctx.log(`one argon2id verify: ${fmtMs(median(singles))}`);
      const server = await startServer(ctx.root, env);
      const rows: (string | number)[][] = [];
      try {
        const users = DEMO_ACCOUNTS.map((a) => a.username);
        const body = (i: number) =>
          JSON.stringify({ username: users[i % users.length], password: DEMO_PASSWORD });
        await httpLoad({
          url: server.url,
          method: 'POST',
          path: () => '/api/v1/auth/login',
          body,
          concurrency: 2,
          durationMs: 2000,
        });
        for (const c of LEVELS) {
          const r = await httpLoad({
            url: server.url,
            method: 'POST',
            path: () => '/api/v1/auth/login',
            body,
            concurrency: c,
            durationMs: SECONDS * 1000,
          });
          ctx.log(`c=${c}: ${fmt(r.rps)} sign-ins/s, p50 ${fmtMs(r.p50)}`);
          rows.push([
            c,
            r.requests,
            fmt(r.rps),
            fmt(r.p50),
            fmt(r.p95),
            fmt(r.p99),
            Object.entries(r.statuses)
              .map(([k, v]) => `${k}×${v}`)
              .join(' '),
          ]);
        }
      } finally {
        await server.stop();
      }
      return {
        settings: {
          'argon2id cost': 'm = 19,456 KiB, t = 2, p = 1 (default)',
          'libuv thread pool': process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
          accounts: `${DEMO_ACCOUNTS.length} demo accounts in rotation`,
          'run per level': `${SECONDS} s after a 2 s warm-up`,
        },
        tables: [
          {
            columns: ['concurrency', 'sign-ins', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'answers'],
            rows,
          },
        ],
        notes: [
          `One argon2id verification alone takes ${fmtMs(median(singles))} (median of 10) in the benchmark process.`,
          'Every answer should be 200; anything else is listed under answers.',
        ],
      };
    } finally {
      await db?.drop();
    }
  },
});
