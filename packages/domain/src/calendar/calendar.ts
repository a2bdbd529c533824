/**
 * The working-day calendar (工作日历): working hours, weekends, public holidays and 调休 make-up workdays.
 * Everything here is pure and works in Asia/Shanghai time. China has kept one fixed offset (UTC+8, no
 * daylight saving) since 1991, so local time is `utc + 8 h` exactly and no time-zone database is needed.
 */

export const CN_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;

/** The calendar as it is stored and edited: plain data. */
export interface CalendarData {
  /** Working periods of a working day, local time `HH:MM`, sorted, not overlapping. */
  workingHours: { start: string; end: string }[];
  /** Rest days that would otherwise be working days, `YYYY-MM-DD` (法定节假日及调休休息日). */
  holidays: string[];
  /** Weekend days that are working days, `YYYY-MM-DD` (调休上班日). */
  workdays: string[];
}

/** Default office hours of the district's offices (08:30–12:00, 14:00–17:30); a setting, not a law. */
export const DEFAULT_WORKING_HOURS: CalendarData['workingHours'] = [
  { start: '08:30', end: '12:00' },
  { start: '14:00', end: '17:30' },
];

/** The calendar compiled for arithmetic: day indexes are days since 1970-01-01 in Asia/Shanghai. */
export interface WorkingCalendar {
  /** Working periods as [start, end) offsets in ms from local midnight. */
  segments: readonly (readonly [number, number])[];
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
  /** Working ms in one working day (7 h with the default hours). */
  dayWorkingMs: number;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseHhmm(value: string): number {
  if (!HHMM.test(value)) throw new RangeError(`not a HH:MM time: ${value}`);
  const [h, m] = value.split(':').map(Number);
  return (h! * 60 + m!) * 60_000;
}

/** `YYYY-MM-DD` → day index (days since 1970-01-01, local). Throws on an impossible date. */
export function dayOfDate(ymd: string): number {
  const m = YMD.exec(ymd);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${ymd}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== ymd) throw new RangeError(`no such date: ${ymd}`);
  return t / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local day an instant falls on. */
export function dayOf(t: Date | number): number {
  return Math.floor((+t + CN_OFFSET_MS) / DAY_MS);
}

/** Local midnight of a day index, as an epoch ms. */
export function startOfDay(day: number): number {
  return day * DAY_MS - CN_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Problems with stored calendar data, in plain words; empty when it is usable. */
export function checkCalendarData(data: CalendarData): string[] {
  const problems: string[] = [];
  let last = -1;
  if (data.workingHours.length === 0) problems.push('at least one working period is needed');
  for (const p of data.workingHours) {
    let a: number;
    let b: number;
    try {
      a = parseHhmm(p.start);
      b = parseHhmm(p.end);
    } catch (e) {
      problems.push((e as Error).message);
      continue;
    }
    if (b <= a) problems.push(`working period ${p.start}–${p.end} ends before it starts`);
    if (a < last) problems.push(`working period ${p.start}–${p.end} overlaps or is out of order`);
    last = b;
  }
  const seen = new Map<string, string>();
  for (const [list, name] of [
    [data.holidays, 'holiday'],
    [data.workdays, 'workday'],
  ] as const) {
    for (const d of list) {
      try {
        dayOfDate(d);
      } catch (e) {
        problems.push((e as Error).message);
      }
      if (seen.has(d) && seen.get(d) !== name) problems.push(`${d} is both a holiday and a workday`);
      seen.set(d, name);
    }
  }
  return problems;
}

export function compileCalendar(data: CalendarData): WorkingCalendar {
  const problems = checkCalendarData(data);
  if (problems.length) throw new RangeError(`invalid calendar: ${problems.join('; ')}`);
  const segments = data.workingHours.map((p) => [parseHhmm(p.start), parseHhmm(p.end)] as const);
  return {
    segments,
    holidays: new Set(data.holidays.map(dayOfDate)),
    workdays: new Set(data.workdays.map(dayOfDate)),
    dayWorkingMs: segments.reduce((s, [a, b]) => s + (b - a), 0),
  };
}

/** A working day: a make-up workday, or a weekday that is not a holiday. */
export function isWorkingDay(cal: WorkingCalendar, day: number): boolean {
  if (cal.workdays.has(day)) return true;
  if (cal.holidays.has(day)) return false;
  const w = weekdayOf(day);
  return w !== 0 && w !== 6;
}

/** True when the instant lies inside working hours of a working day (segment ends count as inside). */
export function isWorkingTime(cal: WorkingCalendar, t: Date | number): boolean {
  const day = dayOf(t);
  if (!isWorkingDay(cal, day)) return false;
  const offset = +t - startOfDay(day);
  return cal.segments.some(([a, b]) => offset >= a && offset <= b);
}

/** Days a calendar search may walk before giving up (a calendar with no working day at all). */
export const MAX_SEARCH_DAYS = 3 * 366;
