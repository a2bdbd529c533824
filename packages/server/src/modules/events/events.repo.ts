import { type CounterKey, type EventCounters, emptyCounters } from '@fengqiao/domain';
import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { cubeBase, cubePeriod, depthOf, smallReads, subtree } from '../../db/cube';
import { appendJsonRows, insertJsonRowsReturning } from '../../db/json-rows';
import { rowsOf } from '../../db/rows';
import { writeBehind } from '../../db/write-behind';
import { tableCaseStore } from '../cases/case-store.repo';
import {
  eventCategories,
  eventCube,
  eventOpenCounts,
  eventRollupPending,
  eventRollups,
  eventRoutingRules,
  events,
} from './events.schema';

export type EventRow = typeof events.$inferSelect;
export type NewEventRow = typeof events.$inferInsert;
export type CategoryRow = typeof eventCategories.$inferSelect;
export type RuleRow = typeof eventRoutingRules.$inferSelect;

export const eventStore = tableCaseStore(events);

export async function insertEvent(row: NewEventRow): Promise<EventRow> {
  const [r] = await tx().insert(events).values(row).returning();
  return r!;
}

/** Many new events in one JSON statement (group-commit intake), answered whole and typed, in the order given. */
export async function insertEvents(rows: NewEventRow[]): Promise<EventRow[]> {
  return insertJsonRowsReturning(events, rows);
}

export async function eventById(id: number): Promise<EventRow | undefined> {
  const [r] = await tx()
    .select()
    .from(events)
    .where(and(eq(events.id, id), inScope(events.regionPath)))
    .limit(1);
  return r;
}

export async function eventsByIds(ids: number[]): Promise<EventRow[]> {
  if (!ids.length) return [];
  return tx()
    .select()
    .from(events)
    .where(and(inArray(events.id, ids), inScope(events.regionPath)));
}

export async function eventByTracking(code: string): Promise<EventRow | undefined> {
  const [r] = await tx().select().from(events).where(eq(events.trackingCode, code)).limit(1);
  return r;
}

export async function eventByExternal(channel: string, ref: string): Promise<EventRow | undefined> {
  const [r] = await tx()
    .select()
    .from(events)
    .where(and(eq(events.channel, channel), eq(events.externalRef, ref)))
    .limit(1);
  return r;
}

/** Events already filed under these (channel, external reference) pairs: the idempotent retries. */
export async function eventsByExternal(
  keys: readonly { channel: string; ref: string }[],
): Promise<EventRow[]> {
  if (!keys.length) return [];
  return tx()
    .select()
    .from(events)
    .where(or(...keys.map((k) => and(eq(events.channel, k.channel), eq(events.externalRef, k.ref)))));
}

/** Plain column changes that are not state transitions (merge links, the transfer note, the link). */
export async function setEventColumns(id: number, changes: Partial<NewEventRow>): Promise<void> {
  await tx()
    .update(events)
    .set(changes)
    .where(and(eq(events.id, id), inScope(events.regionPath)));
}

export async function mergedInto(id: number): Promise<EventRow[]> {
  return tx()
    .select()
    .from(events)
    .where(and(eq(events.mergedInto, id), inScope(events.regionPath)));
}

// ---- catalogue and rules ----

export async function listCategories(): Promise<CategoryRow[]> {
  return tx().select().from(eventCategories).orderBy(asc(eventCategories.sort), asc(eventCategories.code));
}

