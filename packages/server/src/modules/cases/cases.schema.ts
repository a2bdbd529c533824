import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types';

/**
 * The timeline of every case of every kind: append-only (the app role cannot UPDATE or DELETE it, see
 * db/rls.ts), scoped by the case's region like the case itself.
 */
export const caseTimeline = pgTable(
  'case_timeline',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseKind: text('case_kind').notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    /** The role the actor acted in (`system` for timers). */
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    comment: text('comment'),
    attachments: bigint('attachments', { mode: 'number' }).array().notNull().default([]),
    /** The transition's fields (department chosen, extension asked for…) and engine notes (escalation step). */
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('case_timeline_case_idx').on(t.caseKind, t.caseId, t.id),
    index('case_timeline_path_gist').using('gist', t.regionPath),
  ],
);

export type ClockStatus = 'running' | 'paused' | 'stopped';

/**
 * Case clocks (办理时限): one row per run of a named clock of a case. Paused and resumed in place; a
 * clock started again after it stopped gets a new row, so the old one stays as history.
 */
export const caseClocks = pgTable(
  'case_clocks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseKind: text('case_kind').notNull(),
    caseId: bigint('case_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    name: text('name').notNull(),
    status: text('status').$type<ClockStatus>().notNull(),
    basis: text('basis').$type<'working' | 'calendar'>().notNull(),
    /** The limit as set: `{ amount, unit }`, plus any extensions granted. */
    limit: jsonb('limit').$type<{ amount: number; unit: string; extensions?: unknown[] }>().notNull(),
    budgetMs: bigint('budget_ms', { mode: 'number' }).notNull(),
    consumedMs: bigint('consumed_ms', { mode: 'number' }).notNull().default(0),
    runningSince: timestamp('running_since', { withTimezone: true, precision: 3 }),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }).notNull(),
    warnAt: timestamp('warn_at', { withTimezone: true, precision: 3 }),
    warnedAt: timestamp('warned_at', { withTimezone: true, precision: 3 }),
    overdueAt: timestamp('overdue_at', { withTimezone: true, precision: 3 }),
    /** Escalation steps already taken. */
    escalationStep: integer('escalation_step').notNull().default(0),
    /** Paused intervals, for the record: `[{ from, to }]`. */
    pauses: jsonb('pauses').$type<{ from: string; to: string | null }[]>().notNull().default([]),
    stoppedAt: timestamp('stopped_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [index('case_clocks_case_idx').on(t.caseKind, t.caseId, t.name)],
);
