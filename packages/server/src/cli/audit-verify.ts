import { boot } from '../boot';
import { loadConfig } from '../config';

/**
 * `npm run audit:verify`: recomputes every audit row's HMAC and the chain, and reports changed, deleted and
 * inserted rows. Exit code 0 when the trail is intact, 1 when it is not.
 */
const config = { ...loadConfig(), demo: false, workers: false };
const runtime = await boot(config, { workers: false });
try {
  const r = await runtime.services.audit.verify();
  const out = process.stdout;
  out.write(`审计日志校验 / Audit verification: ${r.ok ? '完好 intact' : '发现异常 TAMPERING FOUND'}\n`);
  out.write(`  rows checked: ${r.rowsChecked}, chain links checked: ${r.linksChecked}\n`);
  if (r.changed.length)
    out.write(`  changed rows (content differs from its HMAC): ${r.changed.join(', ')}\n`);
  if (r.deleted.length) out.write(`  deleted rows (chained but gone): ${r.deleted.join(', ')}\n`);
  if (r.inserted.length) out.write(`  inserted rows (never chained): ${r.inserted.join(', ')}\n`);
  if (r.brokenLinks.length) out.write(`  broken chain links at seq: ${r.brokenLinks.join(', ')}\n`);
  if (r.unsealedStale) out.write(`  rows waiting for the sealer for over 10 minutes: ${r.unsealedStale}\n`);
  process.exitCode = r.ok ? 0 : 1;
} finally {
  await runtime.stop();
}
