import { sql } from 'drizzle-orm';
import { type AnyPgColumn, bigint, boolean, index, integer, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types';

/**
 * The standard columns of a case table. A module that owns a kind of case spreads these into its own
 * table (events will have millions of rows and their own indexes) and adds its own columns:
 *
 *   export const events = pgTable('events', { ...caseColumns(), category: text('category'), … },
 *     (t) => [...caseIndexes('events', t), index('events_category_idx').on(t.category)]);
 *
 * `region_path` turns on row-level security; `version` is the optimistic lock every transition checks.
 */
export function caseColumns() {
  return {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    state: text('state').notNull(),
    version: integer('version').notNull().default(1),
    regionPath: ltree('region_path').notNull(),
    reporterId: bigint('reporter_id', { mode: 'number' }),
    assigneeUserId: bigint('assignee_user_id', { mode: 'number' }),
    assigneeDepartmentId: bigint('assignee_department_id', { mode: 'number' }),
    /** The nearest deadline of a running clock (for lists and sorting); null when none runs. */
    dueAt: timestamp('due_at', { withTimezone: true }),
    overdue: boolean('overdue').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  };
}

export interface CaseTableColumns {
  id: AnyPgColumn;
  state: AnyPgColumn;
  version: AnyPgColumn;
  regionPath: AnyPgColumn;
  reporterId: AnyPgColumn;
  assigneeUserId: AnyPgColumn;
  assigneeDepartmentId: AnyPgColumn;
  dueAt: AnyPgColumn;
  overdue: AnyPgColumn;
  createdAt: AnyPgColumn;
  updatedAt: AnyPgColumn;
  closedAt: AnyPgColumn;
}

/** The indexes every case list needs: scope, work queues by state and assignee, open deadlines. */
export function caseIndexes(table: string, t: CaseTableColumns) {
  return [
    index(`${table}_path_gist`).using('gist', t.regionPath),
    index(`${table}_state_idx`).on(t.state, t.createdAt),
    index(`${table}_dept_idx`).on(t.assigneeDepartmentId, t.state),
    index(`${table}_assignee_idx`).on(t.assigneeUserId, t.state),
    index(`${table}_reporter_idx`).on(t.reporterId),
    index(`${table}_due_idx`).on(t.dueAt).where(sql`${t.dueAt} IS NOT NULL`),
  ];
}
