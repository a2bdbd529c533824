import { bigint, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export interface DatedName {
  date: string;
  name: string;
}

/**
 * One row per year of the public-holiday schedule (放假调休安排): rest days and 调休 workdays, with the
 * notice they come from. The platform ships the State Council's schedule; administrators add later years.
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  holidays: jsonb('holidays').$type<DatedName[]>().notNull(),
  workdays: jsonb('workdays').$type<DatedName[]>().notNull(),
  source: text('source').notNull().default(''),
  version: integer('version').notNull().default(1),
  updatedBy: bigint('updated_by', { mode: 'number' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
