// The data set of the cockpit benchmark, loaded with set-based SQL as the database owner (a benchmark
// loader, not a product path): the demo district, then
//  - event rollups for a year, summing to BENCH_EVENTS reported events (10 M on PostgreSQL) over every
//    grid, six categories per grid and day, with closures, on-time closures and ratings;
//  - the events of the last 30 days as rows (their share of the year, ≈ 820 k at 10 M a year), about a
//    third of them open and some of those overdue: what the open/overdue counts and the feed read;
//  - BENCH_DISPUTES disputes (1 M) over a year through the disputes module's own bulk loader (rows and
//    their daily rollups; the region cube follows by its triggers);
//  - BENCH_PEOPLE residents (1.5 M) spread over the grids, 2 % of them with a special-group tag.
// Older events exist only as rollups: the cockpit never reads event rows older than the open ones.
// BENCH_SCALE (default 1) multiplies the three sizes for a quick run, e.g. BENCH_SCALE=0.05.

import { sql } from 'drizzle-orm';
import type { Runtime } from '../src/boot';
import { SYSTEM_ACTOR } from '../src/db/context';
import { rowsOf } from '../src/db/rows';

export interface CockpitData {
  /** Regions the cold runs rotate over, the district first. */
  regions: { id: number; level: string }[];
  settings: Record<string, string | number>;
  sources: string;
  notes: string[];
}

const DAYS = 365;
const RECENT_DAYS = 30;

