import { DISPUTE_COUNTERS, type DisputeCounters } from '@fengqiao/domain';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Orm } from '../../db/client';
import { inScope, tx } from '../../db/context';
import { cubePeriod, depthOf, smallReads, subtree } from '../../db/cube';
import { containsPattern } from '../../db/like';
import { rowsOf } from '../../db/rows';
import { tableCaseStore } from '../cases/case-store.repo';
import {
  disputeCube,
  disputeFollowUps,
  disputeParties,
  disputeSessions,
  disputes,
  judicialConfirmations,
  mediationOrgs,
  mediators,
  screeningSchedules,
  screeningTasks,
} from './disputes.schema';

export type DisputeRow = typeof disputes.$inferSelect;
export type PartyRow = typeof disputeParties.$inferSelect;
export type SessionRow = typeof disputeSessions.$inferSelect;
export type FollowUpRow = typeof disputeFollowUps.$inferSelect;
export type ConfirmationRow = typeof judicialConfirmations.$inferSelect;
export type OrgRow = typeof mediationOrgs.$inferSelect;
export type MediatorRow = typeof mediators.$inferSelect;
export type ScheduleRow = typeof screeningSchedules.$inferSelect;
export type TaskRow = typeof screeningTasks.$inferSelect;

export const disputeStore = tableCaseStore(disputes);
export const confirmationStore = tableCaseStore(judicialConfirmations);

const OPEN_STATES = ['registered', 'accepted', 'assigned', 'mediating', 'failed'];

// ---- organisations and mediators (public directory) ----

export async function insertOrgs(rows: (typeof mediationOrgs.$inferInsert)[]): Promise<OrgRow[]> {
  return rows.length ? tx().insert(mediationOrgs).values(rows).returning() : [];
}

export async function orgById(id: number): Promise<OrgRow | undefined> {
  const [r] = await tx().select().from(mediationOrgs).where(eq(mediationOrgs.id, id)).limit(1);
  return r;
}

export async function listOrgs(f: {
  level?: string | undefined;
  covering?: string | undefined;
  includeInactive?: boolean | undefined;
}): Promise<OrgRow[]> {
  const c: SQL[] = f.includeInactive ? [] : [eq(mediationOrgs.active, true)];
  if (f.level) c.push(eq(mediationOrgs.level, f.level));
  // Organisations whose place covers a path (ancestor or equal).
  if (f.covering) c.push(sql`${mediationOrgs.regionPath} @> ${f.covering}::ltree`);
  return tx()
    .select()
    .from(mediationOrgs)
    .where(and(...c))
    .orderBy(asc(mediationOrgs.regionPath), asc(mediationOrgs.id));
}

export async function insertMediators(rows: (typeof mediators.$inferInsert)[]): Promise<MediatorRow[]> {
  return rows.length ? tx().insert(mediators).values(rows).returning() : [];
}

export async function mediatorByUser(userId: number): Promise<MediatorRow | undefined> {
  const [r] = await tx().select().from(mediators).where(eq(mediators.userId, userId)).limit(1);
  return r;
}

export async function listMediators(f: { orgId?: number | undefined }): Promise<MediatorRow[]> {
  const c: SQL[] = [];
  if (f.orgId) c.push(eq(mediators.orgId, f.orgId));
  return tx()
    .select()
    .from(mediators)
    .where(c.length ? and(...c) : undefined)
    .orderBy(asc(mediators.id));
}

/** Open disputes per mediator (call as the system: load counts every region). */
export async function loads(userIds: number[]): Promise<Map<number, number>> {
  if (!userIds.length) return new Map();
  const rows = await tx()
    .select({ userId: disputes.assigneeUserId, n: count() })
    .from(disputes)
    .where(and(inArray(disputes.assigneeUserId, userIds), inArray(disputes.state, ['assigned', 'mediating'])))
    .groupBy(disputes.assigneeUserId);
  return new Map(rows.map((r) => [Number(r.userId), Number(r.n)]));
}

// ---- disputes ----

