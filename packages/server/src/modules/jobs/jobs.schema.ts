import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export type JobStatus = 'pending' | 'running' | 'done' | 'dead' | 'cancelled';

/**
 * Durable jobs and timers (DESIGN.md §3: "timers and queues use FOR UPDATE SKIP LOCKED"). A timer is a job
 * whose `run_at` lies in the future. Workers in any number of processes claim due rows with SKIP LOCKED,
 * so each row runs in one place; a crashed worker's lease runs out and the job is claimed again.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<JobStatus>().notNull().default('pending'),
    runAt: timestamp('run_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(10),
    /** Recurring jobs go back to pending this many ms after each run instead of finishing. */
    everyMs: integer('every_ms'),
    /** At most one pending or running job per key (a timer is scheduled once however often it is asked). */
    dedupeKey: text('dedupe_key'),
    /** Groups jobs for cancellation, e.g. every timer of one case clock: `clock:42`. */
    ref: text('ref'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`${t.status} = 'pending'`),
    index('jobs_lease_idx').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    index('jobs_ref_idx').on(t.ref).where(sql`${t.status} = 'pending'`),
    index('jobs_status_idx').on(t.status, t.updatedAt),
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey).where(sql`${t.status} IN ('pending', 'running')`),
  ],
);
