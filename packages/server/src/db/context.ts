import { AsyncLocalStorage } from 'node:async_hooks';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { Database, Tx } from './client';
import { APP_ROLE } from './rls';

/** Who is acting. `scopePath` is an ltree path, or '*' for the system (timers, seeding, sign-in). */
export interface Actor {
  userId: number | null;
  username: string;
  roles: readonly string[];
  scopePath: string;
  departmentId: number | null;
  ip?: string | undefined;
  requestId?: string | undefined;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: null,
  username: 'system',
  roles: ['system'],
  scopePath: '*',
  departmentId: null,
});

interface TxState {
  db: Database;
  tx: Tx;
  actor: Actor;
  afterCommit: (() => unknown)[];
  /** Per-transaction settings already made (see `onceInTransaction`). */
  done: Set<string>;
  /** The writes held back to go in one statement before commit (see write-behind.ts), if asked for. */
  behind?: WriteBehindQueue | undefined;
}

/** Writes held back in a transaction, and the actor whose scope they must be written in. */
export interface WriteBehindQueue {
  actor: Actor;
  writes: unknown[];
  flush: (() => Promise<void>) | null;
}

const als = new AsyncLocalStorage<TxState>();

export interface TxOptions {
  /** Ask for a serializable transaction (rarely needed: most writes use row versions instead). */
  isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * A read of a few small aggregate ranges (the cockpit's widgets): parallel workers are turned off in
   * the same statement that sets the scope, so `smallReads()` costs no round trip of its own.
   */
  smallReads?: boolean;
  /** More transaction-local settings, set in the same statement as the scope (no round trip of their own). */
  settings?: Record<string, string>;
  /**
   * Hold back the writes that nobody reads again in this transaction (timeline, audit, timers, live
   * events, rollup deltas: see write-behind.ts) and send them in one statement just before commit.
   */
  writeBehind?: boolean;
}

export const SMALL_READS = 'smallReads';

/** `set_config(k, v, true)` for each pair (transaction-local), comma-separated for one SELECT. */
function setConfigs(pairs: [string, string][]) {
  return sql.join(
    pairs.map(([k, v]) => sql`set_config(${k}, ${v}, true)`),
    sql`, `,
  );
}

function scopePairs(actor: Actor, smallReads = false, settings: Record<string, string> = {}) {
  const pairs: [string, string][] = [
    ['role', APP_ROLE],
    ['fengqiao.scope', actor.scopePath],
    ['fengqiao.user', String(actor.userId ?? 0)],
    ...Object.entries(settings),
  ];
  if (smallReads) pairs.push(['max_parallel_workers_per_gather', '0']);
  return pairs;
}

function scopeSql(actor: Actor, smallReads = false, settings: Record<string, string> = {}) {
  return sql`SELECT ${setConfigs(scopePairs(actor, smallReads, settings))}`;
}

/**
 * Runs `fn` in a database transaction as `actor`: SET LOCAL ROLE to the app role and the scope in a
 * per-transaction setting, so row-level security applies to every statement. A nested call joins the
 * transaction already open, so services compose without passing handles; a nested call as another actor
 * (a public endpoint acting as the system for one step) switches the scope for its duration and back.
 * Do not run differently-scoped nested calls concurrently: the scope is per connection.
 */
export async function transaction<T>(
  db: Database,
  actor: Actor,
  fn: () => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  const current = als.getStore();
  if (current) {
    if (current.db !== db) throw new Error('a nested transaction must use the same database');
    if (opts.settings && Object.keys(opts.settings).length)
      await current.tx.execute(sql`SELECT ${setConfigs(Object.entries(opts.settings))}`);
    if (current.actor.scopePath === actor.scopePath && current.actor.userId === actor.userId) return fn();
    await current.tx.execute(scopeSql(actor));
    try {
      return await als.run({ ...current, actor }, fn);
    } finally {
      // If fn failed the transaction is aborted and this fails too; the original error is the one to keep.
      await current.tx.execute(scopeSql(current.actor)).catch(() => {});
    }
  }
  const hooks: (() => unknown)[] = [];
  const body = async (tx: Tx) => {
    const done = new Set<string>(opts.smallReads ? [SMALL_READS] : []);
    const behind: WriteBehindQueue | undefined = opts.writeBehind
      ? { actor, writes: [], flush: null }
      : undefined;
    const result = await als.run({ db, tx, actor, afterCommit: hooks, done, behind }, fn);
    if (behind?.flush) await als.run({ db, tx, actor, afterCommit: hooks, done }, behind.flush);
    return result;
  };
  // PostgreSQL: BEGIN and the scope in one round trip; PGlite: the ORM's transaction, then the scope.
  const result = db.transactionWith
    ? await db.transactionWith(scopePairs(actor, opts.smallReads, opts.settings), opts.isolation, body)
    : await db.orm.transaction(
        async (tx) => {
          await tx.execute(scopeSql(actor, opts.smallReads, opts.settings));
          return body(tx);
        },
        opts.isolation ? { isolationLevel: opts.isolation } : undefined,
      );
  for (const hook of hooks) {
    try {
      await hook();
    } catch {
      // After-commit hooks are best effort (live pushes, cache refreshes); the outbox carries what must arrive.
    }
  }
  return result;
}

function state(): TxState {
  const s = als.getStore();
  if (!s) throw new Error('data access outside a transaction: wrap the call in transaction()');
  return s;
}

/** The open transaction. Repositories call this; there is deliberately no way to query without one. */
export function tx(): Tx {
  return state().tx;
}

/** The write-behind queue of this transaction, if it asked for one and the acting scope is still its own. */
export function writeBehindQueue(): WriteBehindQueue | undefined {
  const s = state();
  const q = s.behind;
  if (!q || q.actor.scopePath !== s.actor.scopePath || q.actor.userId !== s.actor.userId) return undefined;
  return q;
}

export function currentActor(): Actor {
  return state().actor;
}

export function currentDb(): Database {
  return state().db;
}

export function inTransaction(): boolean {
  return als.getStore() !== undefined;
}

/**
 * True the first time it is asked about `key` in the current transaction, false after: a per-transaction
 * setting (SET LOCAL style) is made once however many reads ask for it.
 */
export function onceInTransaction(key: string): boolean {
  const s = state();
  if (s.done.has(key)) return false;
  s.done.add(key);
  return true;
}

/** Runs `fn` once the current transaction has committed (never if it rolls back). */
export function afterCommit(fn: () => unknown): void {
  state().afterCommit.push(fn);
}

/**
 * The first wall of region scope: a predicate every repository adds to its reads and writes of a
 * scoped table. Row-level security repeats it in the database as the second wall.
 */
export function inScope(column: SQLWrapper): SQL {
  const scope = state().actor.scopePath;
  if (scope === '*') return sql`true`;
  return sql`${column} <@ ${scope}::ltree`;
}

/** The ltree scope of the acting user, for queries that need it as a value. */
export function scopePath(): string {
  return state().actor.scopePath;
}
