import type { WorkingCalendar } from '../calendar/calendar';
import {
  addDuration,
  advance,
  basisOf,
  type ClockBasis,
  type Duration,
  elapsedMs,
} from '../calendar/deadlines';
import type { WorkflowDef } from './workflow';

/**
 * A case clock (办理时限) as plain data. The budget is the counting time (working ms for working units)
 * between the start and the deadline; pausing banks what was used, resuming spends the rest from the
 * moment of resumption. So a clock that waited three working hours for the reporter ends three working
 * hours later, whatever holidays lie in between.
 */
export interface ClockState {
  status: 'running' | 'paused' | 'stopped';
  basis: ClockBasis;
  budgetMs: number;
  /** Counting time used up to `runningSince` (or up to the pause/stop). */
  consumedMs: number;
  runningSince: Date | null;
  /** The deadline while running; the last deadline once paused or stopped. */
  dueAt: Date;
  /** When the reminder is due, or null (already past, or sent). */
  warnAt: Date | null;
}

export function startClock(cal: WorkingCalendar, now: Date, limit: Duration, warnShare: number): ClockState {
  const basis = basisOf(limit.unit);
  const dueAt = addDuration(cal, now, limit);
  const budgetMs = elapsedMs(cal, basis, now, dueAt);
  return {
    status: 'running',
    basis,
    budgetMs,
    consumedMs: 0,
    runningSince: now,
    dueAt,
    warnAt: advance(cal, basis, now, Math.round(budgetMs * warnShare)),
  };
}

/** Counting time used as of `now`. */
export function consumedAt(cal: WorkingCalendar, c: ClockState, now: Date): number {
  if (c.status !== 'running' || !c.runningSince) return c.consumedMs;
  return c.consumedMs + elapsedMs(cal, c.basis, c.runningSince, now);
}

export function remainingAt(cal: WorkingCalendar, c: ClockState, now: Date): number {
  return c.budgetMs - consumedAt(cal, c, now);
}

export function pauseClock(cal: WorkingCalendar, c: ClockState, now: Date): ClockState {
  if (c.status !== 'running') return c;
  return { ...c, status: 'paused', consumedMs: consumedAt(cal, c, now), runningSince: null, warnAt: null };
}

export function stopClock(cal: WorkingCalendar, c: ClockState, now: Date): ClockState {
  if (c.status === 'stopped') return c;
  return { ...c, status: 'stopped', consumedMs: consumedAt(cal, c, now), runningSince: null, warnAt: null };
}

/** Re-plans deadline and reminder from `now` with what is left (`warned`: the reminder already went out). */
export function resumeClock(
  cal: WorkingCalendar,
  c: ClockState,
  now: Date,
  warnShare: number,
  warned: boolean,
): ClockState {
  const used = consumedAt(cal, c, now);
  const warnPoint = Math.round(c.budgetMs * warnShare);
  return {
    ...c,
    status: 'running',
    consumedMs: used,
    runningSince: now,
    dueAt: advance(cal, c.basis, now, Math.max(0, c.budgetMs - used)),
    warnAt: !warned && used < warnPoint ? advance(cal, c.basis, now, warnPoint - used) : null,
  };
}

/** 延期: the deadline moves by `by`, counted from the current deadline. */
export function extendClock(
  cal: WorkingCalendar,
  c: ClockState,
  now: Date,
  by: Duration,
  warnShare: number,
  warned: boolean,
): ClockState {
  const newDue = addDuration(cal, c.dueAt, by);
  const extended = { ...c, budgetMs: c.budgetMs + elapsedMs(cal, c.basis, c.dueAt, newDue) };
  return extended.status === 'running' ? resumeClock(cal, extended, now, warnShare, warned) : extended;
}

export type ClockOp = 'start' | 'pause' | 'resume' | 'stop';

/**
 * What entering `to` does to each clock of the workflow, given the clocks' current status
 * (`undefined` = never started). A stopped clock entering a running state starts afresh (a case sent
 * back and dispatched again gets a new handling limit).
 */
export function clockPlan(
  def: WorkflowDef,
  to: string,
  current: ReadonlyMap<string, ClockState['status']>,
): { name: string; op: ClockOp }[] {
  const plan: { name: string; op: ClockOp }[] = [];
  for (const c of def.clocks ?? []) {
    const s = current.get(c.name);
    if (c.runsIn.includes(to)) {
      if (s === 'paused') plan.push({ name: c.name, op: 'resume' });
      else if (s === undefined || s === 'stopped') plan.push({ name: c.name, op: 'start' });
    } else if (c.pausedIn?.includes(to)) {
      if (s === 'running') plan.push({ name: c.name, op: 'pause' });
    } else if (s === 'running' || s === 'paused') {
      plan.push({ name: c.name, op: 'stop' });
    }
  }
  return plan;
}
