import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database, Orm } from './client';
import { migrationsFolder } from './paths';
import { applyRowLevelSecurity } from './rls';

// Any constant will do; it only has to be the same in every process migrating one database.
const MIGRATION_LOCK = 72_700_001;

/** Runs the committed drizzle-kit migrations, then the row-level security pass. Safe in parallel. */
export async function migrateDatabase(db: Database): Promise<void> {
  const folder = migrationsFolder();
  if (db.engine === 'pglite') {
    await migratePglite(db.orm as never, { migrationsFolder: folder });
    await applyRowLevelSecurity(db.orm);
    return;
  }
  const client = await db.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Quieten NOTICEs such as "extension already exists" on repeat runs.
    await client.query("SET client_min_messages = 'warning'");
    const orm = drizzlePg({ client }) as unknown as Orm;
    await migratePg(orm as never, { migrationsFolder: folder });
    await applyRowLevelSecurity(orm);
    await orm.execute(sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
  } finally {
    client.release();
  }
}
