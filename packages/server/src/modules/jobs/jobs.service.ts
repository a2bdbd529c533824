import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { notify } from '../../db/notify';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import * as repo from './jobs.repo';

export const JOBS_CHANNEL = 'fq_jobs';

export interface JobSpec {
  type: string;
  payload?: Record<string, unknown>;
  /** When to run (default now): a timer is a job with a future run time. */
  runAt?: Date;
  dedupeKey?: string;
  ref?: string;
  maxAttempts?: number;
  everyMs?: number;
}

export interface ClaimedJob {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  /** 1 on the first try. */
  attempts: number;
  maxAttempts: number;
  /** The time the job was due: timer handlers use it as "now", so a late run decides as if on time. */
  runAt: Date;
}

export interface HandlerOptions {
  /**
   * true (default): the handler runs inside the transaction that marks the job done, so its database
   * writes happen exactly once. false: for work outside the database (HTTP deliveries): the handler runs
   * first and the job is marked afterwards; a crash in between runs it again (at-least-once).
   */
  transactional?: boolean;
  /** First retry delay; doubles per try up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

type Handler = { fn: (job: ClaimedJob) => Promise<void>; opts: Required<HandlerOptions> };

class LeaseLost extends Error {}

const THING = { zh: '任务', en: 'Job' };

/** Exponential backoff with ±20% jitter, so many failed deliveries do not retry in lock-step. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, rand = Math.random()): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw * (0.8 + 0.4 * rand));
}

/**
 * The durable job runner. Any process may enqueue; processes started with workers claim and run due jobs.
 * Exactly-once for database effects comes from finishing the job in the handler's own transaction with a
 * lease check; effects outside the database are at-least-once and carry an idempotency key.
 */
export function createJobsService(deps: { db: Database; audit: AuditService; log: Logger }) {
  const { db, audit, log } = deps;
  const handlers = new Map<string, Handler>();
  const workerId = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;

  function handle(type: string, fn: Handler['fn'], opts: HandlerOptions = {}) {
    if (handlers.has(type)) throw new Error(`job type ${type} has two handlers`);
    handlers.set(type, {
      fn,
      opts: { transactional: true, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000, ...opts },
    });
  }

  const inTx = <T>(fn: () => Promise<T>) => (inTransaction() ? fn() : transaction(db, SYSTEM_ACTOR, fn));

  const jobRow = (s: JobSpec): repo.NewJobRow => ({
    type: s.type,
    payload: s.payload ?? {},
    runAt: s.runAt ?? new Date(),
    dedupeKey: s.dedupeKey ?? null,
    ref: s.ref ?? null,
    maxAttempts: s.maxAttempts ?? 10,
    everyMs: s.everyMs ?? null,
  });

  /** Wakes the workers (at commit) when one of the jobs is due now. */
  async function wakeIfDue(specs: readonly JobSpec[]) {
    const now = Date.now();
    if (specs.some((s) => !s.runAt || +s.runAt <= now)) await notify(JOBS_CHANNEL);
  }

  /** Writes jobs in the caller's transaction (or a new one); wakes the workers when one is due now. */
  async function enqueue(specs: JobSpec | JobSpec[]): Promise<number[]> {
    const list = Array.isArray(specs) ? specs : [specs];
    if (!list.length) return [];
    return inTx(async () => {
      const ids = await repo.insertJobs(list.map(jobRow));
      if (ids.length) await wakeIfDue(list);
      return ids;
    });
  }

  /**
   * `enqueue` when nobody needs the new ids (a case's timers): in a write-behind transaction the jobs go in
   * with its other held-back writes. A job due now still wakes the workers at commit.
   */
  async function schedule(specs: readonly JobSpec[]): Promise<void> {
    if (!specs.length) return;
    await inTx(async () => {
      await repo.insertJobsBehind(specs.map(jobRow));
      await wakeIfDue(specs);
    });
  }

  async function runOne(job: repo.JobRow) {
    const h = handlers.get(job.type);
    const claimed: ClaimedJob = {
      id: job.id,
      type: job.type,
      payload: job.payload,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      runAt: job.runAt,
    };
    try {
      if (!h) throw new Error(`no handler for job type ${job.type}`);
      if (h.opts.transactional) {
        await transaction(db, SYSTEM_ACTOR, async () => {
          if (!(await repo.finishClaimed(job.id, workerId))) throw new LeaseLost();
          await h.fn(claimed);
        });
      } else {
        await h.fn(claimed);
        await transaction(db, SYSTEM_ACTOR, () => repo.finishClaimed(job.id, workerId));
      }
    } catch (e) {
      if (e instanceof LeaseLost) return;
      const message = e instanceof Error ? e.message : String(e);
      const delay = backoffMs(job.attempts, h?.opts.baseDelayMs ?? 5_000, h?.opts.maxDelayMs ?? 900_000);
      log.warn({ jobId: job.id, type: job.type, attempts: job.attempts, err: message }, 'job failed');
      await transaction(db, SYSTEM_ACTOR, () => repo.failClaimed(job.id, workerId, message, delay)).catch(
        (err) => log.error({ err, jobId: job.id }, 'could not record a job failure'),
      );
    }
  }

  /** Claims one batch and runs it with `concurrency` jobs at a time; returns how many were claimed. */
  async function runBatch(
    opts: { batch?: number; concurrency?: number; leaseMs?: number; asOf?: Date } = {},
  ) {
    const claimed = await transaction(db, SYSTEM_ACTOR, () =>
      repo.claimDue(workerId, opts.batch ?? 50, opts.leaseMs ?? 60_000, opts.asOf ?? null),
    );
    const queue = [...claimed];
    const lanes = Math.max(1, Math.min(opts.concurrency ?? 1, queue.length));
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let j = queue.shift(); j; j = queue.shift()) await runOne(j);
      }),
    );
    return claimed.length;
  }

  /**
   * Runs every job due by `asOf` (default now) until none is left. Tests use it to move time forward;
   * jobs that fail and are re-scheduled beyond `asOf` are left for later.
   */
  async function runDue(opts: { asOf?: Date; concurrency?: number } = {}): Promise<number> {
    let total = 0;
    for (let n = await runBatch(opts); n > 0; n = await runBatch(opts)) total += n;
    return total;
  }

  /** Starts the polling loop; NOTIFY on enqueue wakes it early. Returns a stop function. */
  async function start(opts: { pollMs?: number; concurrency?: number; batch?: number } = {}) {
    const pollMs = opts.pollMs ?? 500;
    const concurrency = opts.concurrency ?? (db.engine === 'pglite' ? 1 : 4);
    let stopping = false;
    let wake: (() => void) | null = null;
    const unlisten = await db.listen(JOBS_CHANNEL, () => wake?.());
    const loop = (async () => {
      while (!stopping) {
        let n = 0;
        try {
          n = await runBatch({ concurrency, batch: opts.batch ?? concurrency * 10 });
        } catch (err) {
          log.error({ err }, 'job runner could not claim jobs');
        }
        if (n > 0 || stopping) continue;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
        wake = null;
      }
    })();
    return async () => {
      stopping = true;
      wake?.();
      await loop;
      await unlisten();
    };
  }

  /** Makes sure one recurring job of this type exists (whichever process asks first creates it). */
  async function ensureRecurring(type: string, everyMs: number, payload: Record<string, unknown> = {}) {
    const dedupeKey = `recurring:${type}`;
    await inTx(async () => {
      await enqueue({ type, everyMs, payload, dedupeKey, maxAttempts: 1_000_000 });
      // The job may come from an earlier version with another cadence (the rollup fold went from 1 s to 5 s).
      await repo.setEvery(dedupeKey, everyMs);
    });
  }

  function requireRootScope(actor: Actor) {
    // The queue holds work for the whole district; only district-level administrators may see it.
    if (actor.scopePath !== '*' && actor.scopePath.includes('.')) throw new AppError('FORBIDDEN');
  }

  return {
    workerId,
    handle,
    enqueue,
    schedule,
    cancel: (ref: string) => inTx(() => repo.cancelByRef(ref)),
    /** For long non-transactional handlers: keep the lease; false when it was lost (stop working). */
    heartbeat: (jobId: number, leaseMs = 120_000) =>
      transaction(db, SYSTEM_ACTOR, () => repo.extendLease(jobId, workerId, leaseMs)),
    ensureRecurring,
    runBatch,
    runDue,
    start,
    purgeFinished: (before: Date) => transaction(db, SYSTEM_ACTOR, () => repo.purgeFinished(before)),
    list(actor: Actor, view: repo.JobView, type: string | undefined, limit: number, offset: number) {
      requireRootScope(actor);
      return transaction(db, actor, () => repo.listJobs(view, type, limit, offset));
    },
    stats(actor: Actor) {
      requireRootScope(actor);
      return transaction(db, actor, () => repo.countByView());
    },
    retry(actor: Actor, id: number) {
      requireRootScope(actor);
      return transaction(db, actor, async () => {
        const before = await repo.jobById(id);
        if (!before) throw notFound(THING);
        const after = await repo.retryJob(id);
        if (!after) throw new AppError('JOB_NOT_RETRYABLE', { status: before.status });
        await audit.record({
          action: 'job.retry',
          objectType: 'job',
          objectId: id,
          diff: { type: before.type, status: [before.status, 'pending'], attempts: before.attempts },
        });
        await notify(JOBS_CHANNEL);
        return after;
      });
    },
  };
}

export type JobsService = ReturnType<typeof createJobsService>;
