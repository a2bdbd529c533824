import { and, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { inScope, tx } from '../../db/context';
import { tableCaseStore } from '../cases/case-store.repo';
import { events } from './events.schema';
import { eventApiKeys, eventSupervisions, eventWhistles, workerPositions } from './events-ops.schema';

export type WhistleRow = typeof eventWhistles.$inferSelect;
export type SupervisionRow = typeof eventSupervisions.$inferSelect;
export type ApiKeyRow = typeof eventApiKeys.$inferSelect;
export type PositionRow = typeof workerPositions.$inferSelect;

export const whistleStore = tableCaseStore(eventWhistles);
export const supervisionStore = tableCaseStore(eventSupervisions);

export interface QueueFilter {
  states?: readonly string[] | undefined;
  /** A category code; a two-digit major class also matches its subclasses. */
  categoryCode?: string | undefined;
  regionPath?: string | undefined;
  /** Lead or assisting department. */
  departmentId?: number | undefined;
  overdue?: boolean | undefined;
  channel?: string | undefined;
  reporterId?: number | undefined;
  onsiteUserId?: number | undefined;
  q?: string | undefined;
  /** Keyset cursor: ids below this one. */
  before?: number | undefined;
  limit: number;
}

/**
 * The dispatch queue: newest first, keyset-paginated on id (stable under inserts, no OFFSET scans).
 * Several states are read as one ordered index scan per state (state, id) merged by UNION ALL: an IN list
 * over millions of rows would otherwise gather every matching row and sort them.
 */
export async function listQueue(f: QueueFilter) {
  // The planner cannot estimate how many rows a region + category + state filter keeps, guesses "almost
  // none", and then prefers a bitmap or sequential scan over the whole table to an ordered index scan that
  // stops after one page; JIT then adds ~70 ms of compilation to a 10 ms query. Queue pages are always
  // "newest N by id", so the ordered index scan is the right plan: say so for this statement only.
  await tx().execute(
    sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`,
  );
  try {
    return await queuePage(f);
  } finally {
    // After a failed statement the transaction is aborted anyway; keep the original error.
    await tx()
      .execute(
        sql`SELECT set_config('enable_bitmapscan', 'on', true), set_config('enable_seqscan', 'on', true)`,
      )
      .catch(() => {});
  }
}

async function queuePage(f: QueueFilter) {
  const w = queueWhere(f);
  if (f.states && f.states.length > 1) {
    const parts = f.states.map((st) =>
      tx()
        .select()
        .from(events)
        .where(and(...w, eq(events.state, st)))
        .orderBy(desc(events.id))
        .limit(f.limit),
    );
    const [a, b, ...rest] = parts;
    return unionAll(a!, b!, ...rest)
      .orderBy(sql`id DESC`)
      .limit(f.limit);
  }
  if (f.states?.length) w.push(eq(events.state, f.states[0]!));
  return tx()
    .select()
    .from(events)
    .where(and(...w))
    .orderBy(desc(events.id))
    .limit(f.limit);
}

function queueWhere(f: QueueFilter): SQL[] {
  const w: SQL[] = [inScope(events.regionPath)];
  if (f.categoryCode)
    w.push(
      f.categoryCode.length === 2
        ? sql`(${events.categoryCode} = ${f.categoryCode} OR ${events.categoryCode} LIKE ${`${f.categoryCode}__`})`
        : eq(events.categoryCode, f.categoryCode),
    );
  if (f.regionPath) w.push(sql`${events.regionPath} <@ ${f.regionPath}::ltree`);
  if (f.departmentId !== undefined)
    w.push(
      sql`(${events.assigneeDepartmentId} = ${f.departmentId} OR ${f.departmentId} = ANY(${events.assistingDepartmentIds}))`,
    );
  if (f.overdue !== undefined) w.push(eq(events.overdue, f.overdue));
  if (f.channel) w.push(eq(events.channel, f.channel));
  if (f.reporterId !== undefined) w.push(eq(events.reporterId, f.reporterId));
  if (f.onsiteUserId !== undefined) w.push(eq(events.onsiteUserId, f.onsiteUserId));
  if (f.q) w.push(sql`${events.description} ILIKE ${`%${f.q.replace(/[%_\\]/g, '\\$&')}%`}`);
  if (f.before) w.push(lt(events.id, f.before));
  return w;
}

export async function countByState(f: Omit<QueueFilter, 'limit' | 'before' | 'states'>) {
  const w: SQL[] = [inScope(events.regionPath)];
  if (f.departmentId !== undefined)
    w.push(
      sql`(${events.assigneeDepartmentId} = ${f.departmentId} OR ${f.departmentId} = ANY(${events.assistingDepartmentIds}))`,
    );
  if (f.regionPath) w.push(sql`${events.regionPath} <@ ${f.regionPath}::ltree`);
  return tx()
    .select({ state: events.state, overdue: events.overdue, n: sql<number>`count(*)::int` })
    .from(events)
    .where(and(...w, sql`${events.finishedAt} IS NULL`))
    .groupBy(events.state, events.overdue);
}

// ---- whistles and supervision orders ----

export async function insertWhistle(row: typeof eventWhistles.$inferInsert): Promise<WhistleRow> {
  const [r] = await tx().insert(eventWhistles).values(row).returning();
  return r!;
}

export async function whistlesOf(eventId: number): Promise<WhistleRow[]> {
  return tx()
    .select()
    .from(eventWhistles)
    .where(and(eq(eventWhistles.eventId, eventId), inScope(eventWhistles.regionPath)))
    .orderBy(eventWhistles.id);
}

export async function insertSupervision(row: typeof eventSupervisions.$inferInsert): Promise<SupervisionRow> {
  const [r] = await tx().insert(eventSupervisions).values(row).returning();
  return r!;
}

export async function supervisionsOf(eventId: number): Promise<SupervisionRow[]> {
  return tx()
    .select()
    .from(eventSupervisions)
    .where(and(eq(eventSupervisions.eventId, eventId), inScope(eventSupervisions.regionPath)))
    .orderBy(eventSupervisions.id);
}

/** Open whistles and supervision orders addressed to a department (its inbox). */
export async function openOrdersFor(departmentId: number) {
  const whistles = await tx()
    .select()
    .from(eventWhistles)
    .where(
      and(
        eq(eventWhistles.assigneeDepartmentId, departmentId),
        eq(eventWhistles.state, 'called'),
        inScope(eventWhistles.regionPath),
      ),
    )
    .orderBy(desc(eventWhistles.id))
    .limit(100);
  const supervisions = await tx()
    .select()
    .from(eventSupervisions)
    .where(
      and(
        eq(eventSupervisions.assigneeDepartmentId, departmentId),
        eq(eventSupervisions.state, 'issued'),
        inScope(eventSupervisions.regionPath),
      ),
    )
    .orderBy(desc(eventSupervisions.id))
    .limit(100);
  return { whistles, supervisions };
}

// ---- API keys ----

export async function insertApiKey(row: typeof eventApiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [r] = await tx().insert(eventApiKeys).values(row).returning();
  return r!;
}

export async function listApiKeys(): Promise<ApiKeyRow[]> {
  return tx().select().from(eventApiKeys).orderBy(desc(eventApiKeys.id));
}

export async function apiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
  const [r] = await tx().select().from(eventApiKeys).where(eq(eventApiKeys.keyHash, hash)).limit(1);
  return r;
}

export async function updateApiKey(id: number, changes: Partial<typeof eventApiKeys.$inferInsert>) {
  const [r] = await tx().update(eventApiKeys).set(changes).where(eq(eventApiKeys.id, id)).returning();
  return r;
}

// ---- positions ----

export async function upsertPosition(row: typeof workerPositions.$inferInsert): Promise<void> {
  await tx()
    .insert(workerPositions)
    .values(row)
    .onConflictDoUpdate({
      target: workerPositions.userId,
      set: {
        regionPath: row.regionPath,
        lng: row.lng,
        lat: row.lat,
        accuracyM: row.accuracyM ?? null,
        at: row.at,
      },
    });
}

export async function positionsOf(userIds: number[]): Promise<PositionRow[]> {
  if (!userIds.length) return [];
  return tx()
    .select()
    .from(workerPositions)
    .where(and(inArray(workerPositions.userId, userIds), inScope(workerPositions.regionPath)));
}
