import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { ltree } from '@electric-sql/pglite/contrib/ltree';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import * as schema from './schema';

export type Schema = typeof schema;
export type Orm = PgDatabase<PgQueryResultHKT, Schema>;
// biome-ignore lint/suspicious/noExplicitAny: the relational config type is internal to drizzle
export type Tx = PgTransaction<PgQueryResultHKT, Schema, any>;

export type Engine = 'pglite' | 'postgres';
export type EmbeddedClient = PGlite;

export interface Database {
  engine: Engine;
  orm: Orm;
  /** Subscribe to a NOTIFY channel (both engines support LISTEN). Returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /** Raw client for bulk paths (COPY, dump) that the ORM does not cover. */
  pglite?: PGlite;
  pool?: pg.Pool;
  /**
   * PostgreSQL: a transaction whose BEGIN and first settings go to the server in one round trip (ORM
   * transactions send BEGIN on its own). PGlite, in process, has no round trips to save.
   */
  transactionWith?<T>(
    settings: readonly (readonly [string, string])[],
    isolation: string | undefined,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}

export const PGLITE_EXTENSIONS = { ltree, pg_trgm, pgcrypto };

// int8 and numeric arrive as strings from node-postgres; counts and ids stay within 2^53 here.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  poolSize?: number;
  /** An already-open PGlite (tests hand in a fresh copy of the template). */
  pglite?: PGlite;
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 16);
  let client = opts.pglite;
  if (!client) {
    const dir = join(opts.dataDir ?? './data', 'pgdata');
    mkdirSync(dir, { recursive: true });
    client = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
  }
  return wrapPglite(client);
}

export function wrapPglite(client: PGlite): Database {
  const orm = drizzlePglite({ client, schema }) as unknown as Orm;
  return {
    engine: 'pglite',
    orm,
    pglite: client,
    async listen(channel, onPayload) {
      const unsub = await client.listen(channel, onPayload);
      return async () => unsub();
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}

function openPostgres(url: string, poolSize: number): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'fengqiao' });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const orm = drizzlePg({ client: pool, schema }) as unknown as Orm;
  // One ORM per pooled connection (building one reads the whole schema), for `transactionWith`.
  const orms = new WeakMap<pg.PoolClient, Orm>();
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<(p: string) => void>>();
  return {
    engine: 'postgres',
    orm,
    pool,
    async transactionWith(settings, isolation, fn) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        let txOrm = orms.get(client);
        if (!txOrm) {
          txOrm = drizzlePg({ client, schema }) as unknown as Orm;
          orms.set(client, txOrm);
        }
        // One simple-protocol query, so the values go in as literals (escaped by the driver).
        const sets = settings.map(
          ([k, v]) => `set_config(${client.escapeLiteral(k)}, ${client.escapeLiteral(v)}, true)`,
        );
        try {
          await client.query(
            `BEGIN${isolation ? ` ISOLATION LEVEL ${isolation.toUpperCase()}` : ''}; SELECT ${sets.join(', ')}`,
          );
          const result = await fn(txOrm as unknown as Tx);
          await client.query('COMMIT');
          return result;
        } catch (e) {
          // A connection that cannot even roll back is dropped from the pool, not reused.
          await client.query('ROLLBACK').catch((err: Error) => {
            broken = err;
          });
          throw e;
        }
      } finally {
        client.release(broken);
      }
    },
    async listen(channel, onPayload) {
      if (!listener) {
        listener = new pg.Client({ connectionString: url, application_name: 'fengqiao-listen' });
        listener.on('error', () => {});
        await listener.connect();
        listener.on('notification', (msg) => {
          for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? '');
        });
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async close() {
      if (listener) await listener.end().catch(() => {});
      await pool.end();
    },
  };
}
