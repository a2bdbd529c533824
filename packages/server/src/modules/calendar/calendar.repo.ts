import { and, asc, eq } from 'drizzle-orm';
import { tx } from '../../db/context';
import { calendarYears } from './calendar.schema';

export type CalendarYearRow = typeof calendarYears.$inferSelect;

export async function allYears(): Promise<CalendarYearRow[]> {
  return tx().select().from(calendarYears).orderBy(asc(calendarYears.year));
}

export async function yearRow(year: number): Promise<CalendarYearRow | undefined> {
  const [r] = await tx().select().from(calendarYears).where(eq(calendarYears.year, year)).limit(1);
  return r;
}

/** Inserts shipped years that are not there yet (an administrator's edits are never overwritten). */
export async function insertMissingYears(rows: (typeof calendarYears.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const res = await tx().insert(calendarYears).values(rows).onConflictDoNothing().returning();
  return res.length;
}

export async function insertYear(row: typeof calendarYears.$inferInsert): Promise<CalendarYearRow> {
  const [r] = await tx().insert(calendarYears).values(row).returning();
  return r!;
}

export async function updateYear(
  year: number,
  version: number,
  set: Pick<CalendarYearRow, 'holidays' | 'workdays' | 'source' | 'updatedBy'>,
): Promise<CalendarYearRow | undefined> {
  const [r] = await tx()
    .update(calendarYears)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(and(eq(calendarYears.year, year), eq(calendarYears.version, version)))
    .returning();
  return r;
}
