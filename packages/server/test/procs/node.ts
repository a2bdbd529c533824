// A second (or third) server process for the multi-process tests: the same code as production, booted
// against the test database. Prints one line `READY <json>` when it is up; stops on SIGTERM.
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { boot } from '../../src/boot';
import { tx } from '../../src/db/context';
import { installTestKind } from '../case-kind';
import { testConfig } from '../test-env';

const mode = process.argv[2] ?? 'server';
const label = process.env.FQ_PROC_LABEL ?? String(process.pid);
const config = testConfig(process.env.FQ_DATA_DIR!, process.env.FQ_DATABASE_URL, { FENGQIAO_DEMO: 'false' });
const runtime = await boot(config, {
  workers: mode === 'timers',
  runner: { pollMs: 50, concurrency: 4, batch: 40 },
  beforeWorkers: async (s) => {
    if (mode === 'server') await installTestKind(s);
    s.jobs.handle('test.timer', async (job) => {
      await tx().execute(sql`INSERT INTO timer_fired (job_id, proc) VALUES (${job.id}, ${label})`);
    });
  },
});
let app: FastifyInstance | null = null;
let port = 0;
if (mode === 'server') {
  app = await buildApp(runtime.services, { logger: false, heartbeatMs: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
}
process.stdout.write(`READY ${JSON.stringify({ port, pid: process.pid })}\n`);
process.on('SIGTERM', async () => {
  await app?.close();
  await runtime.stop();
  process.exit(0);
});
