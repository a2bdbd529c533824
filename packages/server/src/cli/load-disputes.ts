import { boot } from '../boot';
import { loadConfig } from '../config';

/**
 * `npm run disputes:load -- 1000000 [days]`: bulk-loads synthetic disputes (and their daily rollups) into
 * the configured database (DATABASE_URL, or the PGlite data directory), for the cockpit and list benchmarks.
 * Rows carry `ref_no` BL…; they have no parties, timelines or clocks.
 */
const n = Number(process.argv[2] ?? 1_000_000);
const days = Number(process.argv[3] ?? 365);
if (!Number.isInteger(n) || n < 1 || !Number.isInteger(days) || days < 1) {
  process.stderr.write('usage: npm run disputes:load -- <count> [days]\n');
  process.exit(2);
}
const runtime = await boot({ ...loadConfig(), workers: false }, { workers: false });
try {
  const r = await runtime.services.disputes.bulkLoad(n, { days });
  const secs = r.ms / 1000;
  process.stdout.write(
    `载入纠纷 / loaded ${n.toLocaleString('en')} disputes (ids ${r.first}–${r.last}) in ${secs.toFixed(1)} s, ${Math.round(n / secs).toLocaleString('en')} rows/s\n`,
  );
} finally {
  await runtime.stop();
}
