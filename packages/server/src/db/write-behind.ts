import { type SQL, sql } from 'drizzle-orm';
import { tx, writeBehindQueue } from './context';

/**
 * One part of a write: a data-modifying statement, or (`select`) a query run for its effect (pg_notify, a
 * counting function). A later part may name an earlier one of the same write (`ref(0)`), as a WITH query.
 */
export interface WritePart {
  sql: SQL | ((ref: (part: number) => SQL) => SQL);
  select?: boolean;
}

const nameOf = (write: number, part: number): SQL => sql`${sql.identifier(`fq_wb_${write}_${part}`)}`;

/**
 * The writes as one statement: each part a WITH query, the queries run for their effect counted by the
 * final SELECT (a WITH query that only reads runs only if it is read). The parts all see the snapshot of
 * the statement's start, so none may need another's rows except through `ref`.
 */
export function combinedWrites(writes: readonly (readonly WritePart[])[]): SQL {
  const parts = writes.flatMap((w, n) => w.map((p, j) => ({ n, j, p })));
  const only = parts.length === 1 ? parts[0]! : null;
  if (only && typeof only.p.sql !== 'function') return only.p.sql;
  const ctes: SQL[] = [];
  const reads: SQL[] = [];
  for (const { n, j, p } of parts) {
    const body = typeof p.sql === 'function' ? p.sql((k) => nameOf(n, k)) : p.sql;
    ctes.push(sql`${nameOf(n, j)} AS (${body})`);
    if (p.select) reads.push(sql`(SELECT count(*) FROM ${nameOf(n, j)})`);
  }
  return sql`WITH ${sql.join(ctes, sql`, `)} SELECT ${reads.length ? sql.join(reads, sql` + `) : sql`0`} AS n`;
}

/**
 * Writes now, or, in a transaction opened with `writeBehind`, just before its commit together with every
 * other held-back write, in one statement: a group-commit batch of reports wrote its timeline entries,
 * audit entries, timers, live events, rollup deltas and 在办 counters in six round trips, each a write
 * through the loopback socket and a wake-up of the server process (a fifth of the application's CPU time in
 * `writev` on the benchmark machine). Only for writes nothing in the transaction reads back.
 */
export async function writeBehind(parts: readonly WritePart[]): Promise<void> {
  if (!parts.length) return;
  const q = writeBehindQueue();
  if (!q) {
    await tx().execute(combinedWrites([parts]));
    return;
  }
  q.writes.push(parts);
  q.flush ??= async () => {
    const writes = q.writes as WritePart[][];
    q.writes = [];
    if (writes.length) await tx().execute(combinedWrites(writes));
  };
}
