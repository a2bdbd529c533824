import { addDuration, DURATION_UNITS, dayOf, isWorkingDay } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { CalendarYearRow } from './calendar.repo';
import { type CalendarService, calendarSettingsSchema } from './calendar.service';

const datedName = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  name: z.string().trim().min(1).max(40),
});
const yearParam = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

function presentYear(y: CalendarYearRow) {
  return {
    year: y.year,
    holidays: y.holidays,
    workdays: y.workdays,
    source: y.source,
    version: y.version,
    updatedAt: y.updatedAt.toISOString(),
  };
}

/** The working calendar: everyone signed in may read it; district administrators edit it. */
export function calendarRoutes(deps: { calendar: CalendarService }) {
  const { calendar } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/calendar',
      { schema: { tags: ['calendar'], summary: '工作日历概览 / Working calendar overview' } },
      async (req) => {
        const years = await calendar.years(req.actor);
        const thisYear = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
        const have = new Set(years.map((y) => y.year));
        return {
          settings: await calendar.settings(),
          years: years.map(presentYear),
          // Deadlines in a year without holiday data count only weekends as rest days: say so.
          missingYears: [thisYear, thisYear + 1].filter((y) => !have.has(y)),
        };
      },
    );

    r.get(
      '/api/v1/calendar/years/:year',
      { schema: { tags: ['calendar'], summary: '某年放假安排 / One year of holidays', params: yearParam } },
      async (req) => {
        const y = await calendar.year(req.actor, req.params.year);
        return y
          ? presentYear(y)
          : { year: req.params.year, holidays: [], workdays: [], source: '', version: null, updatedAt: null };
      },
    );

    r.put(
      '/api/v1/calendar/years/:year',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: ['calendar'],
          summary: '编辑某年放假调休安排 / Edit one year of holidays and make-up workdays',
          params: yearParam,
          body: z.strictObject({
            holidays: z.array(datedName).max(200),
            workdays: z.array(datedName).max(60),
            source: z.string().trim().max(500).default(''),
            version: z.number().int().min(1).nullable().default(null),
          }),
        },
      },
      async (req) => {
        const { version, ...input } = req.body;
        return presentYear(await calendar.putYear(req.actor, req.params.year, input, version));
      },
    );

    r.put(
      '/api/v1/calendar/settings',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: ['calendar'],
          summary: '工作时间与预警比例 / Working hours and warning share',
          body: calendarSettingsSchema.strict(),
        },
      },
      async (req) => calendar.putSettings(req.actor, req.body),
    );

    r.get(
      '/api/v1/calendar/deadline',
      {
        schema: {
          tags: ['calendar'],
          summary: '计算期限 / Compute a deadline',
          querystring: z.strictObject({
            start: z.iso.datetime({ offset: true }).optional(),
            amount: z.coerce.number().positive().max(10_000),
            unit: z.enum(DURATION_UNITS),
          }),
        },
      },
      async (req) => {
        const cal = await calendar.calendar();
        const start = req.query.start ? new Date(req.query.start) : new Date();
        let due: Date;
        try {
          due = addDuration(cal, start, { amount: req.query.amount, unit: req.query.unit });
        } catch (e) {
          if (e instanceof RangeError)
            throw new AppError('CALENDAR_INVALID', {
              detail: { zh: '天数须为整数', en: 'days must be whole' },
            });
          throw e;
        }
        return {
          start: start.toISOString(),
          due: due.toISOString(),
          dueIsWorkingDay: isWorkingDay(cal, dayOf(due)),
        };
      },
    );
  };
}
