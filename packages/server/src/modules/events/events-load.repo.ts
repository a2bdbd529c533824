import { sql } from 'drizzle-orm';
import type { Orm } from '../../db/client';
import { rowsOf } from '../../db/rows';

/**
 * Bulk synthetic events for benchmarks (the queue at 10 million rows, the cockpit): one INSERT … SELECT
 * over generate_series per batch, so rows never travel through Node. Runs as the database owner (a
 * maintenance tool, not a request): row-level security does not apply. Each event gets its 'open'
 * timeline entry, and the daily rollups are rebuilt from the loaded rows at the end.
 *
 * Spread: over the last `days` days, uniformly over the district's grids (point = grid centroid with a
 * little jitter), categories uniform among the subclasses; 85% finished and rated, the rest at every
 * stage of the loop, 5% of the open ones overdue.
 */
const PHRASES = [
  '路边堆放生活垃圾无人清理',
  '小区门口电线杆上贴满小广告',
  '人行道上占道经营摆摊',
  '施工工地夜间噪声扰民',
  '道路积水影响通行',
  '井盖缺失存在安全隐患',
  '邻里因漏水发生纠纷',
  '楼道堆放杂物堵塞消防通道',
  '餐饮店油烟直排',
  '共享单车乱停乱放',
  '绿化带被毁种菜',
  '河道漂浮垃圾',
  '路灯不亮',
  '违章搭建彩钢棚',
  '渣土车沿路抛洒',
  '独居老人需要帮助',
];

export async function loadSyntheticBatch(orm: Orm, n: number, days: number): Promise<number> {
  const phrases = sql.raw(`ARRAY[${PHRASES.map((p) => `'${p}'`).join(',')}]`);
  const res = await orm.execute(sql`
    WITH g AS (
      SELECT array_agg(id ORDER BY id) AS ids, array_agg(region_path::text ORDER BY id) AS paths,
             array_agg(centroid_lng ORDER BY id) AS lngs, array_agg(centroid_lat ORDER BY id) AS lats,
             count(*)::int AS n
      FROM regions WHERE level = 'grid' AND centroid_lng IS NOT NULL
    ), c AS (
      SELECT array_agg(code ORDER BY code) AS codes, array_agg(limit_value ORDER BY code) AS lv,
             array_agg(limit_unit ORDER BY code) AS lu, count(*)::int AS n
      FROM event_categories WHERE parent IS NOT NULL OR code >= '11'
    ), d AS (
      SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM departments WHERE type <> 'townGovernment'
    ), x AS (
      SELECT s,
        1 + floor(random() * (SELECT n FROM g))::int AS gi,
        1 + floor(random() * (SELECT n FROM c))::int AS ci,
        1 + floor(random() * (SELECT n FROM d))::int AS di,
        1 + floor(random() * ${PHRASES.length})::int AS pi,
        random() AS r, random() AS r2,
        now() - (random() * ${days} * interval '1 day') AS at
      FROM generate_series(1, ${n}) s
    ), ins AS (
      INSERT INTO events (state, region_path, category_code, description, address, lng, lat, grid_id, channel,
        limit_value, limit_unit, created_at, updated_at, accepted_at, dispatched_at, handled_at, finished_at,
        closed_at, assignee_department_id, routed_department_id, routed_by, overdue, due_at, satisfaction, resolved)
      SELECT st, g.paths[gi]::ltree, c.codes[ci], (${phrases})[pi] || '（' || s || '）', '示范区' || gi || '号网格',
        g.lngs[gi] + (r2 - 0.5) * 0.0006, g.lats[gi] + (r - 0.5) * 0.0006, g.ids[gi],
        (ARRAY['grid','grid','grid','app','hotline','console','police110','iot'])[1 + (s % 8)],
        c.lv[ci], c.lu[ci], at, at,
        CASE WHEN st IN ('reported') THEN NULL ELSE at + interval '20 minutes' END,
        CASE WHEN st IN ('reported','accepted','cancelled') THEN NULL ELSE at + interval '40 minutes' END,
        CASE WHEN st IN ('feedback','verified','closed','rated') THEN at + interval '1 day' END,
        CASE WHEN st IN ('closed','rated') THEN at + interval '2 days' END,
        CASE WHEN st IN ('rated','cancelled') THEN at + interval '2 days' END,
        CASE WHEN st IN ('reported','accepted','cancelled') THEN NULL ELSE d.ids[di] END,
        d.ids[di], 'category',
        st IN ('dispatched','handling') AND r2 < 0.05,
        CASE WHEN st IN ('dispatched','handling') THEN at + interval '3 days' END,
        CASE WHEN st = 'rated' THEN (CASE WHEN r2 < 0.9 THEN 'satisfied' WHEN r2 < 0.97 THEN 'basic' ELSE 'unsatisfied' END) END,
        CASE WHEN st = 'rated' THEN r2 < 0.95 END
      FROM x, g, c, d, LATERAL (SELECT CASE
          WHEN x.r < 0.85 THEN 'rated' WHEN x.r < 0.88 THEN 'closed' WHEN x.r < 0.90 THEN 'cancelled'
          WHEN x.r < 0.92 THEN 'reported' WHEN x.r < 0.94 THEN 'accepted' WHEN x.r < 0.96 THEN 'dispatched'
          WHEN x.r < 0.99 THEN 'handling' ELSE 'feedback' END AS st) s2
      RETURNING id, region_path, created_at
    )
    INSERT INTO case_timeline (case_kind, case_id, region_path, actor_name, actor_role, action, to_state, comment, occurred_at)
    SELECT 'event', id, region_path, '批量导入', 'system', 'open', 'reported', '基准测试数据', created_at FROM ins
  `);
  return (res as { rowCount?: number }).rowCount ?? rowsOf(res).length ?? n;
}

