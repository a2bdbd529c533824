import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { inScope, tx } from '../../db/context';
import type { CaseTableColumns } from './case-columns.schema';

/** A case row as the engine sees it: the standard columns plus the module's whole row. */
export interface CaseRecord {
  id: number;
  state: string;
  version: number;
  regionPath: string;
  reporterId: number | null;
  assigneeUserId: number | null;
  assigneeDepartmentId: number | null;
  dueAt: Date | null;
  overdue: boolean;
  createdAt: Date;
  closedAt: Date | null;
  /** The module's full row (its own columns included). */
  row: Record<string, unknown>;
}

/** Standard columns the engine may set, plus any of the module's own columns (by property name). */
export interface CaseChanges {
  state?: string;
  assigneeUserId?: number | null;
  assigneeDepartmentId?: number | null;
  dueAt?: Date | null;
  overdue?: boolean;
  closedAt?: Date | null;
  regionPath?: string;
  [column: string]: unknown;
}

/**
 * The small adapter through which the engine reads and changes a module's case table. Both calls run in
 * the caller's transaction and scope; `update` is the optimistic lock: it changes the row only if its
 * version is still `version`, and bumps it.
 */
export interface CaseStore {
  load(id: number): Promise<CaseRecord | undefined>;
  update(id: number, version: number, changes: CaseChanges): Promise<CaseRecord | undefined>;
  /** Changes bookkeeping columns (deadline, overdue flag) without a version bump: no user edit conflicts. */
  mark(id: number, changes: Pick<CaseChanges, 'dueAt' | 'overdue'>): Promise<void>;
  /** `mark` for many rows in one statement. */
  markMany(list: readonly { id: number; dueAt: Date | null; overdue: boolean }[]): Promise<void>;
  /** Several cases by id (those in scope), in no particular order. */
  loadMany(ids: readonly number[]): Promise<CaseRecord[]>;
  /** A row the module holds already (one it inserted, whole) as the engine sees it: no read. */
  record(row: Record<string, unknown>): CaseRecord;
}

function toRecord(row: Record<string, unknown>): CaseRecord {
  return {
    id: row.id as number,
    state: row.state as string,
    version: row.version as number,
    regionPath: row.regionPath as string,
    reporterId: (row.reporterId as number | null) ?? null,
    assigneeUserId: (row.assigneeUserId as number | null) ?? null,
    assigneeDepartmentId: (row.assigneeDepartmentId as number | null) ?? null,
    dueAt: (row.dueAt as Date | null) ?? null,
    overdue: row.overdue === true,
    createdAt: row.createdAt as Date,
    closedAt: (row.closedAt as Date | null) ?? null,
    row,
  };
}

/**
 * Builds the adapter for a table made with `caseColumns()`. Modules call it in their repo:
 * `export const eventStore = tableCaseStore(events);`
 */
export function tableCaseStore<T extends PgTable & CaseTableColumns>(table: T): CaseStore {
  // drizzle's generic table types do not survive this level of abstraction; the columns are checked above.
  const t = table as unknown as PgTable & CaseTableColumns;
  return {
    record: toRecord,
    async load(id) {
      const [row] = await tx()
        .select()
        .from(t)
        .where(and(eq(t.id, id), inScope(t.regionPath)))
        .limit(1);
      return row ? toRecord(row as Record<string, unknown>) : undefined;
    },
    async update(id, version, changes) {
      const [row] = await tx()
        .update(t)
        .set({ ...changes, version: sql`${t.version} + 1`, updatedAt: new Date() } as never)
        .where(and(eq(t.id, id), eq(t.version, version), inScope(t.regionPath)))
        .returning();
      return row ? toRecord(row as Record<string, unknown>) : undefined;
    },
    async loadMany(ids) {
      if (!ids.length) return [];
      const rows = await tx()
        .select()
        .from(t)
        .where(and(inArray(t.id, [...ids]), inScope(t.regionPath)));
      return rows.map((r) => toRecord(r as Record<string, unknown>));
    },
    async markMany(list) {
      if (!list.length) return;
      const data = JSON.stringify(
        list.map((m) => ({ id: m.id, due_at: m.dueAt?.toISOString() ?? null, overdue: m.overdue })),
      );
      await tx().execute(sql`
        UPDATE ${t} SET ${sql.identifier(t.dueAt.name)} = v.due_at, ${sql.identifier(t.overdue.name)} = v.overdue
        FROM json_to_recordset(${data}::json) AS v(id bigint, due_at timestamptz, overdue boolean)
        WHERE ${t.id} = v.id AND ${inScope(t.regionPath)}`);
    },
    async mark(id, changes) {
      await tx()
        .update(t)
        .set(changes as never)
        .where(and(eq(t.id, id), inScope(t.regionPath)));
    },
  };
}