export async function insertCategories(rows: (typeof eventCategories.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx().insert(eventCategories).values(rows).onConflictDoNothing();
}

export async function listRules(): Promise<RuleRow[]> {
  return tx()
    .select()
    .from(eventRoutingRules)
    .orderBy(asc(eventRoutingRules.priority), asc(eventRoutingRules.id));
}

export async function insertRule(row: typeof eventRoutingRules.$inferInsert): Promise<RuleRow> {
  const [r] = await tx().insert(eventRoutingRules).values(row).returning();
  return r!;
}

// ---- rollups ----

export interface RollupKey {
  regionPath: string;
  day: string;
  categoryCode: string;
  departmentId: number;
}

/** Adds to one day's counters (appended to the pending deltas), in the caller's transaction. */
export function bumpRollup(key: RollupKey, delta: Partial<EventCounters>): Promise<void> {
  return bumpRollups([{ key, delta }]);
}

/**
 * With these transaction settings, the 在办 counters of events inserted are folded by `foldOpenCountsLate` just before
 * commit instead of by the INSERT's trigger (migration 0017: the district's counter row is locked until
 * commit, so folding first made concurrent intake batches wait for each other). Until then only those events
 * may be written in this transaction.
 */
export const DEFER_OPEN_COUNTS = { 'fengqiao.open_fold': 'later' } as const;

export async function foldOpenCountsLate(ids: number[]) {
  await writeBehind([{ sql: sql`SELECT event_open_add(${`{${ids.join(',')}}`}::bigint[])`, select: true }]);
}

/**
 * Several bumps in one statement, appended to `event_rollup_pending` (folded into the rollups and the cube by
 * `foldRollups`; no lock on a shared row). The deltas of equal keys are added up first.
 */
export async function bumpRollups(list: readonly { key: RollupKey; delta: Partial<EventCounters> }[]) {
  const sums = new Map<string, { key: RollupKey; delta: Partial<Record<CounterKey, number>> }>();
  const used = new Set<CounterKey>();
  for (const { key, delta } of list) {
    const id = `${key.day}|${key.regionPath}|${key.categoryCode}|${key.departmentId}`;
    const s = sums.get(id) ?? { key, delta: {} };
    for (const [k, v] of Object.entries(delta) as [CounterKey, number | undefined][])
      if (v) {
        s.delta[k] = (s.delta[k] ?? 0) + v;
        used.add(k);
      }
    sums.set(id, s);
  }
  if (!used.size) return;
  const cols = [...used];
  await appendJsonRows(
    eventRollupPending,
    [...sums.values()].map((s) => {
      const v: Record<string, unknown> = { ...s.key };
      for (const k of cols) v[k] = s.delta[k] ?? 0;
      return v as typeof eventRollupPending.$inferInsert;
    }),
  );
}

/**
 * Adds the pending deltas to the rollups (and, by their trigger, to the cube), waiting for a fold under way
 * in another transaction: what was committed before this call is then in the sums. Called before every
 * read of either, and on a cadence by the job `events.rollups.fold`. Answers the rollup rows written.
 */
export async function foldRollups(): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await tx().execute(sql`SELECT event_rollups_fold() AS n`));
  return Number(r?.n ?? 0);
}

/** Before a read of the rollups or the cube: the queued deltas folded in, no parallel workers. */
async function readySums() {
  await foldRollups();
  await smallReads();
}

export type GroupBy = 'region' | 'category' | 'department' | 'day';

/**
 * Sums of the daily counters in [from, to] under `path`, grouped. For `region` the group is the child of
 * `path` (one level down, or at `regionDepth`) that the counted grid lies in. Reads the region cube
 * (`event_cube`: a few hundred rows for a district-wide year) down to the community; a grid's own
 * categories and departments, and groups below a grid, come from its rollups.
 */
