-- The fold writes the cube itself, from the grouped deltas, instead of through the rollups' trigger. The trigger
-- saw each folded rollup row twice (its old version subtracted, its new one added) and its plan sorted every
-- expanded row by ltree: for a fold of 900 deltas, 36,000 expanded rows sorted in 108 ms and 270 ms in all
-- (auto_explain), about a third of the database's time at 750 intakes/s (pg_stat_user_functions: 5.9 s of
-- fold in a 20 s run). Here each delta is expanded once, hash-grouped, and only the grouped cube rows are
-- sorted (primary-key order). The trigger stays for every other writer of event_rollups (rebuilds, loads);
-- the fold turns it off for its own statement with a transaction-local setting.
CREATE OR REPLACE FUNCTION event_cube_fold() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS s FROM fq_new n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS s FROM fq_old o'
    ELSE 'SELECT n.*, 1 AS s FROM fq_new n UNION ALL SELECT o.*, -1 AS s FROM fq_old o'
  END;
BEGIN
  IF coalesce(current_setting('fengqiao.cube_by_fold', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  -- The sums above the caller's place (a town's change moves the district's row) lie outside its scope:
  -- this one statement runs in the system scope, then the caller's scope is back.
  PERFORM set_config('fengqiao.scope', '*', true);
  EXECUTE format($q$
    INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
      reported, received, filed, filed_on_time, dispatched, misdispatched, handled,
      handled_on_time, due_to_close, closed, closed_on_time, reworked, extended, accept_minutes,
      handle_minutes, responded, rated, resolved_rated, satisfied)
    SELECT subpath(d.region_path, 0, i), i, g.grain,
           CASE g.grain WHEN 'day' THEN d.day ELSE date_trunc('month', d.day)::date END, x.category_code, x.department_id,
           sum(d.s * d.reported), sum(d.s * d.received), sum(d.s * d.filed),
           sum(d.s * d.filed_on_time), sum(d.s * d.dispatched), sum(d.s * d.misdispatched),
           sum(d.s * d.handled), sum(d.s * d.handled_on_time), sum(d.s * d.due_to_close),
           sum(d.s * d.closed), sum(d.s * d.closed_on_time), sum(d.s * d.reworked),
           sum(d.s * d.extended), sum(d.s * d.accept_minutes), sum(d.s * d.handle_minutes),
           sum(d.s * d.responded), sum(d.s * d.rated), sum(d.s * d.resolved_rated),
           sum(d.s * d.satisfied)
    FROM (%s) d
    CROSS JOIN generate_series(1, nlevel(d.region_path)) AS i
    CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
    CROSS JOIN LATERAL (VALUES ('', -1::bigint), (d.category_code, -1::bigint), ('', d.department_id)) AS x(category_code, department_id)
    WHERE (x.category_code = '' AND x.department_id = -1) OR i <= 3
    GROUP BY 1, 2, 3, 4, 5, 6
    ORDER BY 1, 3, 4, 5, 6
    ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
      reported = c.reported + excluded.reported,
        received = c.received + excluded.received,
        filed = c.filed + excluded.filed,
        filed_on_time = c.filed_on_time + excluded.filed_on_time,
        dispatched = c.dispatched + excluded.dispatched,
        misdispatched = c.misdispatched + excluded.misdispatched,
        handled = c.handled + excluded.handled,
        handled_on_time = c.handled_on_time + excluded.handled_on_time,
        due_to_close = c.due_to_close + excluded.due_to_close,
        closed = c.closed + excluded.closed,
        closed_on_time = c.closed_on_time + excluded.closed_on_time,
        reworked = c.reworked + excluded.reworked,
        extended = c.extended + excluded.extended,
        accept_minutes = c.accept_minutes + excluded.accept_minutes,
        handle_minutes = c.handle_minutes + excluded.handle_minutes,
        responded = c.responded + excluded.responded,
        rated = c.rated + excluded.rated,
        resolved_rated = c.resolved_rated + excluded.resolved_rated,
        satisfied = c.satisfied + excluded.satisfied
  $q$, src);
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_rollups_fold() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  n integer := 0;
BEGIN
  -- Folding is the system's work: a town user's read folds the whole district's deltas.
  PERFORM set_config('fengqiao.scope', '*', true);
  IF EXISTS (SELECT 1 FROM event_rollup_pending) THEN
    -- One folder at a time, taken before any row lock (see migration 0018).
    PERFORM pg_advisory_xact_lock(hashtext('fengqiao.event_rollups_fold'));
    PERFORM set_config('fengqiao.cube_by_fold', 'on', true);
    WITH d AS (DELETE FROM event_rollup_pending RETURNING *),
    g AS MATERIALIZED (
      SELECT region_path, day, category_code, department_id,
        sum(reported) AS reported,
        sum(received) AS received,
        sum(filed) AS filed,
        sum(filed_on_time) AS filed_on_time,
        sum(dispatched) AS dispatched,
        sum(misdispatched) AS misdispatched,
        sum(handled) AS handled,
        sum(handled_on_time) AS handled_on_time,
        sum(due_to_close) AS due_to_close,
        sum(closed) AS closed,
        sum(closed_on_time) AS closed_on_time,
        sum(reworked) AS reworked,
        sum(extended) AS extended,
        sum(accept_minutes) AS accept_minutes,
        sum(handle_minutes) AS handle_minutes,
        sum(responded) AS responded,
        sum(rated) AS rated,
        sum(resolved_rated) AS resolved_rated,
        sum(satisfied) AS satisfied
      FROM d GROUP BY 1, 2, 3, 4
    ),
    r AS (
      INSERT INTO event_rollups AS r (region_path, day, category_code, department_id, reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time, due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes, responded, rated, resolved_rated, satisfied)
      SELECT * FROM g
      -- Primary key order, as concurrent writers of the same rows would lock them.
      ORDER BY 2, 1, 3, 4
      ON CONFLICT (day, region_path, category_code, department_id) DO UPDATE SET
        reported = r.reported + excluded.reported,
        received = r.received + excluded.received,
        filed = r.filed + excluded.filed,
        filed_on_time = r.filed_on_time + excluded.filed_on_time,
        dispatched = r.dispatched + excluded.dispatched,
        misdispatched = r.misdispatched + excluded.misdispatched,
        handled = r.handled + excluded.handled,
        handled_on_time = r.handled_on_time + excluded.handled_on_time,
        due_to_close = r.due_to_close + excluded.due_to_close,
        closed = r.closed + excluded.closed,
        closed_on_time = r.closed_on_time + excluded.closed_on_time,
        reworked = r.reworked + excluded.reworked,
        extended = r.extended + excluded.extended,
        accept_minutes = r.accept_minutes + excluded.accept_minutes,
        handle_minutes = r.handle_minutes + excluded.handle_minutes,
        responded = r.responded + excluded.responded,
        rated = r.rated + excluded.rated,
        resolved_rated = r.resolved_rated + excluded.resolved_rated,
        satisfied = r.satisfied + excluded.satisfied
      RETURNING 1
    ),
    c AS (
      INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id, reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time, due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes, responded, rated, resolved_rated, satisfied)
      -- Region paths have at most five labels (区县, 街镇, 村社, 网格, 微网格: the territory service keeps
      -- that chain); a constant series lets the planner see how many rows the expansion makes (a series
      -- up to nlevel() is guessed at 1,000 rows each, and the plan then sorts every expanded row).
      SELECT subpath(g.region_path, 0, i), i, gr.grain,
             CASE gr.grain WHEN 'day' THEN g.day ELSE date_trunc('month', g.day)::date END,
             x.category_code, x.department_id, sum(g.reported), sum(g.received), sum(g.filed), sum(g.filed_on_time), sum(g.dispatched), sum(g.misdispatched), sum(g.handled), sum(g.handled_on_time), sum(g.due_to_close), sum(g.closed), sum(g.closed_on_time), sum(g.reworked), sum(g.extended), sum(g.accept_minutes), sum(g.handle_minutes), sum(g.responded), sum(g.rated), sum(g.resolved_rated), sum(g.satisfied)
      FROM g
      CROSS JOIN generate_series(1, 8) AS i
      CROSS JOIN (VALUES ('day'), ('month')) AS gr(grain)
      CROSS JOIN LATERAL (VALUES ('', -1::bigint), (g.category_code, -1::bigint), ('', g.department_id)) AS x(category_code, department_id)
      WHERE i <= nlevel(g.region_path) AND ((x.category_code = '' AND x.department_id = -1) OR i <= 3)
      GROUP BY 1, 2, 3, 4, 5, 6
      ORDER BY 1, 3, 4, 5, 6
      ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
        reported = c.reported + excluded.reported,
        received = c.received + excluded.received,
        filed = c.filed + excluded.filed,
        filed_on_time = c.filed_on_time + excluded.filed_on_time,
        dispatched = c.dispatched + excluded.dispatched,
        misdispatched = c.misdispatched + excluded.misdispatched,
        handled = c.handled + excluded.handled,
        handled_on_time = c.handled_on_time + excluded.handled_on_time,
        due_to_close = c.due_to_close + excluded.due_to_close,
        closed = c.closed + excluded.closed,
        closed_on_time = c.closed_on_time + excluded.closed_on_time,
        reworked = c.reworked + excluded.reworked,
        extended = c.extended + excluded.extended,
        accept_minutes = c.accept_minutes + excluded.accept_minutes,
        handle_minutes = c.handle_minutes + excluded.handle_minutes,
        responded = c.responded + excluded.responded,
        rated = c.rated + excluded.rated,
        resolved_rated = c.resolved_rated + excluded.resolved_rated,
        satisfied = c.satisfied + excluded.satisfied
      RETURNING 1
    )
    -- c runs to completion unread, as every data-modifying WITH does.
    SELECT count(*) FROM r INTO n;
    PERFORM set_config('fengqiao.cube_by_fold', '', true);
  END IF;
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN n;
END
$fn$;
--> statement-breakpoint
ALTER FUNCTION event_rollups_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION event_rollups_fold() SET work_mem = '64MB';
--> statement-breakpoint
ALTER FUNCTION event_cube_fold() SET jit = off;