export async function loadCockpitData(
  rt: Runtime,
  engine: string,
  log: (m: string) => void,
): Promise<CockpitData> {
  const big = engine === 'postgres';
  // Six categories per grid and day on PostgreSQL (1.6 M rollup rows); one on PGlite (270 k).
  const CATS_PER_GRID_DAY = Number(process.env.BENCH_CATS ?? (big ? 6 : 1));
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const size = (env: string | undefined, full: number) => Math.round(Number(env ?? full) * scale);
  const EVENTS = size(process.env.BENCH_EVENTS, big ? 10_000_000 : 1_000_000);
  const DISPUTES = size(process.env.BENCH_DISPUTES, big ? 1_000_000 : 100_000);
  const PEOPLE = size(process.env.BENCH_PEOPLE, big ? 1_500_000 : 150_000);
  const q = async <R = Record<string, unknown>>(text: string) =>
    rowsOf<R>(await rt.services.db.orm.execute(sql.raw(text)));
  const timed = async (what: string, fn: () => Promise<unknown>) => {
    const t = performance.now();
    await fn();
    const s = (performance.now() - t) / 1000;
    log(`${what}: ${s.toFixed(1)} s`);
    return s;
  };
  const has = async (table: string) =>
    (await q<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = '${table}'`))[0]!.n >
    0;

  const dir = await rt.services.territory.dir();
  const all = [...dir.byId.values()].sort((a, b) => a.code.localeCompare(b.code));
  const district = all.find((r) => r.level === 'district')!;
  const grids = all.filter((r) => r.level === 'grid');
  const notes: string[] = [];
  const settings: Record<string, string | number> = {
    district: `demo district: ${all.filter((r) => r.level === 'town').length} towns, ${grids.length} grids`,
  };
  const sources: string[] = [];

  // Grids with an index, for spreading rows deterministically.
  await q('DROP TABLE IF EXISTS bench_grids');
  await q(`CREATE TABLE bench_grids AS
    SELECT row_number() OVER (ORDER BY code) - 1 AS i, id, region_path, centroid_lng AS lng, centroid_lat AS lat
    FROM regions WHERE level = 'grid'`);
  const ngrids = grids.length;

  if (await has('event_rollups')) {
    sources.push('events');
    await rt.services.events.categories(); // seeds the category catalogue on first use
    const cats = await q<{ code: string }>(`SELECT code FROM event_categories ORDER BY code`);
    const depts = await q<{ id: number }>(`SELECT id FROM departments ORDER BY id`);
    const catArr = `ARRAY[${cats.map((c) => `'${c.code}'`).join(',')}]`;
    const deptArr = `ARRAY[${depts.map((d) => d.id).join(',')}]::bigint[]`;
    const perRow = EVENTS / (DAYS * ngrids * CATS_PER_GRID_DAY);
    const rows = DAYS * ngrids * CATS_PER_GRID_DAY;
    // One statement of 1.6 M rows: the cube is built once afterwards instead of by the per-statement trigger.
    await q('ALTER TABLE event_rollups DISABLE TRIGGER USER');
    const s = await timed(`event_rollups: ${rows.toLocaleString()} rows`, () =>
      q(`INSERT INTO event_rollups (region_path, day, category_code, department_id, reported, received, filed,
           filed_on_time, dispatched, handled, handled_on_time, due_to_close, closed, closed_on_time, rated, resolved_rated, satisfied)
         SELECT g.region_path, (current_date - d)::date,
           (${catArr})[1 + ((g.i * 7 + k * 11 + d) % ${cats.length})],
           (${deptArr})[1 + ((g.i * 7 + k * 11 + d) % ${depts.length})],
           r, r, r, r, r, c, c, c, c, floor(c * 0.86), floor(c * 0.6), floor(c * 0.57), floor(c * 0.55)
         FROM generate_series(0, ${DAYS - 1}) d
         CROSS JOIN bench_grids g
         CROSS JOIN generate_series(0, ${CATS_PER_GRID_DAY - 1}) k
         CROSS JOIN LATERAL (SELECT floor(random() * ${2 * perRow} + 0.5 + 0 * d + 0 * g.i)::int AS r) x
         CROSS JOIN LATERAL (SELECT CASE WHEN d < 3 THEN floor(x.r * 0.3) ELSE floor(x.r * 0.93) END::int AS c) y
         ON CONFLICT DO NOTHING`),
    );
    await q('ALTER TABLE event_rollups ENABLE TRIGGER USER');
    const cube = await timed('event_cube (region cube) rebuilt', () => q('SELECT event_cube_rebuild()'));
    const cubeRows = (await q<{ n: number }>('SELECT count(*)::int AS n FROM event_cube'))[0]!.n;
    const total = (await q<{ n: number }>(`SELECT sum(reported)::float8 AS n FROM event_rollups`))[0]!.n;
    settings['events (rollups)'] =
      `${Math.round(total).toLocaleString()} reported over ${DAYS} days, ${rows.toLocaleString()} rollup rows (${s.toFixed(0)} s to load), ${cubeRows.toLocaleString()} cube rows (${cube.toFixed(0)} s)`;

    const recent = Math.round((EVENTS * RECENT_DAYS) / DAYS);
    const openStates = `ARRAY['reported','accepted','dispatched','handling','feedback','verified','suspended','reopenRequested']`;
    await timed(`events rows: ${recent.toLocaleString()}`, () =>
      q(`INSERT INTO events (state, region_path, created_at, updated_at, closed_at, overdue, assignee_department_id,
           category_code, description, address, lng, lat, grid_id, channel, limit_value, limit_unit)
         SELECT CASE WHEN o THEN (${openStates})[1 + (s.n % 8)] ELSE 'rated' END,
           g.region_path, at, at, CASE WHEN o THEN NULL ELSE at + interval '2 days' END, o AND (s.n % 7 = 0),
           (${deptArr})[1 + (s.n % ${depts.length})], (${catArr})[1 + (s.n % ${cats.length})],
           '基准事件 ' || s.n, '', g.lng, g.lat, g.id, 'grid', 5, 'workingDays'
         FROM generate_series(1, ${recent}) AS s(n)
         JOIN bench_grids g ON g.i = (s.n::bigint * 7919) % ${ngrids}
         CROSS JOIN LATERAL (SELECT now() - ((${recent} - s.n)::float8 / ${recent}) * interval '${RECENT_DAYS} days' AS at) a
         CROSS JOIN LATERAL (SELECT CASE WHEN a.at > now() - interval '3 days' THEN random() < 0.8 ELSE random() < 0.3 END AS o) b`),
    );
    const open = await q<{ n: number; o: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE overdue)::int AS o FROM events WHERE closed_at IS NULL`,
    );
    settings['events (rows)'] =
      `${recent.toLocaleString()} rows of the last ${RECENT_DAYS} days, ${open[0]!.n.toLocaleString()} open, ${open[0]!.o.toLocaleString()} overdue`;
  }

  if ((await has('dispute_rollups')) && DISPUTES > 0) {
    sources.push('disputes');
    let loaded = { first: 0, last: 0, ms: 0 };
    // The cube is built once afterwards rather than folded per batch by the trigger.
    await q('ALTER TABLE dispute_rollups DISABLE TRIGGER USER');
    const s = await timed(
      `disputes: ${DISPUTES.toLocaleString()} (disputes module bulk loader)`,
      async () => {
        loaded = await rt.services.disputes.bulkLoad(DISPUTES, { days: DAYS });
      },
    );
    await q('ALTER TABLE dispute_rollups ENABLE TRIGGER USER');
    await timed('dispute_cube (region cube) rebuilt', () => q('SELECT dispute_cube_rebuild()'));
    const [r] = await q<{ n: number; rows: number; cube: number }>(
      `SELECT (SELECT sum(found)::float8 FROM dispute_rollups) AS n, (SELECT count(*)::int FROM dispute_rollups) AS rows,
              (SELECT count(*)::int FROM dispute_cube) AS cube`,
    );
    settings.disputes = `${Math.round(r!.n).toLocaleString()} over ${DAYS} days (ids ${loaded.first}–${loaded.last}), ${r!.rows.toLocaleString()} rollup rows, ${r!.cube.toLocaleString()} cube rows (${s.toFixed(0)} s)`;
  }

  if (await has('people')) {
    sources.push('registry');
    const s = await timed(`people: ${PEOPLE.toLocaleString()}`, () =>
      q(`INSERT INTO people (name, id_number_enc, id_number_idx, id_number_masked, sex, birth_date, residence_type,
           address_id, region_path, content_hash)
         SELECT '基准' || s.n, '\\x00'::bytea, 'bench-' || s.n, '3501**********' || lpad((s.n % 10000)::text, 4, '0'),
           CASE WHEN s.n % 2 = 0 THEN 'male' ELSE 'female' END, date '1960-01-01' + (s.n % 20000),
           'registered', (SELECT min(id) FROM addresses), g.region_path, md5(s.n::text)
         FROM generate_series(1, ${PEOPLE}) AS s(n) JOIN bench_grids g ON g.i = (s.n::bigint * 104729) % ${ngrids}`),
    );
    await timed('special-group tags (2 %)', () =>
      q(`INSERT INTO person_tags (person_id, tag, since, region_path)
         SELECT id, (ARRAY['released','corrections','mentalDisorder','drug','youth','petition'])[1 + (id % 6)],
           current_date - 100, region_path
         FROM people WHERE id_number_idx LIKE 'bench-%' AND id % 50 = 0`),
    );
    // The registry's kept counters (raw rows above bypass its service): recounted once.
    await timed('registry counters recounted', () => rt.services.registry.rebuildCounters(SYSTEM_ACTOR));
    settings.people = `${PEOPLE.toLocaleString()} residents, ${Math.round(PEOPLE / 50).toLocaleString()} special-group tags (${s.toFixed(0)} s)`;
  }
  // VACUUM too: the cockpit's reads are index-only scans, which need the visibility map set (autovacuum
  // would get there later on a live system).
  await timed('VACUUM ANALYZE', () => q('VACUUM ANALYZE'));
  await q('DROP TABLE bench_grids');

  const regions = [
    district,
    ...all.filter((r) => r.level === 'town' || r.level === 'community'),
    ...grids.filter((_, i) => i % 9 === 0),
  ].map((r) => ({ id: r.id, level: r.level }));
  log(`regions in rotation: ${regions.length}`);
  if (!big) notes.push('PGlite runs a tenth of the PostgreSQL data set (WASM, single connection).');
  if (scale !== 1) notes.push(`Sizes scaled by BENCH_SCALE=${scale}.`);
  return { regions, settings, sources: sources.join(', ') || 'none', notes };
}

