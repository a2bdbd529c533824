import { DAY_MS, dayOf, isWorkingDay, MAX_SEARCH_DAYS, startOfDay, type WorkingCalendar } from './calendar';

/** Units of a time limit (时限单位). Local rules set 工作时 or 工作日 per subclass; laws use days. */
export const DURATION_UNITS = ['workingHours', 'workingDays', 'calendarDays', 'calendarHours'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export const DURATION_UNIT_LABELS: Record<DurationUnit, { zh: string; en: string }> = {
  workingHours: { zh: '工作时', en: 'working hours' },
  workingDays: { zh: '工作日', en: 'working days' },
  calendarDays: { zh: '自然日', en: 'calendar days' },
  calendarHours: { zh: '小时', en: 'hours' },
};

/** Clocks in working units count working time only; the others count wall-clock time. */
export type ClockBasis = 'working' | 'calendar';

export function basisOf(unit: DurationUnit): ClockBasis {
  return unit === 'workingHours' || unit === 'workingDays' ? 'working' : 'calendar';
}

function searchLimit(): never {
  throw new RangeError(`no working time within ${MAX_SEARCH_DAYS} days: check the calendar`);
}

/**
 * The instant at which `ms` of working time has passed after `start`. Time outside working hours does
 * not count, so a result never lies outside working time: it may be a period's end (12:00, 17:30), which
 * reads as "by 12:00". With `ms = 0` the result is `start` moved forward to the next working time.
 */
export function addWorkingMs(cal: WorkingCalendar, start: Date | number, ms: number): Date {
  if (!(ms >= 0)) throw new RangeError(`working time must be ≥ 0, got ${ms}`);
  let remaining = ms;
  let day = dayOf(start);
  let offset = +start - startOfDay(day);
  for (let i = 0; i < MAX_SEARCH_DAYS; i++, day++, offset = 0) {
    if (!isWorkingDay(cal, day)) continue;
    for (const [a, b] of cal.segments) {
      if (offset > b || (offset === b && remaining > 0)) continue;
      const from = Math.max(a, offset);
      if (remaining <= b - from) return new Date(startOfDay(day) + from + remaining);
      remaining -= b - from;
      offset = b;
    }
  }
  return searchLimit();
}

/** Working ms between two instants (0 when `to` is not after `from`). */
export function workingMsBetween(cal: WorkingCalendar, from: Date | number, to: Date | number): number {
  const f = +from;
  const t = +to;
  if (t <= f) return 0;
  let total = 0;
  for (let day = dayOf(f); startOfDay(day) < t; day++) {
    if (!isWorkingDay(cal, day)) continue;
    const base = startOfDay(day);
    for (const [a, b] of cal.segments) {
      const lo = Math.max(base + a, f);
      const hi = Math.min(base + b, t);
      if (hi > lo) total += hi - lo;
    }
  }
  return total;
}

/** The end of the last working period of a day (17:30 with the default hours). */
function endOfWorkingDay(cal: WorkingCalendar, day: number): number {
  return startOfDay(day) + cal.segments[cal.segments.length - 1]![1];
}

/** The n-th working day after the day of `start` (n ≥ 1). */
function nthWorkingDayAfter(cal: WorkingCalendar, start: Date | number, n: number): number {
  let day = dayOf(start);
  let counted = 0;
  for (let i = 0; i < MAX_SEARCH_DAYS * Math.max(1, Math.ceil(n / 200)); i++) {
    day++;
    if (isWorkingDay(cal, day) && ++counted === n) return day;
  }
  return searchLimit();
}

/**
 * Adds a time limit to an instant.
 * - workingHours: working time only (fractions allowed: 0.5 = 30 working minutes).
 * - workingDays: the day of `start` is not counted and the limit ends when the n-th working day's
 *   office hours end (民法典 第二百零一条: 开始的当日不计入; 第二百零三条: 有业务时间的，停止业务活动的时间为截止时间).
 * - calendarDays: the start day is not counted; ends at 24:00 of the n-th day, and when that day is a
 *   rest day, at 24:00 of the next working day (民法典 第二百零三条: 期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日).
 * - calendarHours: plain elapsed hours.
 */
export function addDuration(cal: WorkingCalendar, start: Date | number, d: Duration): Date {
  if (!(d.amount >= 0) || !Number.isFinite(d.amount)) throw new RangeError(`bad amount ${d.amount}`);
  switch (d.unit) {
    case 'workingHours':
      return addWorkingMs(cal, start, Math.round(d.amount * 3_600_000));
    case 'calendarHours':
      return new Date(+start + Math.round(d.amount * 3_600_000));
    case 'workingDays': {
      if (!Number.isInteger(d.amount)) throw new RangeError('working days must be whole');
      if (d.amount === 0) return addWorkingMs(cal, start, 0);
      return new Date(endOfWorkingDay(cal, nthWorkingDayAfter(cal, start, d.amount)));
    }
    case 'calendarDays': {
      if (!Number.isInteger(d.amount)) throw new RangeError('calendar days must be whole');
      let last = dayOf(start) + d.amount;
      for (let i = 0; !isWorkingDay(cal, last); i++, last++) if (i > MAX_SEARCH_DAYS) searchLimit();
      return new Date(startOfDay(last + 1));
    }
  }
}

/** Whole working days that have ended after the day of `from`, up to `to` (the inverse of adding days). */
export function workingDaysBetween(cal: WorkingCalendar, from: Date | number, to: Date | number): number {
  let n = 0;
  for (let day = dayOf(from) + 1; endOfWorkingDay(cal, day) <= +to; day++) if (isWorkingDay(cal, day)) n++;
  return n;
}

export interface Interval {
  from: Date | number;
  to: Date | number;
}

/** Merges overlapping intervals and clips them to [from, to]. */
function normalise(pauses: readonly Interval[], from: number, to: number): [number, number][] {
  const list = pauses
    .map((p) => [Math.max(+p.from, from), Math.min(+p.to, to)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const p of list) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push(p);
  }
  return out;
}

/**
 * Time that counts against a limit between two instants, leaving out paused intervals (a clock stops
 * while a case waits for the reporter, for an extension decision…). Working basis counts working time
 * only; calendar basis counts wall-clock time.
 */
export function elapsedMs(
  cal: WorkingCalendar,
  basis: ClockBasis,
  from: Date | number,
  to: Date | number,
  pauses: readonly Interval[] = [],
): number {
  const f = +from;
  const t = +to;
  if (t <= f) return 0;
  const measure = (a: number, b: number) => (basis === 'working' ? workingMsBetween(cal, a, b) : b - a);
  let total = measure(f, t);
  for (const [a, b] of normalise(pauses, f, t)) total -= measure(a, b);
  return total;
}

/** The instant at which `ms` more counting time has passed after `from`. */
export function advance(cal: WorkingCalendar, basis: ClockBasis, from: Date | number, ms: number): Date {
  return basis === 'working' ? addWorkingMs(cal, from, ms) : new Date(+from + ms);
}

export const HOUR_MS = 3_600_000;
export { DAY_MS };
