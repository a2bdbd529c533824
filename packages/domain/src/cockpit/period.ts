/**
 * Cockpit periods are whole local days in China (Asia/Shanghai, a fixed UTC+8 without summer time),
 * given as `YYYY-MM-DD`, both ends inclusive: "2026-11-01 … 2026-11-30" is 30 days.
 */
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a calendar date, or null when the text is not a real date. */
export function dayNumber(day: string): number | null {
  const m = DAY_RE.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / DAY_MS;
}

export function dayFromNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The local date in China at an instant. */
export function chinaDay(at: Date): string {
  return dayFromNumber(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS));
}

/** The instant a local day starts in China (00:00 UTC+8). */
export function chinaDayStart(day: string): Date {
  const n = dayNumber(day);
  if (n === null) throw new RangeError(`not a date: ${day}`);
  return new Date(n * DAY_MS - CHINA_OFFSET_MS);
}

export function addDays(day: string, days: number): string {
  const n = dayNumber(day);
  if (n === null) throw new RangeError(`not a date: ${day}`);
  return dayFromNumber(n + days);
}

export type PeriodProblem = 'invalid' | 'reversed' | 'tooLong';

export interface Period {
  from: string;
  to: string;
  /** Number of days, both ends included. */
  days: number;
}

/** Checks a period: real dates, `from` not after `to`, at most `maxDays` days long. */
export function checkPeriod(from: string, to: string, maxDays: number): Period | PeriodProblem {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null) return 'invalid';
  if (a > b) return 'reversed';
  const days = b - a + 1;
  if (days > maxDays) return 'tooLong';
  return { from, to, days };
}

/** The `n` days ending with `today` (inclusive). */
export function lastDays(today: string, n: number): Period {
  return { from: addDays(today, -(n - 1)), to: today, days: n };
}

/** Every day of a period, in order. */
export function daysOf(p: { from: string; to: string }): string[] {
  const a = dayNumber(p.from);
  const b = dayNumber(p.to);
  if (a === null || b === null) return [];
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(dayFromNumber(n));
  return out;
}

/**
 * A series with one point per day of the period: days without a row get zeros, so a chart's x axis
 * never skips a quiet day.
 */
export function fillDays<T extends object>(
  p: { from: string; to: string },
  rows: readonly (T & { day: string })[],
  zero: T,
): (T & { day: string })[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysOf(p).map((day) => byDay.get(day) ?? { ...zero, day });
}

/**
 * A period split for month pre-aggregates: the whole calendar months inside it (by their first days,
 * both inclusive) and the days left over at either end. Summing month rows for `months` and day rows for
 * `days` counts every day of the period exactly once.
 */
export interface PeriodSplit {
  months: { from: string; to: string } | null;
  days: { from: string; to: string }[];
}

export function splitByMonths(from: string, to: string): PeriodSplit {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null || b === null || a > b) return { months: null, days: [] };
  const monthStart = (day: string) => `${day.slice(0, 8)}01`;
  // First day of the first whole month, and the last day of the last whole month.
  const first = from.endsWith('-01') ? from : monthStart(addDays(monthStart(from), 31));
  const last = addDays(to, 1).endsWith('-01') ? to : addDays(monthStart(to), -1);
  if (dayNumber(first)! > dayNumber(last)!) return { months: null, days: [{ from, to }] };
  const days: { from: string; to: string }[] = [];
  if (first !== from) days.push({ from, to: addDays(first, -1) });
  if (last !== to) days.push({ from: addDays(last, 1), to });
  return { months: { from: first, to: monthStart(last) }, days };
}
