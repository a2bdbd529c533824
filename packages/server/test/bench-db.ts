import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PGLITE_EXTENSIONS } from '../src/db/client';
import { withDatabase } from './test-env';

/** A fresh in-memory PGlite for benchmarks and tools. */
export function freshPglite(): Promise<PGlite> {
  return PGlite.create({ extensions: PGLITE_EXTENSIONS });
}

/** Creates an empty PostgreSQL database next to `url`; returns its URL and a function that drops it. */
export async function freshPostgres(
  url: string,
): Promise<{ url: string; drop: () => Promise<void>; version: string }> {
  const name = `fq_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  return {
    url: withDatabase(url, name),
    version,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
