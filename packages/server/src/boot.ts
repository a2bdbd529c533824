import type { Config } from './config';
import { type Database, type EmbeddedClient, openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { FOLD_ROLLUPS_EVERY_MS, FOLD_ROLLUPS_JOB } from './modules/events/events.service';
import { PURGE_UNCLAIMED_PHOTOS_JOB } from './modules/events/events-public.service';
import { loadKeyRing } from './platform/keys';
import { seedDemoDistrict } from './seed/demo';
import { createServices, type ServiceOptions, type Services } from './services';

export interface Runtime {
  db: Database;
  services: Services;
  seeded: boolean;
  stop(): Promise<void>;
}

export interface BootOptions extends ServiceOptions {
  pglite?: EmbeddedClient;
  /** Run timers, deliveries and the audit sealer here (default: config.workers). */
  workers?: boolean;
  /** Job runner tuning (tests and benchmarks). */
  runner?: { pollMs?: number; concurrency?: number; batch?: number };
  /** Register extra case kinds before the workers start (tests). */
  beforeWorkers?: (services: Services) => Promise<void> | void;
}

/** Cadence of the audit sealer (was a per-process interval; now one job for the whole cluster). */
const SEAL_EVERY_MS = 2000;
const PURGE_EVERY_MS = 3_600_000;

/** Opens the database, migrates it, wires services, seeds the demo district and starts the workers. */
export async function boot(config: Config, opts: BootOptions = {}): Promise<Runtime> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    ...(opts.pglite ? { pglite: opts.pglite } : {}),
  });
  await migrateDatabase(db);
  const keys = loadKeyRing(config.dataDir, { piiKey: config.piiKey, auditKey: config.auditKey });
  const services = createServices({
    config,
    db,
    keys,
    ...(opts.sms ? { sms: opts.sms } : {}),
    ...(opts.afterSend ? { afterSend: opts.afterSend } : {}),
  });
  const seeded = config.demo ? await seedDemoDistrict(services) : false;
  await services.calendar.ensureShipped();
  const unlisteners = [
    await services.territory.listenForChanges(),
    await services.calendar.listenForChanges(),
    await services.live.start(),
  ];
  await opts.beforeWorkers?.(services);
  let stopWorkers: (() => Promise<void>) | null = null;
  if (opts.workers ?? config.workers) {
    await services.jobs.ensureRecurring('audit.seal', SEAL_EVERY_MS);
    await services.jobs.ensureRecurring('jobs.purge', PURGE_EVERY_MS);
    await services.jobs.ensureRecurring(FOLD_ROLLUPS_JOB, FOLD_ROLLUPS_EVERY_MS);
    // Screening tasks of every schedule whose period has begun (idempotent; hourly is soon enough).
    await services.jobs.ensureRecurring('disputes.screening', 3_600_000);
    // Resident photos that no report claimed within the setting's hours (default 24); hourly is enough.
    await services.jobs.ensureRecurring(PURGE_UNCLAIMED_PHOTOS_JOB, 3_600_000);
    stopWorkers = await services.jobs.start(opts.runner ?? {});
  }
  return {
    db,
    services,
    seeded,
    async stop() {
      await stopWorkers?.();
      for (const u of unlisteners) await u();
      await services.audit.seal().catch(() => {});
      await db.close();
    },
  };
}