export async function sumRollups(
  path: string | null,
  from: string,
  to: string,
  groupBy: GroupBy,
  /** Group regions at this path depth (default: the children of `path`); the cockpit asks for grids. */
  regionDepth?: number,
  /** Sum only these counters (the others are 0): the cube's level index covers the cockpit's. */
  only?: readonly CounterKey[],
): Promise<{ key: string; counters: EventCounters }[]> {
  const base = cubeBase(path);
  const baseDepth = depthOf(base);
  const depth = regionDepth ?? (path ? path.split('.').length + 1 : 1);
  const fromCube =
    groupBy === 'day' || (groupBy === 'region' ? !(baseDepth >= 4 && depth > baseDepth) : baseDepth <= 3);
  if (!fromCube) return sumRollupRows(path, from, to, groupBy, regionDepth, only);
  const c = eventCube;
  const where: SQL[] = [inScope(c.regionPath)];
  // The region's own rows by the primary key; its descendants at a depth by the place index (a small
  // region: its range) or the level index (a large one: the days), as the planner estimates.
  if (base)
    where.push(groupBy === 'region' ? subtree(c.regionPath, base) : sql`${c.regionPath} = ${base}::ltree`);
  let key: SQL;
  let keyColumn: string;
  if (groupBy === 'region') {
    where.push(
      sql`${c.depth} = ${Math.max(depth, baseDepth)}`,
      sql`${c.categoryCode} = ''`,
      sql`${c.departmentId} = -1`,
    );
    key = sql`subpath(region_path, 0, ${depth})::text`;
    keyColumn = 'region_path';
  } else {
    where.push(sql`${c.depth} = ${Math.max(baseDepth, 1)}`);
    if (groupBy === 'category') {
      where.push(sql`${c.categoryCode} <> ''`, sql`${c.departmentId} = -1`);
      key = sql`category_code`;
      keyColumn = 'category_code';
    } else if (groupBy === 'department') {
      where.push(sql`${c.categoryCode} = ''`, sql`${c.departmentId} <> -1`);
      key = sql`department_id::text`;
      keyColumn = 'department_id';
    } else {
      where.push(sql`${c.categoryCode} = ''`, sql`${c.departmentId} = -1`);
      key = sql`day::text`;
      keyColumn = 'day';
    }
  }
  const keys = only ?? COUNTER_KEYS;
  const rows = cubePeriod(
    'event_cube',
    [keyColumn, ...keys.map((k) => eventRollups[k].name)],
    sql.join(where, sql` AND `),
    from,
    to,
    groupBy === 'day',
  );
  return sumsBy(sql`SELECT ${key} AS key, ${counterSums(keys)} FROM (${rows}) r GROUP BY 1 ORDER BY 1`);
}

const COUNTER_KEYS = Object.keys(emptyCounters()) as CounterKey[];
const counterSums = (keys: readonly CounterKey[] = COUNTER_KEYS) =>
  sql.join(
    keys.map(
      (k) => sql`coalesce(sum(${sql.identifier(eventRollups[k].name)}), 0)::float8 AS ${sql.identifier(k)}`,
    ),
    sql`, `,
  );

async function sumsBy(query: SQL): Promise<{ key: string; counters: EventCounters }[]> {
  await readySums();
  return rowsOf<Record<string, unknown>>(await tx().execute(query)).map((row) => {
    const counters = emptyCounters();
    for (const k of Object.keys(counters) as CounterKey[]) counters[k] = Number(row[k] ?? 0);
    return { key: String(row.key), counters };
  });
}

/**
 * The same sums straight from the grid rollups (a grid's categories and departments, groups below it):
 * one range of event_rollups_place_day_idx, which carries the cockpit's counters.
 */
async function sumRollupRows(
  path: string | null,
  from: string,
  to: string,
  groupBy: GroupBy,
  regionDepth?: number,
  only?: readonly CounterKey[],
): Promise<{ key: string; counters: EventCounters }[]> {
  const r = eventRollups;
  const where = [sql`${r.day} BETWEEN ${from}::date AND ${to}::date`, inScope(r.regionPath)];
  if (path) where.push(subtree(r.regionPath, path));
  const depth = regionDepth ?? (path ? path.split('.').length + 1 : 1);
  const key =
    groupBy === 'region'
      ? sql`CASE WHEN nlevel(${r.regionPath}) >= ${depth} THEN subpath(${r.regionPath}, 0, ${depth})::text ELSE ${r.regionPath}::text END`
      : groupBy === 'category'
        ? sql`${r.categoryCode}`
        : groupBy === 'department'
          ? sql`${r.departmentId}::text`
          : sql`${r.day}::text`;
  return sumsBy(
    sql`SELECT ${key} AS key, ${counterSums(only)} FROM ${r} WHERE ${sql.join(where, sql` AND `)} GROUP BY 1 ORDER BY 1`,
  );
}

/**
 * Open events now (not a period figure), and how many of them are overdue, grouped by region (at a path
 * depth), by lead department, or in total. Reads the counters kept by the triggers on `events`
 * (`event_open_counts`), never the events.
 */