export async function insertDispute(row: Omit<typeof disputes.$inferInsert, 'refNo'>, day: string) {
  const [r] = await tx()
    .insert(disputes)
    .values({ ...row, refNo: `TJ-${crypto.randomUUID()}` })
    .returning({ id: disputes.id });
  // 纠纷编号: TJ + date + the row id (unique without a counter row every writer would queue behind).
  const refNo = `TJ${day.replaceAll('-', '')}${String(r!.id).padStart(6, '0')}`;
  const [done] = await tx().update(disputes).set({ refNo }).where(eq(disputes.id, r!.id)).returning();
  return done!;
}

export async function disputeByEvent(eventId: number): Promise<number | null> {
  const [r] = await tx()
    .select({ id: disputes.id })
    .from(disputes)
    .where(eq(disputes.eventId, eventId))
    .limit(1);
  return r?.id ?? null;
}

export async function disputeById(id: number): Promise<DisputeRow | undefined> {
  const [r] = await tx()
    .select()
    .from(disputes)
    .where(and(eq(disputes.id, id), inScope(disputes.regionPath)))
    .limit(1);
  return r;
}

/** Module columns that are not the engine's (agreement, org), changed without a version bump. */
export async function setDispute(id: number, changes: Partial<typeof disputes.$inferInsert>) {
  await tx()
    .update(disputes)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(disputes.id, id), inScope(disputes.regionPath)));
}

