import { and, count, desc, eq, inArray, isNotNull, type SQL, sql } from 'drizzle-orm';
import { tx } from '../../db/context';
import { appendJsonRows, insertJsonRows } from '../../db/json-rows';
import { rowsOf } from '../../db/rows';
import { type JobStatus, jobs } from './jobs.schema';

export type JobRow = typeof jobs.$inferSelect;
export type NewJobRow = typeof jobs.$inferInsert;

/** Inserts jobs; a job whose dedupe key is already pending or running is skipped. Returns the new ids. */
export async function insertJobs(rows: NewJobRow[]): Promise<number[]> {
  return insertJsonRows(jobs, rows, { onConflictDoNothing: true });
}

/** A recurring job's cadence as the code now asks (an installation keeps the job across upgrades). */
export async function setEvery(dedupeKey: string, everyMs: number): Promise<void> {
  await tx().execute(sql`
    UPDATE ${jobs} SET every_ms = ${everyMs}
    WHERE dedupe_key = ${dedupeKey} AND status IN ('pending', 'running') AND every_ms IS DISTINCT FROM ${everyMs}`);
}

/** `insertJobs` without the ids: held back in a write-behind transaction (see db/write-behind.ts). */
export async function insertJobsBehind(rows: NewJobRow[]): Promise<void> {
  await appendJsonRows(jobs, rows, { onConflictDoNothing: true });
}

/**
 * Claims up to `limit` due jobs for `worker`: SKIP LOCKED lets every process claim at once without
 * waiting on, or taking, another's rows. Expired leases (a worker that died mid-job) are claimable too.
 */
export async function claimDue(
  worker: string,
  limit: number,
  leaseMs: number,
  asOf: Date | null,
): Promise<JobRow[]> {
  const now = asOf ? sql`${asOf.toISOString()}::timestamptz` : sql`now()`;
  const res = await tx().execute(sql`
    UPDATE jobs SET status = 'running', locked_by = ${worker},
      locked_until = now() + make_interval(secs => ${leaseMs / 1000}),
      attempts = attempts + 1, updated_at = now()
    WHERE id IN (
      SELECT id FROM jobs
      WHERE (status = 'pending' AND run_at <= ${now})
         OR (status = 'running' AND locked_until < now())
      ORDER BY run_at LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, type, payload, attempts, max_attempts AS "maxAttempts", every_ms AS "everyMs",
      run_at AS "runAt", ref`);
  // RETURNING does not keep the subquery's order: run the earliest first (a reminder before its deadline).
  return rowsOf<JobRow>(res)
    .map((r) => ({ ...r, runAt: new Date(r.runAt) }))
    .sort((a, b) => +a.runAt - +b.runAt || a.id - b.id);
}

/**
 * Marks a claimed job finished, if this worker still holds it (row-locked until the transaction ends, so
 * the job's own writes in the same transaction commit exactly once). Recurring jobs are re-armed.
 */
export async function finishClaimed(id: number, worker: string): Promise<boolean> {
  const res = await tx().execute(sql`
    UPDATE jobs SET
      status = CASE WHEN every_ms IS NULL THEN 'done' ELSE 'pending' END,
      run_at = CASE WHEN every_ms IS NULL THEN run_at ELSE now() + make_interval(secs => every_ms / 1000.0) END,
      attempts = CASE WHEN every_ms IS NULL THEN attempts ELSE 0 END,
      finished_at = now(), updated_at = now(), locked_by = NULL, locked_until = NULL, last_error = NULL
    WHERE id = ${id} AND locked_by = ${worker} AND status = 'running'
    RETURNING id`);
  return rowsOf(res).length === 1;
}

/** Long handlers (bulk imports) extend their lease so no other worker takes the job meanwhile. */
export async function extendLease(id: number, worker: string, leaseMs: number): Promise<boolean> {
  const res = await tx().execute(sql`
    UPDATE jobs SET locked_until = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
    WHERE id = ${id} AND locked_by = ${worker} AND status = 'running'
    RETURNING id`);
  return rowsOf(res).length === 1;
}

