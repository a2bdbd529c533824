import { pathWithin, splitByMonths } from '@fengqiao/domain';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { onceInTransaction, SMALL_READS, scopePath, tx } from './context';

/**
 * Reading the region cubes (event_cube, dispute_cube: sums of a module's daily rollups per region at
 * every depth, by day and by month, kept by triggers). Helpers shared by the modules that own them.
 */

/**
 * The region whose rows answer a question about `path` for the acting user: the path itself, or the
 * user's scope when the path lies above it (a town user asking about the district sees its town's sums,
 * as a scoped scan of the rollups would). Null = every root (the system, no region).
 */
export function cubeBase(path: string | null): string | null {
  const scope = scopePath();
  if (scope === '*') return path;
  if (!path || pathWithin(scope, path)) return scope;
  return path;
}

export const depthOf = (path: string | null) => (path ? path.split('.').length : 0);

/**
 * The cube rows of a period as a subquery: month rows for the whole months inside it, day rows for the
 * days at either end (or day rows only, for a series by day). Each part is its own index range.
 */
export function cubePeriod(
  table: string,
  /** The columns the caller reads (few: an index that covers them answers alone). */
  columns: string[],
  where: SQL,
  from: string,
  to: string,
  byDay: boolean,
): SQL {
  const cols = sql.raw(columns.join(', '));
  const parts: { grain: 'day' | 'month'; from: string; to: string }[] = [];
  if (byDay) parts.push({ grain: 'day', from, to });
  else {
    const s = splitByMonths(from, to);
    for (const d of s.days) parts.push({ grain: 'day', ...d });
    if (s.months) parts.push({ grain: 'month', ...s.months });
  }
  if (!parts.length) return sql`SELECT ${cols} FROM ${sql.raw(table)} WHERE false`;
  return sql.join(
    parts.map(
      (p) =>
        sql`SELECT ${cols} FROM ${sql.raw(table)} WHERE ${where} AND grain = ${p.grain} AND day BETWEEN ${p.from}::date AND ${p.to}::date`,
    ),
    sql` UNION ALL `,
  );
}

/**
 * `column <@ path` in a form a btree on (the ltree column, day) can answer as one range: ltree sorts a
 * path's descendants right after it and before `path` with '0' appended to its last label (a label that
 * equals the last one compares below any longer label starting with it). The range may also hold a
 * sibling such as `…d-x` (PostgreSQL 16 allows '-'), so the `<@` recheck stays. The GiST index alone
 * cannot take the day range along: a grid's rows over a period were read from all over the table.
 */
export function subtree(column: SQLWrapper | SQL, path: string): SQL {
  return sql`(${column} >= ${path}::ltree AND ${column} < ${`${path}0`}::ltree AND ${column} <@ ${path}::ltree)`;
}

/**
 * Before a read of a few hundred cube or rollup rows: no parallel workers for the rest of the
 * transaction (set once). The planner's estimates for these small ranges invite a Gather, and starting the workers
 * cost 200 ms on a busy machine for 10 ms of work (the cockpit's cold reads, EXPLAIN ANALYZE at load 15).
 */
export async function smallReads(): Promise<void> {
  // Once per transaction (a widget's reads share one; its transaction may have set it with the scope).
  if (!onceInTransaction(SMALL_READS)) return;
  await tx().execute(sql`SELECT set_config('max_parallel_workers_per_gather', '0', true)`);
}