export async function openCounts(
  path: string | null,
  groupBy: 'region' | 'department' | 'total',
  regionDepth?: number,
): Promise<{ key: string; open: number; overdue: number }[]> {
  const o = eventOpenCounts;
  const base = cubeBase(path);
  const baseDepth = depthOf(base);
  const where = [inScope(o.regionPath)];
  if (base)
    where.push(groupBy === 'region' ? subtree(o.regionPath, base) : sql`${o.regionPath} = ${base}::ltree`);
  let key: SQL;
  if (groupBy === 'region') {
    const depth = regionDepth ?? (path ? path.split('.').length + 1 : 1);
    where.push(sql`${o.depth} = ${Math.max(depth, baseDepth)}`, sql`${o.departmentId} = -1`);
    key = sql`subpath(${o.regionPath}, 0, ${depth})::text`;
  } else {
    where.push(sql`${o.depth} = ${Math.max(baseDepth, 1)}`);
    if (groupBy === 'department') {
      where.push(sql`${o.departmentId} <> -1`);
      key = sql`${o.departmentId}::text`;
    } else {
      where.push(sql`${o.departmentId} = -1`);
      key = sql`'total'`;
    }
  }
  await smallReads();
  const res = await tx().execute(
    sql`SELECT ${key} AS key, sum(${o.open})::int AS open, sum(${o.overdue})::int AS overdue FROM ${o}
        WHERE ${sql.join(where, sql` AND `)} GROUP BY 1 HAVING sum(${o.open}) <> 0 OR sum(${o.overdue}) <> 0`,
  );
  return rowsOf<{ key: string; open: number; overdue: number }>(res).map((r) => ({
    key: String(r.key),
    open: Number(r.open),
    overdue: Number(r.overdue),
  }));
}

/**
 * The totals of a region over several periods and its open counts now, in one statement (the cockpit's
 * summary: the period and today). Each period reads the region's own cube rows, months inside it and days
 * at its ends; the open counts are the region's own `event_open_counts` row. Row `i` of `totals` is
 * `periods[i]`.
 */
export async function periodTotals(
  path: string | null,
  periods: readonly { from: string; to: string }[],
  only?: readonly CounterKey[],
): Promise<{ totals: EventCounters[]; open: number; overdue: number }> {
  const base = cubeBase(path);
  const depth = Math.max(depthOf(base), 1);
  const keys = only ?? COUNTER_KEYS;
  const c = eventCube;
  const where: SQL[] = [inScope(c.regionPath)];
  if (base) where.push(sql`${c.regionPath} = ${base}::ltree`);
  where.push(sql`${c.depth} = ${depth}`, sql`${c.categoryCode} = ''`, sql`${c.departmentId} = -1`);
  const cols = keys.map((k) => eventRollups[k].name);
  const parts = periods.map(
    (p, i) =>
      sql`SELECT ${i}::int AS i, ${counterSums(keys)}, 0 AS open, 0 AS overdue FROM (${cubePeriod('event_cube', cols, sql.join(where, sql` AND `), p.from, p.to, false)}) r`,
  );
  const o = eventOpenCounts;
  const openWhere: SQL[] = [inScope(o.regionPath), sql`${o.depth} = ${depth}`, sql`${o.departmentId} = -1`];
  if (base) openWhere.push(sql`${o.regionPath} = ${base}::ltree`);
  const zeros = sql.join(
    keys.map((k) => sql`0::float8 AS ${sql.identifier(k)}`),
    sql`, `,
  );
  parts.push(
    sql`SELECT -1 AS i, ${zeros}, coalesce(sum(${o.open}), 0)::int AS open, coalesce(sum(${o.overdue}), 0)::int AS overdue FROM ${o} WHERE ${sql.join(openWhere, sql` AND `)}`,
  );
  await readySums();
  const rows = rowsOf<Record<string, unknown>>(await tx().execute(sql.join(parts, sql` UNION ALL `)));
  const totals = periods.map(() => emptyCounters());
  let open = 0;
  let overdue = 0;
  for (const row of rows) {
    const i = Number(row.i);
    if (i < 0) {
      open = Number(row.open ?? 0);
      overdue = Number(row.overdue ?? 0);
      continue;
    }
    for (const k of keys) totals[i]![k] = Number(row[k] ?? 0);
  }
  return { totals, open, overdue };
}

/** Rebuilds the cube and the open counts from the tables they sum (after a load with the triggers off). */
export async function rebuildCounters(): Promise<void> {
  await foldRollups();
  await tx().execute(sql`SELECT event_cube_rebuild()`);
  await tx().execute(sql`SELECT event_open_rebuild()`);
}

// ---- lists ----

