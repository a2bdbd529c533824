CREATE TABLE "event_rollup_pending" (
	"region_path" "ltree" NOT NULL,
	"day" date NOT NULL,
	"category_code" text NOT NULL,
	"department_id" bigint NOT NULL,
	"reported" integer DEFAULT 0 NOT NULL,
	"received" integer DEFAULT 0 NOT NULL,
	"filed" integer DEFAULT 0 NOT NULL,
	"filed_on_time" integer DEFAULT 0 NOT NULL,
	"dispatched" integer DEFAULT 0 NOT NULL,
	"misdispatched" integer DEFAULT 0 NOT NULL,
	"handled" integer DEFAULT 0 NOT NULL,
	"handled_on_time" integer DEFAULT 0 NOT NULL,
	"due_to_close" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"closed_on_time" integer DEFAULT 0 NOT NULL,
	"reworked" integer DEFAULT 0 NOT NULL,
	"extended" integer DEFAULT 0 NOT NULL,
	"accept_minutes" bigint DEFAULT 0 NOT NULL,
	"handle_minutes" bigint DEFAULT 0 NOT NULL,
	"responded" integer DEFAULT 0 NOT NULL,
	"rated" integer DEFAULT 0 NOT NULL,
	"resolved_rated" integer DEFAULT 0 NOT NULL,
	"satisfied" integer DEFAULT 0 NOT NULL
);

--> statement-breakpoint
-- Rollup deltas are appended here instead of being added to event_rollups in the transaction of each change.
-- Adding them there fired the cube trigger, which locks the district's cube rows until commit: two intake
-- batches then waited for each other (a statement log: 6.6 ms per batch in the rollup upsert and its
-- trigger, most of it the wait). event_rollups_fold() moves what is pending into the rollups (and through
-- their trigger into the cube), one folder at a time (a transaction-level advisory lock, taken before any
-- row lock, so folds cannot deadlock). The app folds every second and before each read of the rollups or
-- the cube, so a reader sees every delta committed before its read began.
CREATE OR REPLACE FUNCTION event_rollups_fold() RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  n integer := 0;
BEGIN
  -- Folding is the system's work: a town user's read folds the whole district's deltas.
  PERFORM set_config('fengqiao.scope', '*', true);
  IF EXISTS (SELECT 1 FROM event_rollup_pending) THEN
    PERFORM pg_advisory_xact_lock(hashtext('fengqiao.event_rollups_fold'));
    WITH d AS (DELETE FROM event_rollup_pending RETURNING *)
    INSERT INTO event_rollups AS r (region_path, day, category_code, department_id, reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time, due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes, responded, rated, resolved_rated, satisfied)
    SELECT region_path, day, category_code, department_id, sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched), sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed), sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes), sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
    FROM d
    GROUP BY 1, 2, 3, 4
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
      satisfied = r.satisfied + excluded.satisfied;
    GET DIAGNOSTICS n = ROW_COUNT;
  END IF;
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN n;
END
$fn$;
--> statement-breakpoint
-- No JIT in the kept-sum functions. The planner takes generate_series(1, nlevel(path)) for 1,000 rows, so a
-- fold of 1,000 rollup rows was costed at two million and compiled: 470 ms of JIT for 160 ms of work
-- (EXPLAIN ANALYZE), which made the first fold job slower than the intake it followed. Memory enough for a
-- backlog's grouping to stay off disk.
ALTER FUNCTION event_rollups_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION event_rollups_fold() SET work_mem = '64MB';
--> statement-breakpoint
ALTER FUNCTION event_cube_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION dispute_cube_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION event_open_fold() SET jit = off;
--> statement-breakpoint
ALTER FUNCTION event_open_add(bigint[]) SET jit = off;
