import { type Column, getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { tx } from './context';
import { rowsOf } from './rows';
import { writeBehind } from './write-behind';

/** A value as json_populate_recordset reads it for its column's type. */
function jsonValue(col: Column, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (col.getSQLType() === 'bytea') return `\\x${Buffer.from(v as Uint8Array).toString('hex')}`;
  if (v instanceof Date) return v.toISOString();
  // json/jsonb take the nested value itself; arrays become PostgreSQL arrays; the rest parse from text.
  return v;
}

/**
 * `INSERT … SELECT … FROM json_populate_recordset(…) RETURNING id` for many rows, with the whole batch as one
 * JSON parameter. For the hot multi-row inserts of group commit: drizzle's VALUES builder types every
 * parameter one by one (about a quarter of the server's CPU at 700 intakes/s, 750 parameters for 25
 * events), where PostgreSQL parses one JSON text. Every row must set the same properties (a column none sets
 * takes its default); rows that differ are refused, since one JSON row cannot ask for a default.
 */
export function jsonInsertSql<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean; returnIds?: boolean; returnRows?: boolean } = {},
): SQL {
  const columns = getTableColumns(table) as Record<string, Column>;
  const first = rows[0] as Record<string, unknown>;
  const keys = Object.keys(first).filter((k) => columns[k] && first[k] !== undefined);
  const data = JSON.stringify(
    rows.map((r, i) => {
      const row = r as Record<string, unknown>;
      const o: Record<string, unknown> = {};
      for (const k of keys) {
        if (row[k] === undefined)
          throw new Error(`jsonInsertSql(${getTableName(table)}): row ${i} lacks ${k}`);
        o[columns[k]!.name] = jsonValue(columns[k]!, row[k]);
      }
      for (const k of Object.keys(row))
        if (columns[k] && row[k] !== undefined && !keys.includes(k))
          throw new Error(
            `jsonInsertSql(${getTableName(table)}): row ${i} sets ${k}, the first row does not`,
          );
      return o;
    }),
  );
  const names = sql.join(
    keys.map((k) => sql.identifier(columns[k]!.name)),
    sql`, `,
  );
  const name = sql.identifier(getTableName(table));
  const conflict = opts.onConflictDoNothing ? sql` ON CONFLICT DO NOTHING` : sql``;
  const returning = opts.returnRows
    ? sql` RETURNING *`
    : opts.returnIds === false
      ? sql``
      : sql` RETURNING id`;
  return sql`INSERT INTO ${name} (${names})
    SELECT ${names} FROM json_populate_recordset(NULL::${name}, ${data}::json)${conflict}${returning}`;
}

/** Runs `jsonInsertSql` and answers the new rows' ids in the order given. */
export async function insertJsonRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean } = {},
): Promise<number[]> {
  if (!rows.length) return [];
  const out = rowsOf<{ id: number | string }>(await tx().execute(jsonInsertSql(table, rows, opts)));
  return out.map((r) => Number(r.id));
}

/**
 * Raw rows (by column name) as the ORM's typed rows (by property): each value through its column's own
 * driver mapping, as a typed select does. Both drivers hand raw and typed queries the same parsed values
 * (dates as text, JSON parsed), so the mapping is the ORM's own.
 */
export function typedRows<T extends PgTable>(
  table: T,
  raw: readonly Record<string, unknown>[],
): T['$inferSelect'][] {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>).map(
    ([prop, col]) => [prop, col.name, col] as const,
  );
  return raw.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [prop, name, col] of columns) {
      const v = r[name];
      o[prop] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
    }
    return o as T['$inferSelect'];
  });
}

/** `jsonInsertSql` answering the new rows whole (typed, in the order given): no read after the insert. */
export async function insertJsonRowsReturning<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
): Promise<T['$inferSelect'][]> {
  if (!rows.length) return [];
  const raw = rowsOf<Record<string, unknown>>(
    await tx().execute(jsonInsertSql(table, rows, { returnRows: true })),
  );
  return typedRows(table, raw);
}

/**
 * `jsonInsertSql` when nobody needs the new rows back (an append-only queue, timeline entries, timer jobs):
 * nothing comes back, so in a write-behind transaction it goes with the other held-back writes.
 */
export async function appendJsonRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  opts: { onConflictDoNothing?: boolean } = {},
) {
  if (rows.length) await writeBehind([{ sql: jsonInsertSql(table, rows, { ...opts, returnIds: false }) }]);
}
