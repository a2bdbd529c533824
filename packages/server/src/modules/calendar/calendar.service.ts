import {
  type CalendarData,
  checkCalendarData,
  compileCalendar,
  DEFAULT_WARN_SHARE,
  DEFAULT_WORKING_HOURS,
  SHIPPED_HOLIDAY_YEARS,
  type WorkingCalendar,
} from '@fengqiao/domain';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { type Actor, afterCommit, SYSTEM_ACTOR, transaction } from '../../db/context';
import { notify } from '../../db/notify';
import { AppError, forbidden } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../platform/settings.service';
import * as repo from './calendar.repo';
import type { DatedName } from './calendar.schema';

export const CALENDAR_CHANGED_CHANNEL = 'fq_calendar_changed';
export const CALENDAR_SETTINGS_KEY = 'calendar';

export const calendarSettingsSchema = z.object({
  workingHours: z
    .array(z.object({ start: z.string().regex(/^\d\d:\d\d$/), end: z.string().regex(/^\d\d:\d\d$/) }))
    .min(1)
    .max(6),
  /** Share of a time limit at which the reminder goes out (issue #3: default 80%). */
  warnShare: z.number().gt(0).lt(1),
});
export type CalendarSettings = z.infer<typeof calendarSettingsSchema>;
export const CALENDAR_DEFAULTS: CalendarSettings = {
  workingHours: DEFAULT_WORKING_HOURS,
  warnShare: DEFAULT_WARN_SHARE,
};

export interface YearInput {
  holidays: DatedName[];
  workdays: DatedName[];
  source: string;
}

function sameYear(list: DatedName[], year: number) {
  return list.every((d) => d.date.startsWith(`${year}-`));
}

/**
 * The working-day calendar every deadline is computed on (issue #3): working hours and the warning share
 * as settings, public holidays and 调休 workdays as data per year. The compiled calendar is cached per
 * process and dropped on every change here and, through NOTIFY, in every other process.
 */
export function createCalendarService(deps: {
  db: Database;
  audit: AuditService;
  settings: SettingsService;
}) {
  const { db, audit, settings } = deps;
  let compiled: { cal: WorkingCalendar; settings: CalendarSettings; at: number } | null = null;

  const getSettings = () => settings.get(CALENDAR_SETTINGS_KEY, calendarSettingsSchema, CALENDAR_DEFAULTS);

  async function current() {
    if (compiled && Date.now() - compiled.at < 60_000) return compiled;
    const s = await getSettings();
    const years = await transaction(db, SYSTEM_ACTOR, () => repo.allYears());
    const data: CalendarData = {
      workingHours: s.workingHours,
      holidays: years.flatMap((y) => y.holidays.map((h) => h.date)),
      workdays: years.flatMap((y) => y.workdays.map((h) => h.date)),
    };
    compiled = { cal: compileCalendar(data), settings: s, at: Date.now() };
    return compiled;
  }

  async function changed() {
    await notify(CALENDAR_CHANGED_CHANNEL);
    afterCommit(() => {
      compiled = null;
      settings.clearCache();
    });
  }

  function requireDistrictAdmin(actor: Actor) {
    // One calendar serves the whole district: a town administrator may read it but not change it.
    if (actor.scopePath !== '*' && actor.scopePath.includes('.')) throw forbidden();
  }

  function check(year: number, input: YearInput, workingHours: CalendarSettings['workingHours']) {
    const problems = checkCalendarData({
      workingHours,
      holidays: input.holidays.map((h) => h.date),
      workdays: input.workdays.map((h) => h.date),
    });
    if (!sameYear(input.holidays, year) || !sameYear(input.workdays, year))
      problems.push(`every date must lie in ${year}`);
    for (const w of input.workdays) {
      const day = new Date(`${w.date}T00:00:00Z`).getUTCDay();
      if (day !== 0 && day !== 6)
        problems.push(`${w.date} is a weekday; a 调休 workday must be a weekend day`);
    }
    if (problems.length) throw new AppError('CALENDAR_INVALID', { detail: problems.join('；') });
  }

  return {
    /** The compiled calendar for deadline arithmetic. */
    calendar: async () => (await current()).cal,
    settings: async () => (await current()).settings,
    listenForChanges: () =>
      db.listen(CALENDAR_CHANGED_CHANNEL, () => {
        compiled = null;
        settings.clearCache();
      }),

    /** Ships the official schedules on first start (never overwrites an administrator's edits). */
    ensureShipped: () =>
      transaction(db, SYSTEM_ACTOR, async () => {
        const n = await repo.insertMissingYears(
          SHIPPED_HOLIDAY_YEARS.map((y) => ({
            year: y.year,
            holidays: y.holidays,
            workdays: y.workdays,
            source: y.source,
          })),
        );
        if (n) await changed();
        return n;
      }),

    years: (actor: Actor) => transaction(db, actor, () => repo.allYears()),
    year: (actor: Actor, year: number) => transaction(db, actor, () => repo.yearRow(year)),

    async putYear(actor: Actor, year: number, input: YearInput, version: number | null) {
      requireDistrictAdmin(actor);
      check(year, input, (await getSettings()).workingHours);
      const sort = (l: DatedName[]) => [...l].sort((a, b) => a.date.localeCompare(b.date));
      return transaction(db, actor, async () => {
        const before = await repo.yearRow(year);
        const set = {
          holidays: sort(input.holidays),
          workdays: sort(input.workdays),
          source: input.source,
          updatedBy: actor.userId,
        };
        let after: repo.CalendarYearRow | undefined;
        if (!before) after = await repo.insertYear({ year, ...set });
        else if (version === null || version !== before.version) throw new AppError('CONFLICT');
        else after = await repo.updateYear(year, version, set);
        if (!after) throw new AppError('CONFLICT');
        await audit.record({
          action: 'calendar.year.update',
          objectType: 'calendar',
          objectId: year,
          diff: {
            holidays: [before?.holidays.length ?? 0, after.holidays.length],
            workdays: [before?.workdays.map((w) => w.date) ?? [], after.workdays.map((w) => w.date)],
            source: after.source,
          },
        });
        await changed();
        return after;
      });
    },

    async putSettings(actor: Actor, value: CalendarSettings) {
      requireDistrictAdmin(actor);
      const problems = checkCalendarData({ workingHours: value.workingHours, holidays: [], workdays: [] });
      if (problems.length) throw new AppError('CALENDAR_INVALID', { detail: problems.join('；') });
      return transaction(db, actor, async () => {
        const saved = await settings.put(
          actor,
          CALENDAR_SETTINGS_KEY,
          calendarSettingsSchema,
          CALENDAR_DEFAULTS,
          value,
        );
        await changed();
        return saved;
      });
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
