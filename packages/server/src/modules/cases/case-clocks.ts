import {
  addDuration,
  type ClockDef,
  type ClockState,
  clockPlan,
  DEFAULT_ESCALATION,
  type Duration,
  extendClock,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type WorkingCalendar,
} from '@fengqiao/domain';
import type { CalendarService } from '../calendar/calendar.service';
import type { JobSpec, JobsService } from '../jobs/jobs.service';
import type { CaseRecord } from './case-store.repo';
import * as repo from './cases.repo';
import type { CaseKindRegistration } from './registry';

export const WARN_JOB = 'case.clock.warn';
export const DUE_JOB = 'case.clock.due';

export function toState(r: repo.ClockRow): ClockState {
  return {
    status: r.status,
    basis: r.basis,
    budgetMs: r.budgetMs,
    consumedMs: r.consumedMs,
    runningSince: r.runningSince,
    dueAt: r.dueAt,
    warnAt: r.warnAt,
  };
}

function fromState(s: ClockState) {
  return {
    status: s.status,
    basis: s.basis,
    budgetMs: s.budgetMs,
    consumedMs: s.consumedMs,
    runningSince: s.runningSince,
    dueAt: s.dueAt,
    warnAt: s.warnAt,
  };
}

export const stepsOf = (def: ClockDef) => def.escalation ?? DEFAULT_ESCALATION;

/** When escalation step `i` of a clock falls due. */
export function stepTime(cal: WorkingCalendar, def: ClockDef, dueAt: Date, i: number): Date | null {
  const step = stepsOf(def)[i];
  if (!step) return null;
  return step.after ? addDuration(cal, dueAt, step.after) : dueAt;
}

/**
 * Case clocks inside the engine's transaction: start, pause, resume and stop them as a transition
 * enters a state, extend them on request, and keep their timers (jobs) in step: every change cancels
 * the clock's pending timers and schedules the current ones, in the same transaction.
 */
