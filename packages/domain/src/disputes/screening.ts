import { addDays } from '../cockpit/period';
import { daysBetween } from './confirmation';
import type { SCREENING_CADENCE } from './constants';

export type ScreeningLevel = keyof typeof SCREENING_CADENCE;

/**
 * Screening periods of a schedule (排查, seed 001: 村民小组每日、村每周、镇每半月、县每月; settable per
 * schedule). Periods are `everyDays` long starting at `startOn`; each has a task due on its last day.
 * Returns the periods whose start lies in [from, to].
 */
export function screeningPeriods(startOn: string, everyDays: number, from: string, to: string) {
  if (everyDays < 1 || !Number.isInteger(everyDays))
    throw new RangeError('everyDays must be a positive integer');
  const out: { periodStart: string; dueOn: string }[] = [];
  const skip = Math.max(0, Math.ceil(daysBetween(startOn, from) / everyDays));
  for (let i = skip; ; i++) {
    const periodStart = addDays(startOn, i * everyDays);
    if (periodStart > to) break;
    out.push({ periodStart, dueOn: addDays(periodStart, everyDays - 1) });
  }
  return out;
}

/** A task not done by the end of its due day is overdue (shown on the dashboard). */
export function screeningOverdue(task: { dueOn: string; doneAt: Date | null }, today: string): boolean {
  return task.doneAt === null && today > task.dueOn;
}
