import { boot } from '../boot';
import { loadConfig } from '../config';
import {
  analyzeEvents,
  countEvents,
  createIndexes,
  dropSecondaryIndexes,
  loadSyntheticBatch,
  rebuildRollups,
} from '../modules/events/events-load.repo';

/**
 * `npm run events:load -- <count> [days]`: adds <count> synthetic events (default 1,000,000) spread over the
 * last [days] days (default 365) to the database in DATABASE_URL (or the PGlite data directory), in
 * batches of 200,000 generated inside the database, then rebuilds the rollups. For the benchmarks at
 * 10 million events (queue, case detail, cockpit). The demo district is created first if the database is empty.
 */
const count = Number(process.argv[2] ?? 1_000_000);
const days = Number(process.argv[3] ?? 365);
const BATCH = 200_000;
/** From this many rows on, dropping and rebuilding the indexes beats keeping them up to date. */
const INDEX_REBUILD_FROM = 500_000;
if (!Number.isInteger(count) || count < 1) {
  process.stderr.write('usage: events-load <count> [days]\n');
  process.exit(2);
}
const runtime = await boot({ ...loadConfig(), workers: false }, { workers: false });
const out = process.stdout;
try {
  await runtime.services.events.categories();
  const orm = runtime.services.db.orm;
  const t0 = performance.now();
  // A big load goes faster into bare tables: the secondary indexes are dropped now and built once at the end.
  const rebuild = count >= INDEX_REBUILD_FROM ? await dropSecondaryIndexes(orm) : [];
  if (rebuild.length) out.write(`dropped ${rebuild.length} secondary indexes for the load\n`);
  let done = 0;
  try {
    while (done < count) {
      const n = Math.min(BATCH, count - done);
      const t = performance.now();
      await loadSyntheticBatch(orm, n, days);
      done += n;
      const s = (performance.now() - t) / 1000;
      out.write(
        `  ${done.toLocaleString('en')} / ${count.toLocaleString('en')} (${Math.round(n / s).toLocaleString('en')} rows/s)\n`,
      );
    }
  } finally {
    const ti = performance.now();
    await createIndexes(orm, rebuild);
    if (rebuild.length)
      out.write(`rebuilt ${rebuild.length} indexes in ${((performance.now() - ti) / 1000).toFixed(1)} s\n`);
  }
  const tr = performance.now();
  await rebuildRollups(orm);
  await analyzeEvents(orm);
  out.write(`rollups rebuilt in ${((performance.now() - tr) / 1000).toFixed(1)} s\n`);
  out.write(
    `loaded ${count.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(1)} s; table now holds ${(await countEvents(orm)).toLocaleString('en')}\n`,
  );
} finally {
  await runtime.stop();
}
