import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCalendarData,
  compileCalendar,
  DEFAULT_WORKING_HOURS,
  dayOf,
  dayOfDate,
  isWorkingDay,
  isWorkingTime,
} from './calendar';
import {
  addDuration,
  addWorkingMs,
  elapsedMs,
  HOUR_MS,
  workingDaysBetween,
  workingMsBetween,
} from './deadlines';
import { CN_HOLIDAYS_2026 } from './holidays-cn';

const cal = compileCalendar({
  workingHours: DEFAULT_WORKING_HOURS,
  holidays: CN_HOLIDAYS_2026.holidays.map((h) => h.date),
  workdays: CN_HOLIDAYS_2026.workdays.map((h) => h.date),
});

/** Local Beijing time → Date. */
const cst = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);
/** Date → local `YYYY-MM-DD HH:MM`. */
const fmt = (d: Date) => new Date(+d + 8 * HOUR_MS).toISOString().slice(0, 16).replace('T', ' ');

describe('2026 official schedule', () => {
  it('has the State Council dates: 9-day 春节, 7-day 国庆, six 调休 workdays', () => {
    expect(CN_HOLIDAYS_2026.holidays.filter((h) => h.name === '春节')).toHaveLength(9);
    expect(CN_HOLIDAYS_2026.holidays.filter((h) => h.name === '国庆节')).toHaveLength(7);
    expect(CN_HOLIDAYS_2026.holidays.filter((h) => h.name === '劳动节')).toHaveLength(5);
    expect(CN_HOLIDAYS_2026.workdays.map((w) => w.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    // Every 调休 workday really is a weekend day, and every holiday block matches its weekday in the notice.
    for (const w of CN_HOLIDAYS_2026.workdays) expect([0, 6]).toContain(new Date(w.date).getUTCDay());
    expect(new Date('2026-02-15').getUTCDay()).toBe(0); // 2月15日（周日）
    expect(new Date('2026-10-01').getUTCDay()).toBe(4); // 10月1日（周四）
    expect(checkCalendarData({ workingHours: DEFAULT_WORKING_HOURS, holidays: [], workdays: [] })).toEqual(
      [],
    );
  });

  it('knows which days are worked', () => {
    expect(isWorkingDay(cal, dayOfDate('2026-02-14'))).toBe(true); // Saturday, 调休
    expect(isWorkingDay(cal, dayOfDate('2026-02-16'))).toBe(false); // Monday in 春节
    expect(isWorkingDay(cal, dayOfDate('2026-09-20'))).toBe(true); // Sunday, 调休
    expect(isWorkingDay(cal, dayOfDate('2026-11-21'))).toBe(false); // an ordinary Saturday
    expect(isWorkingDay(cal, dayOfDate('2026-11-23'))).toBe(true);
  });
});

describe('worked examples', () => {
  it('skips the lunch break and the night', () => {
    expect(fmt(addDuration(cal, cst('2026-11-23 11:00'), { amount: 2, unit: 'workingHours' }))).toBe(
      '2026-11-23 15:00',
    );
    expect(fmt(addDuration(cal, cst('2026-11-23 17:00'), { amount: 1, unit: 'workingHours' }))).toBe(
      '2026-11-24 09:00',
    );
    // Reported at night: the clock starts at 08:30 next morning.
    expect(fmt(addDuration(cal, cst('2026-11-23 22:10'), { amount: 4, unit: 'workingHours' }))).toBe(
      '2026-11-24 14:30',
    );
    // Ends exactly at the end of the morning: "by 12:00", not 14:00.
    expect(fmt(addDuration(cal, cst('2026-11-23 08:30'), { amount: 3.5, unit: 'workingHours' }))).toBe(
      '2026-11-23 12:00',
    );
  });

  it('春节: works the 调休 Saturday before and jumps the nine days', () => {
    // Friday 16:00 + 3 h: 1.5 h on Friday, 1.5 h on Saturday 2月14日 (a workday).
    expect(fmt(addDuration(cal, cst('2026-02-13 16:00'), { amount: 3, unit: 'workingHours' }))).toBe(
      '2026-02-14 10:00',
    );
    // Saturday 2月14日 + 1 working day: 15–23 are holidays, so Tuesday 2月24日 at close of office.
    expect(fmt(addDuration(cal, cst('2026-02-14 09:00'), { amount: 1, unit: 'workingDays' }))).toBe(
      '2026-02-24 17:30',
    );
    // Thursday 2月12日 + 5 working days: 13, 14 (调休), 24, 25, 26.
    expect(fmt(addDuration(cal, cst('2026-02-12 10:00'), { amount: 5, unit: 'workingDays' }))).toBe(
      '2026-02-26 17:30',
    );
    // Friday 2月27日 + 1 working day lands on the 调休 Saturday 2月28日.
    expect(fmt(addDuration(cal, cst('2026-02-27 10:00'), { amount: 1, unit: 'workingDays' }))).toBe(
      '2026-02-28 17:30',
    );
    // A report in the middle of the holiday: 4 h count from the first working morning.
    expect(fmt(addDuration(cal, cst('2026-02-18 10:00'), { amount: 4, unit: 'workingHours' }))).toBe(
      '2026-02-24 14:30',
    );
  });

  it('国庆: 中秋 and 国庆 blocks, 调休 Sunday 9月20日 and Saturday 10月10日', () => {
    expect(fmt(addDuration(cal, cst('2026-09-30 15:00'), { amount: 4, unit: 'workingHours' }))).toBe(
      '2026-10-08 10:00',
    );
    // Thursday 9月24日 + 3 working days: 25–27 中秋, then 28, 29, 30.
    expect(fmt(addDuration(cal, cst('2026-09-24 09:00'), { amount: 3, unit: 'workingDays' }))).toBe(
      '2026-09-30 17:30',
    );
    expect(fmt(addDuration(cal, cst('2026-10-09 09:00'), { amount: 1, unit: 'workingDays' }))).toBe(
      '2026-10-10 17:30',
    );
    expect(fmt(addDuration(cal, cst('2026-09-19 09:00'), { amount: 1, unit: 'workingDays' }))).toBe(
      '2026-09-20 17:30',
    );
    expect(workingMsBetween(cal, cst('2026-09-30 08:30'), cst('2026-10-08 17:30'))).toBe(14 * HOUR_MS);
  });

  it('calendar days end at 24:00 and roll over a holiday (民法典 第二百零三条)', () => {
    // 9月24日 + 7 days = 10月1日, a holiday: the period ends at the end of 10月8日.
    expect(fmt(addDuration(cal, cst('2026-09-24 09:00'), { amount: 7, unit: 'calendarDays' }))).toBe(
      '2026-10-09 00:00',
    );
    expect(fmt(addDuration(cal, cst('2026-11-23 09:00'), { amount: 3, unit: 'calendarDays' }))).toBe(
      '2026-11-27 00:00',
    );
    expect(fmt(addDuration(cal, cst('2026-11-23 09:00'), { amount: 30, unit: 'calendarHours' }))).toBe(
      '2026-11-24 15:00',
    );
  });

  it('measures elapsed working time without paused intervals', () => {
    const from = cst('2026-11-23 09:00');
    const to = cst('2026-11-25 09:00');
    expect(elapsedMs(cal, 'working', from, to)).toBe(14 * HOUR_MS);
    const pause = { from: cst('2026-11-23 14:00'), to: cst('2026-11-24 14:00') };
    expect(elapsedMs(cal, 'working', from, to, [pause])).toBe(7 * HOUR_MS);
    // Overlapping pauses count once.
    expect(elapsedMs(cal, 'working', from, to, [pause, pause])).toBe(7 * HOUR_MS);
    expect(elapsedMs(cal, 'calendar', from, to, [pause])).toBe(24 * HOUR_MS);
    expect(workingDaysBetween(cal, cst('2026-02-12 10:00'), cst('2026-02-26 17:30'))).toBe(5);
    expect(workingDaysBetween(cal, cst('2026-02-12 10:00'), cst('2026-02-26 17:29'))).toBe(4);
  });

  it('refuses nonsense', () => {
    expect(() => addWorkingMs(cal, new Date(), -1)).toThrow(RangeError);
    expect(() => addDuration(cal, new Date(), { amount: 1.5, unit: 'workingDays' })).toThrow(RangeError);
    expect(
      checkCalendarData({ workingHours: [{ start: '14:00', end: '12:00' }], holidays: [], workdays: [] }),
    ).not.toEqual([]);
    expect(
      checkCalendarData({ workingHours: DEFAULT_WORKING_HOURS, holidays: ['2026-02-30'], workdays: [] }),
    ).not.toEqual([]);
    const noWork = compileCalendar({ workingHours: DEFAULT_WORKING_HOURS, holidays: [], workdays: [] });
    expect(isWorkingTime(noWork, cst('2026-11-23 12:30'))).toBe(false);
  });
});

describe('properties', () => {
  const instant2026 = fc
    .integer({ min: +cst('2026-01-01 00:00'), max: +cst('2026-12-20 00:00') })
    .map((t) => new Date(t));

  it('adding N working hours then measuring gives N, and the deadline is working time', () => {
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 0, max: 4 * 300 }), (start, quarters) => {
        const ms = quarters * 15 * 60_000;
        const due = addWorkingMs(cal, start, ms);
        expect(workingMsBetween(cal, start, due)).toBe(ms);
        expect(isWorkingTime(cal, due)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('adding N working days then counting gives N, ending at close of a working day', () => {
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 1, max: 60 }), (start, n) => {
        const due = addDuration(cal, start, { amount: n, unit: 'workingDays' });
        expect(workingDaysBetween(cal, start, due)).toBe(n);
        expect(isWorkingTime(cal, due)).toBe(true);
        expect(isWorkingDay(cal, dayOf(due))).toBe(true);
        expect(fmt(due).slice(11)).toBe('17:30');
      }),
      { numRuns: 300 },
    );
  });

  it('elapsed time is additive and a calendar-day deadline never ends a rest day', () => {
    fc.assert(
      fc.property(instant2026, instant2026, instant2026, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => +p - +q) as [Date, Date, Date];
        expect(elapsedMs(cal, 'working', x, z)).toBe(
          elapsedMs(cal, 'working', x, y) + elapsedMs(cal, 'working', y, z),
        );
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(instant2026, fc.integer({ min: 1, max: 30 }), (start, n) => {
        const due = addDuration(cal, start, { amount: n, unit: 'calendarDays' });
        expect(fmt(due).slice(11)).toBe('00:00');
        expect(isWorkingDay(cal, dayOf(+due - 1))).toBe(true);
        expect(dayOf(+due - 1)).toBeGreaterThanOrEqual(dayOf(start) + n);
      }),
      { numRuns: 200 },
    );
  });
});
