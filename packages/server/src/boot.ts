import type { Config } from './config';
import { type Database, type EmbeddedClient, openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { loadKeyRing } from './platform/keys';
import { seedDemoDistrict } from './seed/demo';
import { createServices, type Services } from './services';

export interface Runtime {
  db: Database;
  services: Services;
  seeded: boolean;
  stop(): Promise<void>;
}

export interface BootOptions {
  pglite?: EmbeddedClient;
  /** Run timers and the audit sealer here (default: config.workers). */
  workers?: boolean;
  onWorkerError?: (err: unknown) => void;
}

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
  const services = createServices({ config, db, keys });
  const seeded = config.demo ? await seedDemoDistrict(services) : false;
  const unlisten = await services.territory.listenForChanges();
  const timers: NodeJS.Timeout[] = [];
  if (opts.workers ?? config.workers) {
    let sealing = false;
    timers.push(
      setInterval(() => {
        if (sealing) return;
        sealing = true;
        services.audit
          .seal()
          .catch((e) => opts.onWorkerError?.(e))
          .finally(() => {
            sealing = false;
          });
      }, 2000),
    );
  }
  return {
    db,
    services,
    seeded,
    async stop() {
      for (const t of timers) clearInterval(t);
      await unlisten();
      await services.audit.seal().catch(() => {});
      await db.close();
    },
  };
}