/**
 * Rebuilds every event rollup from the events table (after a bulk load), then the region cube from the
 * rollups in one pass per level: the cube's per-statement triggers are off meanwhile (as the owner).
 */
export async function rebuildRollups(orm: Orm): Promise<void> {
  await orm.execute(sql`ALTER TABLE event_rollups DISABLE TRIGGER USER`);
  try {
    // Rebuilt from the events: deltas not yet folded are in them already.
    await orm.execute(sql`DELETE FROM event_rollup_pending`);
    await orm.execute(sql`DELETE FROM event_rollups`);
    await orm.execute(sql`
    INSERT INTO event_rollups (region_path, day, category_code, department_id, reported, received, filed,
      filed_on_time, dispatched, handled, handled_on_time, due_to_close, closed, closed_on_time,
      accept_minutes, handle_minutes, responded, rated, resolved_rated, satisfied)
    SELECT region_path, (created_at AT TIME ZONE 'Asia/Shanghai')::date, category_code, coalesce(assignee_department_id, 0),
      count(*), count(accepted_at) + count(*) FILTER (WHERE state = 'cancelled'), count(accepted_at),
      count(accepted_at) FILTER (WHERE accepted_at - created_at <= interval '1 hour'), count(dispatched_at),
      count(handled_at), count(handled_at) FILTER (WHERE NOT overdue),
      count(*) FILTER (WHERE finished_at IS NOT NULL OR overdue), count(finished_at),
      count(finished_at) FILTER (WHERE NOT overdue),
      coalesce(sum(extract(epoch FROM accepted_at - created_at) / 60), 0)::bigint,
      coalesce(sum(extract(epoch FROM handled_at - dispatched_at) / 60), 0)::bigint,
      count(dispatched_at), count(satisfaction), count(*) FILTER (WHERE resolved),
      count(*) FILTER (WHERE satisfaction IN ('satisfied', 'basic'))
    FROM events GROUP BY 1, 2, 3, 4
  `);
  } finally {
    await orm.execute(sql`ALTER TABLE event_rollups ENABLE TRIGGER USER`);
  }
  await orm.execute(sql`SELECT event_cube_rebuild()`);
}

/**
 * Drops the secondary indexes of the tables a bulk load fills (not those behind a primary key or a
 * constraint) and returns their definitions, so the load writes heap only and `createIndexes` builds each
 * index once, sorted, at the end: far faster than maintaining a dozen indexes row by row.
 */
export async function dropSecondaryIndexes(
  orm: Orm,
  tables: readonly string[] = ['events', 'case_timeline'],
): Promise<string[]> {
  const list = sql.join(
    tables.map((t) => sql`${t}`),
    sql`, `,
  );
  const defs = rowsOf<{ name: string; def: string }>(
    await orm.execute(sql`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relname IN (${list}) AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY c.relname`),
  );
  for (const d of defs) await orm.execute(sql`DROP INDEX IF EXISTS ${sql.identifier(d.name)}`);
  return defs.map((d) => d.def);
}

/** Builds indexes from their definitions (as `dropSecondaryIndexes` returned them), with room to sort. */
export async function createIndexes(orm: Orm, defs: readonly string[]): Promise<void> {
  for (const def of defs)
    await orm.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL maintenance_work_mem = '512MB'`);
      await tx.execute(sql.raw(def));
    });
}

export async function analyzeEvents(orm: Orm): Promise<void> {
  await orm.execute(sql`ANALYZE events`);
  await orm.execute(sql`ANALYZE case_timeline`);
  await orm.execute(sql`ANALYZE event_rollups`);
  await orm.execute(sql`ANALYZE event_cube`);
  await orm.execute(sql`ANALYZE event_open_counts`);
}

export async function countEvents(orm: Orm): Promise<number> {
  return Number(rowsOf<{ n: string }>(await orm.execute(sql`SELECT count(*) AS n FROM events`))[0]!.n);
}