/**
 * The newest events under a region. With the places under it (its own id and every descendant's), one
 * short backward index scan per place (events_place_id_idx) merged by id: the newest rows of a quiet
 * grid are not behind a million newer rows elsewhere, as they would be scanning the whole table by id.
 */
export async function recentEvents(
  path: string | null,
  limit: number,
  placeIds?: readonly number[],
): Promise<EventRow[]> {
  if (path && placeIds?.length) {
    const ids = sql.raw(`'{${placeIds.map((i) => Math.trunc(i)).join(',')}}'::bigint[]`);
    const res = await tx().execute(sql`
      SELECT e.* FROM unnest(${ids}) AS p(id)
      CROSS JOIN LATERAL (
        SELECT * FROM ${events} WHERE ${events.gridId} = p.id AND ${inScope(events.regionPath)}
        ORDER BY ${events.id} DESC LIMIT ${limit}
      ) e
      ORDER BY e.id DESC LIMIT ${limit}`);
    const rows = rowsOf<Record<string, unknown>>(res).map((r) => r.id as number);
    if (!rows.length) return [];
    // Typed rows (dates, arrays) through the ORM, in the same order.
    const typed = await tx().select().from(events).where(inArray(events.id, rows));
    const byId = new Map(typed.map((e) => [e.id, e]));
    return rows.map((id) => byId.get(Number(id))!).filter(Boolean);
  }
  const where = [inScope(events.regionPath)];
  if (path) where.push(sql`${events.regionPath} <@ ${path}::ltree`);
  return tx()
    .select()
    .from(events)
    .where(and(...where))
    .orderBy(desc(events.id))
    .limit(limit);
}

export interface DuplicateQuery {
  id: number;
  categoryCode: string;
  description: string;
  lng: number;
  lat: number;
  radiusM: number;
  since: Date;
  states: readonly string[];
}

/**
 * 重复事件: open events of the same category within the radius and the time window whose text is similar
 * (pg_trgm). A bounding box narrows the rows first; the distance is an equirectangular approximation,
 * good to a fraction of a metre at these radii.
 */
export async function duplicateCandidates(q: DuplicateQuery, limit = 5) {
  const dLat = q.radiusM / 111_320;
  const dLng = q.radiusM / (111_320 * Math.cos((q.lat * Math.PI) / 180));
  const dist = sql<number>`sqrt(power((${events.lng} - ${q.lng}) * 111320 * cos(radians(${q.lat})), 2) + power((${events.lat} - ${q.lat}) * 111320, 2))`;
  const sim = sql<number>`similarity(${events.description}, ${q.description})`;
  return tx()
    .select({
      id: events.id,
      state: events.state,
      description: events.description,
      address: events.address,
      createdAt: events.createdAt,
      distanceM: dist,
      similarity: sim,
    })
    .from(events)
    .where(
      and(
        eq(events.categoryCode, q.categoryCode),
        inArray(events.state, [...q.states]),
        sql`${events.createdAt} >= ${q.since.toISOString()}::timestamptz`,
        sql`${events.lng} BETWEEN ${q.lng - dLng} AND ${q.lng + dLng}`,
        sql`${events.lat} BETWEEN ${q.lat - dLat} AND ${q.lat + dLat}`,
        sql`${events.id} <> ${q.id}`,
        sql`${dist} <= ${q.radiusM}`,
        sql`${sim} >= 0.1`,
        inScope(events.regionPath),
      ),
    )
    .orderBy(desc(sim))
    .limit(limit);
}

export interface DuplicateRow {
  id: number;
  state: string;
  description: string;
  address: string;
  createdAt: Date;
  distanceM: number;
  similarity: number;
}

/**
 * `duplicateCandidates` for a batch of new events in one statement (a lateral search per event). Within
 * the batch an event sees only those filed before it (lower id), as if they had come one by one.
 */
