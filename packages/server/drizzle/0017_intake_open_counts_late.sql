-- Group-commit intake (events.service writeMany) folds the 在办 counters of the events it files at the end of
-- its transaction instead of in the INSERT's trigger. Every new event bumps the district's row of
-- event_open_counts, and a row lock lasts until commit: taken at the INSERT (the first statement), it made a
-- second intake batch wait for the whole first one, so two batches never overlapped (pg_stat_activity:
-- "Lock: transactionid" on the INSERT). Taken just before commit, the wait is one statement long.
--
-- While fengqiao.open_fold = 'later' (SET LOCAL, only in that transaction) the triggers skip; the caller then
-- folds the final state of the events it inserted with event_open_add(ids), as if they were inserted now.
-- Only events inserted in the same transaction may be touched meanwhile.
CREATE OR REPLACE FUNCTION event_open_fold() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.region_path, n.assignee_department_id, n.state, n.overdue, 1 AS s FROM fq_new n'
    WHEN 'DELETE' THEN 'SELECT o.region_path, o.assignee_department_id, o.state, o.overdue, -1 AS s FROM fq_old o'
    ELSE 'SELECT n.region_path, n.assignee_department_id, n.state, n.overdue, 1 AS s FROM fq_new n
          UNION ALL SELECT o.region_path, o.assignee_department_id, o.state, o.overdue, -1 AS s FROM fq_old o'
  END;
BEGIN
  IF current_setting('fengqiao.open_fold', true) = 'later' THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('fengqiao.scope', '*', true);
  EXECUTE format($q$
    INSERT INTO event_open_counts AS c (region_path, depth, department_id, open, overdue)
    SELECT subpath(d.region_path, 0, i), i, x.department_id, sum(d.s), sum(CASE WHEN d.overdue THEN d.s ELSE 0 END)
    FROM (%s) d
    CROSS JOIN generate_series(1, nlevel(d.region_path)) AS i
    CROSS JOIN LATERAL (VALUES (-1::bigint), (coalesce(d.assignee_department_id, 0))) AS x(department_id)
    WHERE event_is_open(d.state)
    GROUP BY 1, 2, 3
    HAVING sum(d.s) <> 0 OR sum(CASE WHEN d.overdue THEN d.s ELSE 0 END) <> 0
    ORDER BY 1, 3
    ON CONFLICT (region_path, department_id) DO UPDATE SET
      open = c.open + excluded.open, overdue = c.overdue + excluded.overdue
  $q$, src);
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
-- The late fold: the events' current rows counted as new, then the triggers are on again. The same upsert
-- as the trigger's (a trigger's transition tables cannot be handed to another function).
CREATE OR REPLACE FUNCTION event_open_add(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
BEGIN
  PERFORM set_config('fengqiao.open_fold', '', true);
  PERFORM set_config('fengqiao.scope', '*', true);
  INSERT INTO event_open_counts AS c (region_path, depth, department_id, open, overdue)
  SELECT subpath(d.region_path, 0, i), i, x.department_id, count(*), count(*) FILTER (WHERE d.overdue)
  FROM events d
  CROSS JOIN generate_series(1, nlevel(d.region_path)) AS i
  CROSS JOIN LATERAL (VALUES (-1::bigint), (coalesce(d.assignee_department_id, 0))) AS x(department_id)
  WHERE d.id = ANY(ids) AND event_is_open(d.state)
  GROUP BY 1, 2, 3
  ORDER BY 1, 3
  ON CONFLICT (region_path, department_id) DO UPDATE SET
    open = c.open + excluded.open, overdue = c.overdue + excluded.overdue;
  PERFORM set_config('fengqiao.scope', caller, true);
END
$fn$;