export interface DisputeFilter {
  q?: string | undefined;
  state?: string[] | undefined;
  type?: string | undefined;
  level?: string | undefined;
  orgId?: number | undefined;
  riskLevel?: string | undefined;
  source?: string | undefined;
  assigneeUserId?: number | undefined;
  /** Disputes where this resident is a party or the reporter. */
  residentUserId?: number | undefined;
  regionPath?: string | undefined;
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listDisputes(f: DisputeFilter, limit: number, offset: number) {
  const c: SQL[] = [inScope(disputes.regionPath)];
  if (f.q) {
    const q = containsPattern(f.q);
    c.push(
      or(
        ilike(disputes.title, q),
        ilike(disputes.refNo, q),
        sql`EXISTS (SELECT 1 FROM dispute_parties p WHERE p.dispute_id = ${disputes.id} AND p.name ILIKE ${q})`,
      )!,
    );
  }
  if (f.state?.length) c.push(inArray(disputes.state, f.state));
  if (f.open) c.push(inArray(disputes.state, OPEN_STATES));
  if (f.type) c.push(eq(disputes.type, f.type));
  if (f.level) c.push(eq(disputes.level, f.level));
  if (f.orgId) c.push(eq(disputes.orgId, f.orgId));
  if (f.riskLevel) c.push(eq(disputes.riskLevel, f.riskLevel));
  if (f.source) c.push(eq(disputes.source, f.source));
  if (f.overdue) c.push(eq(disputes.overdue, true));
  if (f.assigneeUserId) c.push(eq(disputes.assigneeUserId, f.assigneeUserId));
  if (f.residentUserId)
    c.push(
      or(
        eq(disputes.reporterId, f.residentUserId),
        sql`EXISTS (SELECT 1 FROM dispute_parties p WHERE p.dispute_id = ${disputes.id} AND p.user_id = ${f.residentUserId})`,
      )!,
    );
  if (f.regionPath) c.push(sql`${disputes.regionPath} <@ ${f.regionPath}::ltree`);
  if (f.from) c.push(gte(disputes.createdAt, f.from));
  if (f.to) c.push(lt(disputes.createdAt, f.to));
  const where = and(...c);
  const [rows, [total]] = await Promise.all([
    tx().select().from(disputes).where(where).orderBy(desc(disputes.id)).limit(limit).offset(offset),
    tx().select({ n: count() }).from(disputes).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

// ---- parties ----

export async function insertParties(rows: (typeof disputeParties.$inferInsert)[]): Promise<PartyRow[]> {
  return rows.length ? tx().insert(disputeParties).values(rows).returning() : [];
}

export async function partiesOf(disputeIds: number[]): Promise<PartyRow[]> {
  if (!disputeIds.length) return [];
  return tx()
    .select()
    .from(disputeParties)
    .where(and(inArray(disputeParties.disputeId, disputeIds), inScope(disputeParties.regionPath)))
    .orderBy(asc(disputeParties.disputeId), asc(disputeParties.seq));
}

export async function partiesById(ids: number[]): Promise<PartyRow[]> {
  if (!ids.length) return [];
  return tx()
    .select()
    .from(disputeParties)
    .where(and(inArray(disputeParties.id, ids), inScope(disputeParties.regionPath)));
}

export async function disputesOfTask(taskId: number): Promise<number> {
  const [r] = await tx()
    .select({ n: count() })
    .from(disputes)
    .where(and(eq(disputes.screeningTaskId, taskId), inScope(disputes.regionPath)));
  return Number(r?.n ?? 0);
}

/** Other disputes in scope with a party of the same ID number (a sign of repeated conflict). */
export async function earlierDisputesOf(indexes: string[], exceptId: number | null): Promise<number> {
  if (!indexes.length) return 0;
  const [r] = await tx()
    .select({ n: sql<number>`count(DISTINCT ${disputeParties.disputeId})` })
    .from(disputeParties)
    .where(
      and(
        inArray(disputeParties.idNumberIndex, indexes),
        inScope(disputeParties.regionPath),
        exceptId ? sql`${disputeParties.disputeId} <> ${exceptId}` : undefined,
      ),
    );
  return Number(r?.n ?? 0);
}

// ---- sessions and follow-ups ----

export async function insertSession(row: typeof disputeSessions.$inferInsert): Promise<SessionRow> {
  const [r] = await tx().insert(disputeSessions).values(row).returning();
  return r!;
}

export async function sessionById(id: number): Promise<SessionRow | undefined> {
  const [r] = await tx()
    .select()
    .from(disputeSessions)
    .where(and(eq(disputeSessions.id, id), inScope(disputeSessions.regionPath)))
    .limit(1);
  return r;
}

export async function updateSession(id: number, changes: Partial<typeof disputeSessions.$inferInsert>) {
  const [r] = await tx().update(disputeSessions).set(changes).where(eq(disputeSessions.id, id)).returning();
  return r!;
}

export async function sessionsOf(disputeId: number): Promise<SessionRow[]> {
  return tx()
    .select()
    .from(disputeSessions)
    .where(and(eq(disputeSessions.disputeId, disputeId), inScope(disputeSessions.regionPath)))
    .orderBy(asc(disputeSessions.startsAt));
}

export async function insertFollowUp(row: typeof disputeFollowUps.$inferInsert): Promise<FollowUpRow> {
  const [r] = await tx().insert(disputeFollowUps).values(row).returning();
  return r!;
}

export async function followUpsOf(disputeId: number): Promise<FollowUpRow[]> {
  return tx()
    .select()
    .from(disputeFollowUps)
    .where(and(eq(disputeFollowUps.disputeId, disputeId), inScope(disputeFollowUps.regionPath)))
    .orderBy(asc(disputeFollowUps.visitedOn));
}

// ---- judicial confirmation ----

export async function insertConfirmation(
  row: typeof judicialConfirmations.$inferInsert,
): Promise<ConfirmationRow> {
  const [r] = await tx().insert(judicialConfirmations).values(row).returning();
  return r!;
}

export async function confirmationById(id: number): Promise<ConfirmationRow | undefined> {
  const [r] = await tx()
    .select()
    .from(judicialConfirmations)
    .where(and(eq(judicialConfirmations.id, id), inScope(judicialConfirmations.regionPath)))
    .limit(1);
  return r;
}

export async function setConfirmation(
  id: number,
  changes: Partial<typeof judicialConfirmations.$inferInsert>,
) {
  await tx()
    .update(judicialConfirmations)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(judicialConfirmations.id, id), inScope(judicialConfirmations.regionPath)));
}

export async function confirmationsOf(disputeId: number): Promise<ConfirmationRow[]> {
  return tx()
    .select()
    .from(judicialConfirmations)
    .where(and(eq(judicialConfirmations.disputeId, disputeId), inScope(judicialConfirmations.regionPath)))
    .orderBy(desc(judicialConfirmations.id));
}

export async function listConfirmations(states: string[] | undefined, limit: number, offset: number) {
  const where = and(
    inScope(judicialConfirmations.regionPath),
    states?.length ? inArray(judicialConfirmations.state, states) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    tx()
      .select()
      .from(judicialConfirmations)
      .where(where)
      .orderBy(asc(judicialConfirmations.dueAt), desc(judicialConfirmations.id))
      .limit(limit)
      .offset(offset),
    tx().select({ n: count() }).from(judicialConfirmations).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

// ---- screening ----

export async function insertSchedule(row: typeof screeningSchedules.$inferInsert): Promise<ScheduleRow> {
  const [r] = await tx().insert(screeningSchedules).values(row).returning();
  return r!;
}

export async function listSchedules(): Promise<ScheduleRow[]> {
  return tx()
    .select()
    .from(screeningSchedules)
    .where(inScope(screeningSchedules.regionPath))
    .orderBy(asc(screeningSchedules.regionPath), asc(screeningSchedules.id));
}

export async function schedulesToGenerate(through: string): Promise<ScheduleRow[]> {
  return tx()
    .select()
    .from(screeningSchedules)
    .where(
      and(
        eq(screeningSchedules.active, true),
        or(isNull(screeningSchedules.generatedThrough), lt(screeningSchedules.generatedThrough, through)),
      ),
    );
}

export async function insertTasks(rows: (typeof screeningTasks.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  const r = await tx()
    .insert(screeningTasks)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: screeningTasks.id });
  return r.length;
}

export async function markGenerated(id: number, through: string) {
  await tx()
    .update(screeningSchedules)
    .set({ generatedThrough: through })
    .where(eq(screeningSchedules.id, id));
}

export interface TaskFilter {
  open?: boolean | undefined;
  overdueOn?: string | undefined;
  responsibleUserId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export async function listTasks(f: TaskFilter, limit: number, offset: number) {
  const c: SQL[] = [inScope(screeningTasks.regionPath)];
  if (f.open) c.push(isNull(screeningTasks.doneAt));
  if (f.overdueOn) c.push(and(isNull(screeningTasks.doneAt), lt(screeningTasks.dueOn, f.overdueOn))!);
  if (f.responsibleUserId) c.push(eq(screeningTasks.responsibleUserId, f.responsibleUserId));
  if (f.from) c.push(gte(screeningTasks.dueOn, f.from));
  if (f.to) c.push(lte(screeningTasks.dueOn, f.to));
  const where = and(...c);
  const [rows, [total]] = await Promise.all([
    tx()
      .select()
      .from(screeningTasks)
      .where(where)
      .orderBy(asc(screeningTasks.dueOn), asc(screeningTasks.id))
      .limit(limit)
      .offset(offset),
    tx().select({ n: count() }).from(screeningTasks).where(where),
  ]);
  return { rows, total: Number(total?.n ?? 0) };
}

export async function taskById(id: number): Promise<TaskRow | undefined> {
  const [r] = await tx()
    .select()
    .from(screeningTasks)
    .where(and(eq(screeningTasks.id, id), inScope(screeningTasks.regionPath)))
    .limit(1);
  return r;
}

/** Marks a task done once (a second report finds it done and changes nothing). */
export async function completeTask(
  id: number,
  v: { doneBy: number | null; found: number; zeroReport: boolean; note: string | null },
): Promise<TaskRow | undefined> {
  const [r] = await tx()
    .update(screeningTasks)
    .set({ ...v, doneAt: new Date() })
    .where(and(eq(screeningTasks.id, id), isNull(screeningTasks.doneAt)))
    .returning();
  return r;
}

// ---- rollups ----

const COLUMN: Record<string, string> = Object.fromEntries(
  DISPUTE_COUNTERS.map((c) => [c, c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)]),
);

/** Adds counters to one (place, day, type, level) row: an upsert, in the transaction of the change. */
export async function bumpRollup(
  key: { regionPath: string; day: string; type: string; level: string },
  delta: Partial<DisputeCounters>,
) {
  const entries = Object.entries(delta).filter(([, v]) => v);
  if (!entries.length) return;
  const cols = entries.map(([k]) => sql.raw(COLUMN[k]!));
  const vals = entries.map(([, v]) => sql`${v}`);
  const sets = entries.map(([k]) =>
    sql.raw(`${COLUMN[k]} = dispute_rollups.${COLUMN[k]} + excluded.${COLUMN[k]}`),
  );
  await tx().execute(sql`
    INSERT INTO dispute_rollups (region_path, day, type, level, ${sql.join(cols, sql`, `)})
    VALUES (${key.regionPath}::ltree, ${key.day}::date, ${key.type}, ${key.level}, ${sql.join(vals, sql`, `)})
    ON CONFLICT (region_path, day, type, level) DO UPDATE SET ${sql.join(sets, sql`, `)}`);
}

export type StatsGroup = 'region' | 'type' | 'level' | 'day';

/**
 * Sums of rollup rows in [from, to] under `regionPath` (and the actor's scope, by RLS and inScope),
 * grouped by the child region one level below `regionPath` (or at `regionDepth`), by type, level or day.
 * Reads the region cube (`dispute_cube`: month and day rows per region and type) except by level and
 * below a grid, which read the rollups themselves.
 */
export async function sumRollups(f: {
  regionPath: string;
  from: string;
  to: string;
  groupBy: StatsGroup;
  regionDepth?: number | undefined;
}) {
  const baseDepth = depthOf(f.regionPath);
  const depth = f.regionDepth ?? baseDepth + 1;
  const sums = DISPUTE_COUNTERS.map((c) => sql.raw(`COALESCE(sum(${COLUMN[c]}), 0)::float8 AS "${c}"`));
  const fromCube =
    f.groupBy === 'day' ||
    (f.groupBy === 'region' && !(baseDepth >= 4 && depth > baseDepth)) ||
    (f.groupBy === 'type' && baseDepth <= 3);
  let query: SQL;
  if (fromCube) {
    const c = disputeCube;
    // The region's own rows by the primary key; its descendants at a depth by the level index.
    const where: SQL[] = [
      inScope(c.regionPath),
      f.groupBy === 'region'
        ? subtree(c.regionPath, f.regionPath)
        : sql`${c.regionPath} = ${f.regionPath}::ltree`,
    ];
    let key: SQL;
    if (f.groupBy === 'region') {
      where.push(sql`${c.depth} = ${Math.max(depth, baseDepth)}`, sql`${c.type} = ''`);
      key = sql`subpath(region_path, 0, ${depth})::text`;
    } else if (f.groupBy === 'type') {
      where.push(sql`${c.depth} = ${baseDepth}`, sql`${c.type} <> ''`);
      key = sql`type`;
    } else {
      where.push(sql`${c.depth} = ${baseDepth}`, sql`${c.type} = ''`);
      key = sql`to_char(day, 'YYYY-MM-DD')`;
    }
    const columns = [
      f.groupBy === 'region' ? 'region_path' : f.groupBy === 'type' ? 'type' : 'day',
      ...DISPUTE_COUNTERS.map((k) => COLUMN[k]!),
    ];
    const rows = cubePeriod(
      'dispute_cube',
      columns,
      sql.join(where, sql` AND `),
      f.from,
      f.to,
      f.groupBy === 'day',
    );
    query = sql`SELECT ${key} AS key, ${sql.join(sums, sql`, `)} FROM (${rows}) r GROUP BY 1 ORDER BY 1`;
  } else {
    const key =
      f.groupBy === 'region'
        ? sql`CASE WHEN nlevel(region_path) >= ${depth} THEN subpath(region_path, 0, ${depth})::text ELSE region_path::text END`
        : sql.raw(f.groupBy);
    query = sql`
      SELECT ${key} AS key, ${sql.join(sums, sql`, `)}
      FROM dispute_rollups
      WHERE ${subtree(sql.raw('region_path'), f.regionPath)} AND ${inScope(sql.raw('region_path'))}
        AND day BETWEEN ${f.from}::date AND ${f.to}::date
      GROUP BY 1 ORDER BY 1`;
  }
  await smallReads();
  const res = await tx().execute(query);
  return rowsOf<{ key: string } & DisputeCounters>(res).map((r) => ({
    ...r,
    ...Object.fromEntries(DISPUTE_COUNTERS.map((c) => [c, Number(r[c])])),
  })) as ({ key: string } & DisputeCounters)[];
}

/**
 * A region's totals over several periods in one statement (the cockpit's summary: the period and today):
 * the region's own cube rows (all types), months inside each period and days at its ends. Element `i`
 * is `periods[i]`.
 */
export async function periodTotals(
  regionPath: string,
  periods: readonly { from: string; to: string }[],
): Promise<DisputeCounters[]> {
  const c = disputeCube;
  const where = sql.join(
    [
      inScope(c.regionPath),
      sql`${c.regionPath} = ${regionPath}::ltree`,
      sql`${c.depth} = ${depthOf(regionPath)}`,
      sql`${c.type} = ''`,
    ],
    sql` AND `,
  );
  const sums = DISPUTE_COUNTERS.map((k) => sql.raw(`COALESCE(sum(${COLUMN[k]}), 0)::float8 AS "${k}"`));
  const columns = DISPUTE_COUNTERS.map((k) => COLUMN[k]!);
  const parts = periods.map(
    (p, i) =>
      sql`SELECT ${i}::int AS i, ${sql.join(sums, sql`, `)} FROM (${cubePeriod('dispute_cube', columns, where, p.from, p.to, false)}) r`,
  );
  await smallReads();
  const rows = rowsOf<{ i: number } & Record<string, unknown>>(
    await tx().execute(sql.join(parts, sql` UNION ALL `)),
  );
  const out = periods.map(
    () => Object.fromEntries(DISPUTE_COUNTERS.map((k) => [k, 0])) as unknown as DisputeCounters,
  );
  for (const r of rows)
    out[Number(r.i)] = Object.fromEntries(
      DISPUTE_COUNTERS.map((k) => [k, Number(r[k] ?? 0)]),
    ) as unknown as DisputeCounters;
  return out;
}

// ---- bulk loading (benchmarks and the cockpit's volume tests) ----

const BULK_STATES = [
  ['registered', 5],
  ['accepted', 5],
  ['assigned', 3],
  ['mediating', 7],
  ['settled', 50],
  ['performed', 15],
  ['failed', 4],
  ['closed', 5],
  ['refused', 4],
  ['ended', 2],
] as const;
const BULK_LEVELS = [
  ['village', 65],
  ['town', 20],
  ['district', 10],
  ['specialised', 5],
] as const;

/** A CASE expression picking a value by cumulative weights (percent) from a random number in [0, 1). */
function weighted(r: string, items: readonly (readonly [string, number])[]) {
  let acc = 0;
  const arms = items.map(([v, w]) => {
    acc += w / 100;
    return `WHEN ${r} < ${acc.toFixed(4)} THEN '${v}'`;
  });
  return sql.raw(`CASE ${arms.join(' ')} ELSE '${items.at(-1)![0]}' END`);
}

/**
 * Inserts `n` synthetic disputes over the grids in one statement (generate_series), spread over the last
 * `days` days, then adds them to `dispute_rollups` with one aggregate upsert. No parties, timelines or
 * clocks: these rows exist to give lists, statistics and the cockpit realistic volume.
 */
export async function bulkLoad(n: number, days: number, types: readonly string[], tag: string) {
  const typeArr = `{${types.join(',')}}`;
  const [range] = rowsOf<{ lo: number | null; hi: number | null }>(
    await tx().execute(sql`
    WITH g AS (
      SELECT array_agg(id ORDER BY id) AS ids, array_agg(region_path::text ORDER BY id) AS paths, count(*)::int AS k
      FROM regions WHERE level = 'grid'
    ), x AS (
      SELECT i, 1 + floor(random() * g.k)::int AS pick, random() AS rs, random() AS rl, random() AS rt,
             now() - random() * make_interval(days => ${days}) AS at, g.ids, g.paths
      FROM g, generate_series(1, ${n}) AS i
    ), ins AS (
      INSERT INTO disputes (state, region_path, ref_no, title, type, source, level, facts, region_id,
                            risk_level, created_at, updated_at, closed_at)
      SELECT ${weighted('rs', BULK_STATES)}, x.paths[x.pick]::ltree, ${`BL${tag}-`} || x.i,
             '批量载入的矛盾纠纷 #' || x.i, (${typeArr}::text[])[1 + floor(x.rt * ${types.length})::int], 'walkIn',
             ${weighted('rl', BULK_LEVELS)}, '基准测试载入的纠纷', x.ids[x.pick], 'low', x.at, x.at,
             CASE WHEN x.rs >= 0.20 THEN x.at + interval '3 days' END
      FROM x
      RETURNING id
    )
    SELECT min(id)::bigint AS lo, max(id)::bigint AS hi FROM ins`),
  );
  const lo = Number(range?.lo ?? 0);
  const hi = Number(range?.hi ?? -1);
  if (hi < lo) return { lo, hi, rollupRows: 0 };
  const counted = (states: string) => sql.raw(`count(*) FILTER (WHERE state IN (${states}))::int`);
  const settledAt = (level: string) =>
    sql.raw(`count(*) FILTER (WHERE state IN ('settled','performed') AND level = '${level}')::int`);
  const res = await tx().execute(sql`
    INSERT INTO dispute_rollups (region_path, day, type, level, found, accepted, refused, settled, failed, ended,
                                 closed, settled_village, settled_town, settled_district, settled_specialised)
    SELECT region_path, (created_at AT TIME ZONE 'Asia/Shanghai')::date, type, level, count(*)::int,
           ${counted("'accepted','assigned','mediating','settled','performed','failed','closed','ended'")},
           ${counted("'refused'")}, ${counted("'settled','performed'")}, ${counted("'failed','closed'")},
           ${counted("'ended'")}, ${counted("'closed'")}, ${settledAt('village')}, ${settledAt('town')},
           ${settledAt('district')}, ${settledAt('specialised')}
    FROM disputes WHERE id BETWEEN ${lo} AND ${hi}
    GROUP BY 1, 2, 3, 4
    ON CONFLICT (region_path, day, type, level) DO UPDATE SET
      found = dispute_rollups.found + excluded.found, accepted = dispute_rollups.accepted + excluded.accepted,
      refused = dispute_rollups.refused + excluded.refused, settled = dispute_rollups.settled + excluded.settled,
      failed = dispute_rollups.failed + excluded.failed, ended = dispute_rollups.ended + excluded.ended,
      closed = dispute_rollups.closed + excluded.closed,
      settled_village = dispute_rollups.settled_village + excluded.settled_village,
      settled_town = dispute_rollups.settled_town + excluded.settled_town,
      settled_district = dispute_rollups.settled_district + excluded.settled_district,
      settled_specialised = dispute_rollups.settled_specialised + excluded.settled_specialised
    RETURNING 1`);
  return { lo, hi, rollupRows: rowsOf(res).length };
}

// ---- administration of the mediation network ----

/** Optimistic update of an organisation (undefined: not found in scope, or the version moved on). */
export async function updateOrg(
  id: number,
  version: number,
  changes: Partial<typeof mediationOrgs.$inferInsert>,
): Promise<OrgRow | undefined> {
  const [r] = await tx()
    .update(mediationOrgs)
    .set({ ...changes, version: sql`${mediationOrgs.version} + 1`, updatedAt: new Date() })
    .where(
      and(eq(mediationOrgs.id, id), eq(mediationOrgs.version, version), inScope(mediationOrgs.regionPath)),
    )
    .returning();
  return r;
}

export async function orgInScope(id: number): Promise<OrgRow | undefined> {
  const [r] = await tx()
    .select()
    .from(mediationOrgs)
    .where(and(eq(mediationOrgs.id, id), inScope(mediationOrgs.regionPath)))
    .limit(1);
  return r;
}

/** Open disputes at an organisation (call as the system: they may lie anywhere below it). */
export async function openDisputesAt(orgId: number): Promise<number> {
  const [r] = await tx()
    .select({ n: count() })
    .from(disputes)
    .where(and(eq(disputes.orgId, orgId), isNull(disputes.closedAt)));
  return Number(r?.n ?? 0);
}

export async function mediatorById(id: number): Promise<MediatorRow | undefined> {
  const [r] = await tx()
    .select()
    .from(mediators)
    .where(and(eq(mediators.id, id), inScope(mediators.regionPath)))
    .limit(1);
  return r;
}

export async function updateMediator(
  id: number,
  version: number,
  changes: Partial<typeof mediators.$inferInsert>,
): Promise<MediatorRow | undefined> {
  const [r] = await tx()
    .update(mediators)
    .set({ ...changes, version: sql`${mediators.version} + 1`, updatedAt: new Date() })
    .where(and(eq(mediators.id, id), eq(mediators.version, version), inScope(mediators.regionPath)))
    .returning();
  return r;
}

export async function scheduleById(id: number): Promise<ScheduleRow | undefined> {
  const [r] = await tx()
    .select()
    .from(screeningSchedules)
    .where(and(eq(screeningSchedules.id, id), inScope(screeningSchedules.regionPath)))
    .limit(1);
  return r;
}

export async function updateSchedule(
  id: number,
  version: number,
  changes: Partial<typeof screeningSchedules.$inferInsert>,
): Promise<ScheduleRow | undefined> {
  const [r] = await tx()
    .update(screeningSchedules)
    .set({ ...changes, version: sql`${screeningSchedules.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(screeningSchedules.id, id),
        eq(screeningSchedules.version, version),
        inScope(screeningSchedules.regionPath),
      ),
    )
    .returning();
  return r;
}

/** Organisations placed within the actor's scope, inactive ones too (what an administrator may edit). */
export async function orgsInScope(): Promise<OrgRow[]> {
  return tx()
    .select()
    .from(mediationOrgs)
    .where(inScope(mediationOrgs.regionPath))
    .orderBy(asc(mediationOrgs.regionPath), asc(mediationOrgs.id));
}

export async function mediatorsInScope(): Promise<MediatorRow[]> {
  return tx()
    .select()
    .from(mediators)
    .where(inScope(mediators.regionPath))
    .orderBy(asc(mediators.regionPath), asc(mediators.id));
}

/**
 * Fresh planner statistics after a bulk load (as the owner, outside the app role): right after a million
 * rows the estimates are off by orders of magnitude (rollup sums for a year took 7.8 s instead of 1.2 s).
 */
export async function analyzeDisputes(orm: Orm): Promise<void> {
  await orm.execute(sql`ANALYZE disputes`);
  await orm.execute(sql`ANALYZE dispute_rollups`);
}

/** Disputes with a party of this ID number (blind index), newest first, in scope: the registry's person 360 view. */
export async function disputesByPartyIndex(index: string, limit: number) {
  return tx()
    .selectDistinct({
      id: disputes.id,
      refNo: disputes.refNo,
      title: disputes.title,
      type: disputes.type,
      state: disputes.state,
      role: disputeParties.role,
      createdAt: disputes.createdAt,
    })
    .from(disputeParties)
    .innerJoin(disputes, eq(disputes.id, disputeParties.disputeId))
    .where(and(eq(disputeParties.idNumberIndex, index), inScope(disputes.regionPath)))
    .orderBy(desc(disputes.id))
    .limit(limit);
}