export async function duplicateCandidatesMany(
  qs: readonly DuplicateQuery[],
  limit = 5,
): Promise<Map<number, DuplicateRow[]>> {
  const out = new Map<number, DuplicateRow[]>(qs.map((q) => [q.id, []]));
  if (!qs.length) return out;
  const states = [...new Set(qs.flatMap((q) => q.states))];
  // The box's bounds go in as plain values: under row-level security an index takes only leakproof
  // conditions, and `q.lat - q.dlat` (float subtraction may overflow) is not, which left the geo index
  // unused and scanned every event of the category in the window (15 ms for 8 reports at 37k events).
  const data = JSON.stringify(
    qs.map((q) => {
      const dlat = q.radiusM / 111_320;
      const dlng = q.radiusM / (111_320 * Math.cos((q.lat * Math.PI) / 180));
      return {
        id: q.id,
        category: q.categoryCode,
        description: q.description,
        lng: q.lng,
        lat: q.lat,
        radius: q.radiusM,
        lat_min: q.lat - dlat,
        lat_max: q.lat + dlat,
        lng_min: q.lng - dlng,
        lng_max: q.lng + dlng,
        since: q.since.toISOString(),
      };
    }),
  );
  const ids = qs.map((q) => Math.trunc(q.id));
  const batchIds = sql.raw(`'{${ids.join(',')}}'::bigint[]`);
  const dist = sql`sqrt(power((${events.lng} - q.lng) * 111320 * cos(radians(q.lat)), 2) + power((${events.lat} - q.lat) * 111320, 2))`;
  const sim = sql`similarity(${events.description}, q.description)`;
  const res = await tx().execute(sql`
    SELECT q.id AS for_id, d.* FROM json_to_recordset(${data}::json)
      AS q(id bigint, category text, description text, lng float8, lat float8, radius float8,
           lat_min float8, lat_max float8, lng_min float8, lng_max float8, since timestamptz)
    CROSS JOIN LATERAL (
      SELECT ${events.id} AS id, ${events.state} AS state, ${events.description} AS description,
             ${events.address} AS address, ${events.createdAt} AS created_at,
             ${dist} AS distance_m, ${sim} AS similarity
      FROM ${events}
      WHERE ${events.categoryCode} = q.category
        AND ${events.state} IN (${sql.join(
          states.map((st) => sql`${st}`),
          sql`, `,
        )})
        AND ${events.createdAt} >= q.since
        AND ${events.lng} BETWEEN q.lng_min AND q.lng_max
        AND ${events.lat} BETWEEN q.lat_min AND q.lat_max
        AND ${events.id} <> q.id
        AND NOT (${events.id} = ANY(${batchIds}) AND ${events.id} > q.id)
        AND ${dist} <= q.radius
        AND ${sim} >= 0.1
        AND ${inScope(events.regionPath)}
      ORDER BY ${sim} DESC
      LIMIT ${limit}
    ) d
    ORDER BY q.id, d.similarity DESC`);
  for (const r of rowsOf<Record<string, unknown>>(res))
    out.get(Number(r.for_id))?.push({
      id: Number(r.id),
      state: String(r.state),
      description: String(r.description),
      address: String(r.address),
      createdAt: new Date(r.created_at as string | Date),
      distanceM: Number(r.distance_m),
      similarity: Number(r.similarity),
    });
  return out;
}

export interface PublicListQuery {
  ids?: number[] | undefined;
  categoryCodes: string[];
  states?: string[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

/** Open311 `GET requests`: newest first, within the date window, public categories only. */
export async function publicList(q: PublicListQuery): Promise<EventRow[]> {
  const w: SQL[] = [inArray(events.categoryCode, q.categoryCodes.length ? q.categoryCodes : ['-'])];
  if (q.ids) w.push(inArray(events.id, q.ids.length ? q.ids : [0]));
  if (q.states) w.push(inArray(events.state, q.states.length ? q.states : ['-']));
  if (q.from) w.push(sql`${events.createdAt} >= ${q.from.toISOString()}::timestamptz`);
  if (q.to) w.push(sql`${events.createdAt} <= ${q.to.toISOString()}::timestamptz`);
  return tx()
    .select()
    .from(events)
    .where(and(...w))
    .orderBy(desc(events.id))
    .limit(q.limit);
}

/** Events reported with this phone (blind index), newest first, in scope: the registry's person 360 view. */
export async function eventsByReporterPhoneIndex(index: string, limit: number) {
  return tx()
    .select({
      id: events.id,
      state: events.state,
      categoryCode: events.categoryCode,
      description: events.description,
      createdAt: events.createdAt,
    })
    .from(events)
    .where(and(eq(events.reporterPhoneIndex, index), inScope(events.regionPath)))
    .orderBy(desc(events.id))
    .limit(limit);
}
