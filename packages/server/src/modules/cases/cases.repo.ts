import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { appendJsonRows, insertJsonRowsReturning } from '../../db/json-rows';
import { caseClocks, caseTimeline } from './cases.schema';

export type TimelineRow = typeof caseTimeline.$inferSelect;
export type NewTimelineRow = typeof caseTimeline.$inferInsert;
export type ClockRow = typeof caseClocks.$inferSelect;
export type NewClockRow = typeof caseClocks.$inferInsert;

export async function appendTimeline(row: NewTimelineRow): Promise<TimelineRow> {
  const [r] = await tx().insert(caseTimeline).values(row).returning();
  return r!;
}

/**
 * Many timeline entries in one statement (a batch of new cases), in the given order. Nobody reads them back
 * in the transaction that writes them, so they may be held back (write-behind).
 */
export async function appendTimelines(rows: NewTimelineRow[]): Promise<void> {
  await appendJsonRows(caseTimeline, rows);
}

export async function timelineOf(kind: string, id: number, limit = 500): Promise<TimelineRow[]> {
  return tx()
    .select()
    .from(caseTimeline)
    .where(
      and(eq(caseTimeline.caseKind, kind), eq(caseTimeline.caseId, id), inScope(caseTimeline.regionPath)),
    )
    .orderBy(asc(caseTimeline.id))
    .limit(limit);
}

/**
 * The latest run of each clock of a case, locked: a transition and a firing timer on the same case take
 * these locks first and so never overwrite each other's clock changes.
 */
export async function latestClocksForUpdate(kind: string, id: number): Promise<ClockRow[]> {
  const rows = await tx()
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseKind, kind), eq(caseClocks.caseId, id), inScope(caseClocks.regionPath)))
    .orderBy(asc(caseClocks.name), desc(caseClocks.id))
    .for('update');
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (seen.has(r.name)) return false;
    seen.add(r.name);
    return true;
  });
}

export async function clocksOf(kind: string, id: number): Promise<ClockRow[]> {
  return tx()
    .select()
    .from(caseClocks)
    .where(and(eq(caseClocks.caseKind, kind), eq(caseClocks.caseId, id), inScope(caseClocks.regionPath)))
    .orderBy(asc(caseClocks.id));
}

export async function clockForUpdate(id: number): Promise<ClockRow | undefined> {
  const [r] = await tx().select().from(caseClocks).where(eq(caseClocks.id, id)).for('update');
  return r;
}

export async function insertClock(row: NewClockRow): Promise<ClockRow> {
  const [r] = await tx().insert(caseClocks).values(row).returning();
  return r!;
}

/** Many clocks in one JSON statement (group commit's hot path: drizzle's VALUES builder typed each value). */
export async function insertClocks(rows: NewClockRow[]): Promise<ClockRow[]> {
  return insertJsonRowsReturning(caseClocks, rows);
}

export async function updateClock(id: number, set: Partial<NewClockRow>): Promise<ClockRow> {
  const [r] = await tx().update(caseClocks).set(set).where(eq(caseClocks.id, id)).returning();
  return r!;
}

/** Nearest deadline and overdue flag over the running or paused clocks of several cases (for lists). */
export async function clockSummaries(kind: string, ids: number[]) {
  if (!ids.length) return [];
  return tx()
    .select({
      caseId: caseClocks.caseId,
      name: caseClocks.name,
      status: caseClocks.status,
      dueAt: caseClocks.dueAt,
      overdueAt: caseClocks.overdueAt,
    })
    .from(caseClocks)
    .where(
      and(
        eq(caseClocks.caseKind, kind),
        inArray(caseClocks.caseId, ids),
        sql`${caseClocks.status} <> 'stopped'`,
        inScope(caseClocks.regionPath),
      ),
    );
}