export function createCaseClocks(deps: { calendar: CalendarService; jobs: JobsService }) {
  const { calendar, jobs } = deps;

  async function schedule(cal: WorkingCalendar, def: ClockDef, row: repo.ClockRow) {
    await jobs.cancel(`clock:${row.id}`);
    await jobs.enqueue(timerSpecs(cal, def, row));
  }

  /** The timers a clock row needs now (none unless it runs): its reminder and its next escalation step. */
  function timerSpecs(cal: WorkingCalendar, def: ClockDef, row: repo.ClockRow): JobSpec[] {
    if (row.status !== 'running') return [];
    const specs: JobSpec[] = [];
    const ref = `clock:${row.id}`;
    if (row.warnAt && !row.warnedAt && !row.overdueAt)
      specs.push({
        type: WARN_JOB,
        payload: { clockId: row.id },
        runAt: row.warnAt,
        ref,
        dedupeKey: `${ref}:warn`,
      });
    const at = stepTime(cal, def, row.dueAt, row.escalationStep);
    if (at)
      specs.push({
        type: DUE_JOB,
        payload: { clockId: row.id, step: row.escalationStep },
        runAt: at,
        ref,
        dedupeKey: `${ref}:step:${row.escalationStep}`,
      });
    return specs;
  }

  function limitOf(reg: CaseKindRegistration, def: ClockDef, c: CaseRecord): Duration | null {
    if (typeof def.limit !== 'function') return def.limit;
    return def.limit({ ...c, data: reg.facts?.(c) ?? {} });
  }

  /**
   * Applies what entering `to` does to the case's clocks. Returns the case's new nearest deadline and
   * overdue flag (undefined when no clock changed).
   */
  async function onEnter(reg: CaseKindRegistration, c: CaseRecord, to: string, now: Date) {
    const def = reg.workflow;
    if (!def.clocks?.length) return undefined;
    const latest = await repo.latestClocksForUpdate(def.kind, c.id);
    const byName = new Map(latest.map((r) => [r.name, r]));
    const plan = clockPlan(def, to, new Map(latest.map((r) => [r.name, r.status])));
    if (!plan.length) return undefined;
    const cal = await calendar.calendar();
    const { warnShare: defaultShare } = await calendar.settings();
    for (const { name, op } of plan) {
      const cdef = def.clocks.find((x) => x.name === name)!;
      const share = cdef.warnShare ?? defaultShare;
      const row = byName.get(name);
      let saved: repo.ClockRow;
      if (op === 'start') {
        const limit = limitOf(reg, cdef, c);
        if (!limit) continue;
        const s = startClock(cal, now, limit, share);
        saved = await repo.insertClock({
          caseKind: def.kind,
          caseId: c.id,
          regionPath: c.regionPath,
          name,
          ...fromState(s),
          limit,
          startedAt: now,
        });
      } else if (op === 'pause') {
        saved = await repo.updateClock(row!.id, {
          ...fromState(pauseClock(cal, toState(row!), now)),
          pauses: [...row!.pauses, { from: now.toISOString(), to: null }],
        });
      } else if (op === 'resume') {
        const pauses = row!.pauses.map((p) => (p.to === null ? { ...p, to: now.toISOString() } : p));
        saved = await repo.updateClock(row!.id, {
          ...fromState(resumeClock(cal, toState(row!), now, share, row!.warnedAt !== null)),
          pauses,
        });
      } else {
        saved = await repo.updateClock(row!.id, {
          ...fromState(stopClock(cal, toState(row!), now)),
          stoppedAt: now,
        });
      }
      byName.set(name, saved);
      await schedule(cal, cdef, saved);
    }
    return summarise([...byName.values()]);
  }

  /** The clock rows that opening these new cases starts (planned in memory, nothing written). */
  async function planOpen(reg: CaseKindRegistration, list: readonly { c: CaseRecord; now: Date }[]) {
    const def = reg.workflow;
    const rows: repo.NewClockRow[] = [];
    if (!def.clocks?.length || !list.length) return rows;
    const cal = await calendar.calendar();
    const { warnShare: defaultShare } = await calendar.settings();
    for (const { c, now } of list) {
      for (const { name, op } of clockPlan(def, c.state, new Map())) {
        const cdef = def.clocks.find((x) => x.name === name)!;
        const limit = op === 'start' ? limitOf(reg, cdef, c) : null;
        if (!limit) continue;
        const s = startClock(cal, now, limit, cdef.warnShare ?? defaultShare);
        rows.push({
          caseKind: def.kind,
          caseId: c.id,
          regionPath: c.regionPath,
          name,
          ...fromState(s),
          limit,
          startedAt: now,
        });
      }
    }
    return rows;
  }

  /**
   * The deadline each new case will have once opened (the nearest of the clocks its initial state starts),
   * in `list` order: a caller that writes it with the row spares `openMany` the update of every new row.
   */
  async function plannedDueAt(reg: CaseKindRegistration, list: readonly { c: CaseRecord; now: Date }[]) {
    const rows = await planOpen(
      reg,
      list.map((x, i) => ({ ...x, c: { ...x.c, id: i } })),
    );
    const due: (Date | null)[] = list.map(() => null);
    for (const r of rows) {
      const at = due[r.caseId];
      if (r.status === 'running' && (!at || +r.dueAt < +at)) due[r.caseId] = r.dueAt;
    }
    return due;
  }

  /**
   * The clocks of many cases that were just created in `initial` (so none has a clock yet): planned in
   * memory, inserted in one statement, their timers in another. Returns each case's deadline summary.
   */
  async function openMany(reg: CaseKindRegistration, list: readonly { c: CaseRecord; now: Date }[]) {
    const def = reg.workflow;
    const out = new Map<number, ReturnType<typeof summarise>>();
    const rows = await planOpen(reg, list);
    if (!rows.length) return out;
    const cal = await calendar.calendar();
    const saved = await repo.insertClocks(rows);
    const specs: JobSpec[] = [];
    const byCase = new Map<number, repo.ClockRow[]>();
    for (const row of saved) {
      specs.push(...timerSpecs(cal, def.clocks!.find((x) => x.name === row.name)!, row));
      byCase.set(row.caseId, [...(byCase.get(row.caseId) ?? []), row]);
    }
    await jobs.schedule(specs);
    for (const [id, r] of byCase) out.set(id, summarise(r));
    return out;
  }

  /** Nearest running deadline and whether any live clock is overdue. */
  function summarise(rows: repo.ClockRow[]) {
    const live = rows.filter((r) => r.status !== 'stopped');
    const running = live.filter((r) => r.status === 'running');
    const dueAt = running.length ? new Date(Math.min(...running.map((r) => +r.dueAt))) : null;
    return { dueAt, overdue: live.length ? live.some((r) => r.overdueAt !== null) : undefined };
  }

  /** 延期: moves a live clock's deadline by `by`; clears the overdue mark if the new deadline lies ahead. */
  async function extend(reg: CaseKindRegistration, c: CaseRecord, name: string, by: Duration, now: Date) {
    const cdef = reg.workflow.clocks?.find((x) => x.name === name);
    const row = (await repo.latestClocksForUpdate(reg.workflow.kind, c.id)).find((r) => r.name === name);
    if (!cdef || !row || row.status === 'stopped') return null;
    const cal = await calendar.calendar();
    const share = cdef.warnShare ?? (await calendar.settings()).warnShare;
    const s = extendClock(cal, toState(row), now, by, share, row.warnedAt !== null);
    const back = +s.dueAt > +now;
    const saved = await repo.updateClock(row.id, {
      ...fromState(s),
      limit: {
        ...row.limit,
        extensions: [...(row.limit.extensions ?? []), { ...by, at: now.toISOString() }],
      },
      ...(back ? { overdueAt: null, escalationStep: 0 } : {}),
    });
    await schedule(cal, cdef, saved);
    return saved;
  }

  return { onEnter, openMany, plannedDueAt, extend, schedule, summarise };
}

export type CaseClocks = ReturnType<typeof createCaseClocks>;