/** A failed attempt: back to pending after `delayMs`, or dead once out of tries (recurring jobs never die). */
export async function failClaimed(id: number, worker: string, error: string, delayMs: number) {
  await tx().execute(sql`
    UPDATE jobs SET
      status = CASE WHEN every_ms IS NULL AND attempts >= max_attempts THEN 'dead' ELSE 'pending' END,
      run_at = now() + make_interval(secs => ${delayMs / 1000}),
      finished_at = CASE WHEN every_ms IS NULL AND attempts >= max_attempts THEN now() END,
      last_error = ${error.slice(0, 2000)}, updated_at = now(), locked_by = NULL, locked_until = NULL
    WHERE id = ${id} AND locked_by = ${worker}`);
}

/** Cancels pending jobs of a group (a clock paused or stopped: its timers must not fire). */
export async function cancelByRef(ref: string): Promise<number> {
  const res = await tx()
    .update(jobs)
    .set({ status: 'cancelled', updatedAt: new Date(), finishedAt: new Date() })
    .where(and(eq(jobs.ref, ref), eq(jobs.status, 'pending')))
    .returning({ id: jobs.id });
  return res.length;
}

export type JobView = 'pending' | 'running' | 'failed' | 'dead' | 'done' | 'cancelled';

function viewWhere(view: JobView, type?: string): SQL | undefined {
  const conds: SQL[] = [];
  if (view === 'failed') conds.push(eq(jobs.status, 'pending'), isNotNull(jobs.lastError));
  else if (view === 'pending') conds.push(eq(jobs.status, 'pending'), sql`${jobs.lastError} IS NULL`);
  else conds.push(eq(jobs.status, view as JobStatus));
  if (type) conds.push(eq(jobs.type, type));
  return and(...conds);
}

export async function listJobs(view: JobView, type: string | undefined, limit: number, offset: number) {
  const where = viewWhere(view, type);
  const order = view === 'pending' || view === 'failed' ? [jobs.runAt, jobs.id] : [desc(jobs.updatedAt)];
  const rows = await tx()
    .select()
    .from(jobs)
    .where(where)
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  const [total] = await tx().select({ n: count() }).from(jobs).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function countByView(): Promise<Record<JobView, number>> {
  const res = await tx().execute(sql`
    SELECT CASE WHEN status = 'pending' AND last_error IS NOT NULL THEN 'failed' ELSE status END AS view,
      count(*)::int AS n
    FROM jobs GROUP BY 1`);
  const out: Record<JobView, number> = { pending: 0, running: 0, failed: 0, dead: 0, done: 0, cancelled: 0 };
  for (const r of rowsOf<{ view: JobView; n: number }>(res)) out[r.view] = Number(r.n);
  return out;
}

export async function jobById(id: number): Promise<JobRow | undefined> {
  const [r] = await tx().select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return r;
}

/** Puts a dead or failed job back to run now with a fresh set of tries. */
export async function retryJob(id: number): Promise<JobRow | undefined> {
  const [r] = await tx()
    .update(jobs)
    .set({ status: 'pending', runAt: new Date(), attempts: 0, updatedAt: new Date(), finishedAt: null })
    .where(and(eq(jobs.id, id), inArray(jobs.status, ['pending', 'dead'])))
    .returning();
  return r;
}

/** Deletes finished jobs older than the cutoff (the table would otherwise grow without end). */
export async function purgeFinished(before: Date): Promise<number> {
  const res = await tx().execute(sql`
    DELETE FROM jobs WHERE id IN (
      SELECT id FROM jobs WHERE status IN ('done', 'cancelled') AND finished_at < ${before} LIMIT 10000)
    RETURNING id`);
  return rowsOf(res).length;
}

/** The earliest pending run time, so an idle worker can sleep until then. */
export async function nextRunAt(): Promise<Date | null> {
  const [r] = await tx()
    .select({ at: jobs.runAt })
    .from(jobs)
    .where(eq(jobs.status, 'pending'))
    .orderBy(jobs.runAt)
    .limit(1);
  return r?.at ?? null;
}