/**
 * The same description of a data set loaded before (cockpit-keep.ts), for a run against a kept database
 * (BENCH_COCKPIT_DATABASE_URL): counts what is there instead of loading.
 */
export async function describeCockpitData(rt: Runtime): Promise<CockpitData> {
  const q = async <R = Record<string, unknown>>(text: string) =>
    rowsOf<R>(await rt.services.db.orm.execute(sql.raw(text)));
  const [c] = await q<Record<string, number>>(`SELECT
      (SELECT coalesce(sum(reported), 0)::float8 FROM event_rollups) AS reported,
      (SELECT count(*)::int FROM event_rollups) AS rollups,
      (SELECT count(*)::int FROM event_cube) AS cube,
      (SELECT count(*)::int FROM events) AS events,
      (SELECT coalesce(sum(open), 0)::int FROM event_open_counts WHERE depth = 1 AND department_id = -1) AS open,
      (SELECT coalesce(sum(overdue), 0)::int FROM event_open_counts WHERE depth = 1 AND department_id = -1) AS overdue,
      (SELECT count(*)::int FROM disputes) AS disputes,
      (SELECT count(*)::int FROM dispute_rollups) AS drollups,
      (SELECT count(*)::int FROM people) AS people`);
  const dir = await rt.services.territory.dir();
  const all = [...dir.byId.values()].sort((a, b) => a.code.localeCompare(b.code));
  const grids = all.filter((r) => r.level === 'grid');
  const regions = [
    all.find((r) => r.level === 'district')!,
    ...all.filter((r) => r.level === 'town' || r.level === 'community'),
    ...grids.filter((_, i) => i % 9 === 0),
  ].map((r) => ({ id: r.id, level: r.level }));
  const n = (v: number | undefined) => Math.round(v ?? 0).toLocaleString();
  return {
    regions,
    settings: {
      district: `demo district: ${all.filter((r) => r.level === 'town').length} towns, ${grids.length} grids`,
      'events (rollups)': `${n(c!.reported)} reported, ${n(c!.rollups)} rollup rows, ${n(c!.cube)} cube rows`,
      'events (rows)': `${n(c!.events)} rows, ${n(c!.open)} open, ${n(c!.overdue)} overdue`,
      disputes: `${n(c!.disputes)} disputes, ${n(c!.drollups)} rollup rows`,
      people: `${n(c!.people)} residents`,
      'data set': 'kept database loaded before by bench/cockpit-keep.ts (BENCH_COCKPIT_DATABASE_URL)',
    },
    sources: 'events, disputes, registry',
    notes: [],
  };
}
