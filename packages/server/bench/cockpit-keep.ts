// Loads the cockpit benchmark's data set into a database that is kept (for EXPLAIN ANALYZE and repeated
// runs against the same data): `node --import tsx packages/server/bench/cockpit-keep.ts <database-url>`.
// Sizes as in the benchmark (BENCH_SCALE, BENCH_EVENTS, …). The database must exist and be empty.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCockpitData } from './cockpit-data';
import { seedDatabase, serverEnv } from './support';

const url = process.argv[2];
if (!url) throw new Error('usage: cockpit-keep.ts <database-url>');
const env = serverEnv(mkdtempSync(join(tmpdir(), 'fq-cockpit-keep-')), url);
const data = await seedDatabase(env, (rt) =>
  loadCockpitData(rt, 'postgres', (m) => process.stderr.write(`${m}\n`)),
);
process.stdout.write(`${JSON.stringify(data.settings, null, 2)}\n`);
