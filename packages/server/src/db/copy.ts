import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction as PgliteTransaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { currentDb, tx } from './context';
import { APP_ROLE } from './rls';

/**
 * COPY … FROM in the open transaction, for bulk paths (imports): node-postgres streams it with
 * pg-copy-streams; PGlite reads it from its `/dev/blob` device (the `blob` query option). `lines` are rows
 * already in COPY text format (see `copyText`). The table and columns are identifiers we control.
 */
export async function copyInto(table: string, columns: readonly string[], lines: string): Promise<void> {
  const head = `COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')})`;
  // The drizzle transaction keeps its connection (a pg PoolClient or a PGlite transaction) in `session.client`.
  const client = (tx() as unknown as { session: { client: unknown } }).session.client;
  if (currentDb().engine === 'postgres') {
    const stream = (client as pg.PoolClient).query(copyFrom(`${head} FROM STDIN`));
    await pipeline(Readable.from([lines]), stream);
    return;
  }
  // Reading /dev/blob is a server-side file read, which the app role may not do: the embedded database's
  // own user runs the COPY (into a staging table; nothing scoped), then the app role is back.
  const t = client as PgliteTransaction;
  await t.exec('SET LOCAL ROLE NONE');
  try {
    await t.query(`${head} FROM '/dev/blob'`, [], { blob: new Blob([lines]) });
  } finally {
    // After a failed COPY the transaction is aborted (and rolls back): keep the COPY's error, not this one.
    await t.exec(`SET LOCAL ROLE ${APP_ROLE}`).catch(() => {});
  }
}

export { copyField, copyText } from './copy-text';
