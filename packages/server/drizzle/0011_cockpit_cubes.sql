CREATE TABLE "dispute_cube" (
	"region_path" "ltree" NOT NULL,
	"depth" smallint NOT NULL,
	"grain" text NOT NULL,
	"day" date NOT NULL,
	"type" text NOT NULL,
	"screenings" integer DEFAULT 0 NOT NULL,
	"zero_reports" integer DEFAULT 0 NOT NULL,
	"found" integer DEFAULT 0 NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"refused" integer DEFAULT 0 NOT NULL,
	"settled" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"ended" integer DEFAULT 0 NOT NULL,
	"transferred" integer DEFAULT 0 NOT NULL,
	"closed" integer DEFAULT 0 NOT NULL,
	"settled_village" integer DEFAULT 0 NOT NULL,
	"settled_town" integer DEFAULT 0 NOT NULL,
	"settled_district" integer DEFAULT 0 NOT NULL,
	"settled_specialised" integer DEFAULT 0 NOT NULL,
	"confirm_applied" integer DEFAULT 0 NOT NULL,
	"confirmed" integer DEFAULT 0 NOT NULL,
	"confirm_rejected" integer DEFAULT 0 NOT NULL,
	"confirm_ruled" integer DEFAULT 0 NOT NULL,
	"confirm_hours_sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "dispute_cube_region_path_grain_day_type_pk" PRIMARY KEY("region_path","grain","day","type")
);
--> statement-breakpoint
CREATE TABLE "event_cube" (
	"region_path" "ltree" NOT NULL,
	"depth" smallint NOT NULL,
	"grain" text NOT NULL,
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
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_cube_region_path_grain_day_category_code_department_id_pk" PRIMARY KEY("region_path","grain","day","category_code","department_id")
);
--> statement-breakpoint
CREATE TABLE "event_open_counts" (
	"region_path" "ltree" NOT NULL,
	"depth" smallint NOT NULL,
	"department_id" bigint NOT NULL,
	"open" integer DEFAULT 0 NOT NULL,
	"overdue" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_open_counts_region_path_department_id_pk" PRIMARY KEY("region_path","department_id")
);
--> statement-breakpoint
CREATE INDEX "dispute_cube_level_idx" ON "dispute_cube" USING btree ("depth","grain","day") WHERE "dispute_cube"."type" = '';--> statement-breakpoint
CREATE INDEX "event_open_counts_depth_idx" ON "event_open_counts" USING btree ("depth","department_id");--> statement-breakpoint
CREATE INDEX "events_place_id_idx" ON "events" USING btree ("grid_id","id");
--> statement-breakpoint
-- The level index carries what the cockpit sums (drizzle's index builder has no INCLUDE): a district's grids
-- over a period are an index-only scan.
CREATE INDEX "event_cube_level_idx" ON "event_cube" USING btree ("depth", "grain", "day")
  INCLUDE ("region_path", "reported", "closed", "closed_on_time", "due_to_close", "rated", "satisfied")
  WHERE "category_code" = '' AND "department_id" = -1;
--> statement-breakpoint
-- Hand-written below: triggers keep the cubes equal to sums of their rollups and the open counts equal
-- to counts of open events, whatever statement changes them (one grouped upsert per statement, so a batch
-- of many events costs one statement). Transition tables need one trigger per event.
CREATE OR REPLACE FUNCTION event_cube_fold() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS s FROM fq_new n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS s FROM fq_old o'
    ELSE 'SELECT n.*, 1 AS s FROM fq_new n UNION ALL SELECT o.*, -1 AS s FROM fq_old o'
  END;
BEGIN
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
      reported = c.reported + excluded.reported, received = c.received + excluded.received,
      filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
      dispatched = c.dispatched + excluded.dispatched,
      misdispatched = c.misdispatched + excluded.misdispatched,
      handled = c.handled + excluded.handled,
      handled_on_time = c.handled_on_time + excluded.handled_on_time,
      due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
      closed_on_time = c.closed_on_time + excluded.closed_on_time,
      reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
      accept_minutes = c.accept_minutes + excluded.accept_minutes,
      handle_minutes = c.handle_minutes + excluded.handle_minutes,
      responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
      resolved_rated = c.resolved_rated + excluded.resolved_rated,
      satisfied = c.satisfied + excluded.satisfied
  $q$, src);
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_cube_clear() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE event_cube;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER event_cube_ins AFTER INSERT ON event_rollups REFERENCING NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION event_cube_fold();
--> statement-breakpoint
CREATE TRIGGER event_cube_upd AFTER UPDATE ON event_rollups REFERENCING OLD TABLE AS fq_old NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION event_cube_fold();
--> statement-breakpoint
CREATE TRIGGER event_cube_del AFTER DELETE ON event_rollups REFERENCING OLD TABLE AS fq_old
  FOR EACH STATEMENT EXECUTE FUNCTION event_cube_fold();
--> statement-breakpoint
CREATE TRIGGER event_cube_trunc AFTER TRUNCATE ON event_rollups
  FOR EACH STATEMENT EXECUTE FUNCTION event_cube_clear();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION event_cube_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  top int;
BEGIN
  -- For loaders that write the rollups with the triggers disabled (as the owner). Few passes over the
  -- rollups (the rest sums smaller cube rows), hashing in memory.
  PERFORM set_config('work_mem', '256MB', true);
  TRUNCATE event_cube;
  SELECT coalesce(max(nlevel(region_path)), 0) INTO top FROM event_rollups;
  -- Every place's own rows (all dimensions), then each depth from the one below it.
  INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
    reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
    due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
    responded, rated, resolved_rated, satisfied)
  SELECT region_path, nlevel(region_path), 'day', day, '', -1,
    sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
    sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
    sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
    sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
  FROM event_rollups
  GROUP BY 1, 2, 4
  ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
    reported = c.reported + excluded.reported, received = c.received + excluded.received,
    filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
    dispatched = c.dispatched + excluded.dispatched,
    misdispatched = c.misdispatched + excluded.misdispatched,
    handled = c.handled + excluded.handled,
    handled_on_time = c.handled_on_time + excluded.handled_on_time,
    due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
    closed_on_time = c.closed_on_time + excluded.closed_on_time,
    reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
    accept_minutes = c.accept_minutes + excluded.accept_minutes,
    handle_minutes = c.handle_minutes + excluded.handle_minutes,
    responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
    resolved_rated = c.resolved_rated + excluded.resolved_rated,
    satisfied = c.satisfied + excluded.satisfied;
  FOR d IN REVERSE top - 1..1 LOOP
    INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
      reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
      due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
      responded, rated, resolved_rated, satisfied)
    SELECT subpath(region_path, 0, d), d, 'day', day, '', -1,
      sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
      sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
      sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
      sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
    FROM event_cube WHERE depth = d + 1 AND grain = 'day' AND category_code = '' AND department_id = -1
    GROUP BY 1, 4
    ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
      reported = c.reported + excluded.reported, received = c.received + excluded.received,
      filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
      dispatched = c.dispatched + excluded.dispatched,
      misdispatched = c.misdispatched + excluded.misdispatched,
      handled = c.handled + excluded.handled,
      handled_on_time = c.handled_on_time + excluded.handled_on_time,
      due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
      closed_on_time = c.closed_on_time + excluded.closed_on_time,
      reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
      accept_minutes = c.accept_minutes + excluded.accept_minutes,
      handle_minutes = c.handle_minutes + excluded.handle_minutes,
      responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
      resolved_rated = c.resolved_rated + excluded.resolved_rated,
      satisfied = c.satisfied + excluded.satisfied;
  END LOOP;
  -- Per category_code: down to the community (depth 3), then upwards.
  INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
    reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
    due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
    responded, rated, resolved_rated, satisfied)
  SELECT subpath(region_path, 0, least(nlevel(region_path), 3)), least(nlevel(region_path), 3), 'day', day, category_code, -1,
    sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
    sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
    sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
    sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
  FROM event_rollups
  GROUP BY 1, 2, 4, 5
  ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
    reported = c.reported + excluded.reported, received = c.received + excluded.received,
    filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
    dispatched = c.dispatched + excluded.dispatched,
    misdispatched = c.misdispatched + excluded.misdispatched,
    handled = c.handled + excluded.handled,
    handled_on_time = c.handled_on_time + excluded.handled_on_time,
    due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
    closed_on_time = c.closed_on_time + excluded.closed_on_time,
    reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
    accept_minutes = c.accept_minutes + excluded.accept_minutes,
    handle_minutes = c.handle_minutes + excluded.handle_minutes,
    responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
    resolved_rated = c.resolved_rated + excluded.resolved_rated,
    satisfied = c.satisfied + excluded.satisfied;
  FOR d IN REVERSE least(top, 3) - 1..1 LOOP
    INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
      reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
      due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
      responded, rated, resolved_rated, satisfied)
    SELECT subpath(region_path, 0, d), d, 'day', day, category_code, -1,
      sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
      sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
      sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
      sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
    FROM event_cube WHERE depth = d + 1 AND grain = 'day' AND category_code <> '' AND department_id = -1
    GROUP BY 1, 4, 5
    ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
      reported = c.reported + excluded.reported, received = c.received + excluded.received,
      filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
      dispatched = c.dispatched + excluded.dispatched,
      misdispatched = c.misdispatched + excluded.misdispatched,
      handled = c.handled + excluded.handled,
      handled_on_time = c.handled_on_time + excluded.handled_on_time,
      due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
      closed_on_time = c.closed_on_time + excluded.closed_on_time,
      reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
      accept_minutes = c.accept_minutes + excluded.accept_minutes,
      handle_minutes = c.handle_minutes + excluded.handle_minutes,
      responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
      resolved_rated = c.resolved_rated + excluded.resolved_rated,
      satisfied = c.satisfied + excluded.satisfied;
  END LOOP;
  -- Per department_id: down to the community (depth 3), then upwards.
  INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
    reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
    due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
    responded, rated, resolved_rated, satisfied)
  SELECT subpath(region_path, 0, least(nlevel(region_path), 3)), least(nlevel(region_path), 3), 'day', day, '', department_id,
    sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
    sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
    sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
    sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
  FROM event_rollups
  GROUP BY 1, 2, 4, 6
  ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
    reported = c.reported + excluded.reported, received = c.received + excluded.received,
    filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
    dispatched = c.dispatched + excluded.dispatched,
    misdispatched = c.misdispatched + excluded.misdispatched,
    handled = c.handled + excluded.handled,
    handled_on_time = c.handled_on_time + excluded.handled_on_time,
    due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
    closed_on_time = c.closed_on_time + excluded.closed_on_time,
    reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
    accept_minutes = c.accept_minutes + excluded.accept_minutes,
    handle_minutes = c.handle_minutes + excluded.handle_minutes,
    responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
    resolved_rated = c.resolved_rated + excluded.resolved_rated,
    satisfied = c.satisfied + excluded.satisfied;
  FOR d IN REVERSE least(top, 3) - 1..1 LOOP
    INSERT INTO event_cube AS c (region_path, depth, grain, day, category_code, department_id,
      reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
      due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
      responded, rated, resolved_rated, satisfied)
    SELECT subpath(region_path, 0, d), d, 'day', day, '', department_id,
      sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
      sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
      sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
      sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
    FROM event_cube WHERE depth = d + 1 AND grain = 'day' AND category_code = '' AND department_id <> -1
    GROUP BY 1, 4, 6
    ON CONFLICT (region_path, grain, day, category_code, department_id) DO UPDATE SET
      reported = c.reported + excluded.reported, received = c.received + excluded.received,
      filed = c.filed + excluded.filed, filed_on_time = c.filed_on_time + excluded.filed_on_time,
      dispatched = c.dispatched + excluded.dispatched,
      misdispatched = c.misdispatched + excluded.misdispatched,
      handled = c.handled + excluded.handled,
      handled_on_time = c.handled_on_time + excluded.handled_on_time,
      due_to_close = c.due_to_close + excluded.due_to_close, closed = c.closed + excluded.closed,
      closed_on_time = c.closed_on_time + excluded.closed_on_time,
      reworked = c.reworked + excluded.reworked, extended = c.extended + excluded.extended,
      accept_minutes = c.accept_minutes + excluded.accept_minutes,
      handle_minutes = c.handle_minutes + excluded.handle_minutes,
      responded = c.responded + excluded.responded, rated = c.rated + excluded.rated,
      resolved_rated = c.resolved_rated + excluded.resolved_rated,
      satisfied = c.satisfied + excluded.satisfied;
  END LOOP;
  -- Months from the days.
  INSERT INTO event_cube (region_path, depth, grain, day, category_code, department_id,
    reported, received, filed, filed_on_time, dispatched, misdispatched, handled, handled_on_time,
    due_to_close, closed, closed_on_time, reworked, extended, accept_minutes, handle_minutes,
    responded, rated, resolved_rated, satisfied)
  SELECT region_path, depth, 'month', date_trunc('month', day)::date, category_code, department_id,
    sum(reported), sum(received), sum(filed), sum(filed_on_time), sum(dispatched),
    sum(misdispatched), sum(handled), sum(handled_on_time), sum(due_to_close), sum(closed),
    sum(closed_on_time), sum(reworked), sum(extended), sum(accept_minutes), sum(handle_minutes),
    sum(responded), sum(rated), sum(resolved_rated), sum(satisfied)
  FROM event_cube WHERE grain = 'day'
  GROUP BY 1, 2, 4, 5, 6;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dispute_cube_fold() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  caller text := coalesce(current_setting('fengqiao.scope', true), '');
  src text := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS s FROM fq_new n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS s FROM fq_old o'
    ELSE 'SELECT n.*, 1 AS s FROM fq_new n UNION ALL SELECT o.*, -1 AS s FROM fq_old o'
  END;
BEGIN
  -- The sums above the caller's place (a town's change moves the district's row) lie outside its scope:
  -- this one statement runs in the system scope, then the caller's scope is back.
  PERFORM set_config('fengqiao.scope', '*', true);
  EXECUTE format($q$
    INSERT INTO dispute_cube AS c (region_path, depth, grain, day, type,
      screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
      closed, settled_village, settled_town, settled_district, settled_specialised,
      confirm_applied, confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
    SELECT subpath(d.region_path, 0, i), i, g.grain,
           CASE g.grain WHEN 'day' THEN d.day ELSE date_trunc('month', d.day)::date END, x.type,
           sum(d.s * d.screenings), sum(d.s * d.zero_reports), sum(d.s * d.found),
           sum(d.s * d.accepted), sum(d.s * d.refused), sum(d.s * d.settled), sum(d.s * d.failed),
           sum(d.s * d.ended), sum(d.s * d.transferred), sum(d.s * d.closed),
           sum(d.s * d.settled_village), sum(d.s * d.settled_town), sum(d.s * d.settled_district),
           sum(d.s * d.settled_specialised), sum(d.s * d.confirm_applied), sum(d.s * d.confirmed),
           sum(d.s * d.confirm_rejected), sum(d.s * d.confirm_ruled), sum(d.s * d.confirm_hours_sum)
    FROM (%s) d
    CROSS JOIN generate_series(1, nlevel(d.region_path)) AS i
    CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
    CROSS JOIN LATERAL (VALUES (''), (d.type)) AS x(type)
    WHERE x.type = '' OR i <= 3
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 3, 4, 5
    ON CONFLICT (region_path, grain, day, type) DO UPDATE SET
      screenings = c.screenings + excluded.screenings,
      zero_reports = c.zero_reports + excluded.zero_reports, found = c.found + excluded.found,
      accepted = c.accepted + excluded.accepted, refused = c.refused + excluded.refused,
      settled = c.settled + excluded.settled, failed = c.failed + excluded.failed,
      ended = c.ended + excluded.ended, transferred = c.transferred + excluded.transferred,
      closed = c.closed + excluded.closed,
      settled_village = c.settled_village + excluded.settled_village,
      settled_town = c.settled_town + excluded.settled_town,
      settled_district = c.settled_district + excluded.settled_district,
      settled_specialised = c.settled_specialised + excluded.settled_specialised,
      confirm_applied = c.confirm_applied + excluded.confirm_applied,
      confirmed = c.confirmed + excluded.confirmed,
      confirm_rejected = c.confirm_rejected + excluded.confirm_rejected,
      confirm_ruled = c.confirm_ruled + excluded.confirm_ruled,
      confirm_hours_sum = c.confirm_hours_sum + excluded.confirm_hours_sum
  $q$, src);
  PERFORM set_config('fengqiao.scope', caller, true);
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dispute_cube_clear() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  TRUNCATE dispute_cube;
  RETURN NULL;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER dispute_cube_ins AFTER INSERT ON dispute_rollups REFERENCING NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION dispute_cube_fold();
--> statement-breakpoint
CREATE TRIGGER dispute_cube_upd AFTER UPDATE ON dispute_rollups REFERENCING OLD TABLE AS fq_old NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION dispute_cube_fold();
--> statement-breakpoint
CREATE TRIGGER dispute_cube_del AFTER DELETE ON dispute_rollups REFERENCING OLD TABLE AS fq_old
  FOR EACH STATEMENT EXECUTE FUNCTION dispute_cube_fold();
--> statement-breakpoint
CREATE TRIGGER dispute_cube_trunc AFTER TRUNCATE ON dispute_rollups
  FOR EACH STATEMENT EXECUTE FUNCTION dispute_cube_clear();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION dispute_cube_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
  top int;
BEGIN
  -- For loaders that write the rollups with the triggers disabled (as the owner). Few passes over the
  -- rollups (the rest sums smaller cube rows), hashing in memory.
  PERFORM set_config('work_mem', '256MB', true);
  TRUNCATE dispute_cube;
  SELECT coalesce(max(nlevel(region_path)), 0) INTO top FROM dispute_rollups;
  -- Every place's own rows (all types), then each depth from the one below it.
  INSERT INTO dispute_cube AS c (region_path, depth, grain, day, type,
    screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
    closed, settled_village, settled_town, settled_district, settled_specialised, confirm_applied,
    confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
  SELECT region_path, nlevel(region_path), 'day', day, '',
    sum(screenings), sum(zero_reports), sum(found), sum(accepted), sum(refused), sum(settled),
    sum(failed), sum(ended), sum(transferred), sum(closed), sum(settled_village),
    sum(settled_town), sum(settled_district), sum(settled_specialised), sum(confirm_applied),
    sum(confirmed), sum(confirm_rejected), sum(confirm_ruled), sum(confirm_hours_sum)
  FROM dispute_rollups
  GROUP BY 1, 2, 4
  ON CONFLICT (region_path, grain, day, type) DO UPDATE SET
    screenings = c.screenings + excluded.screenings,
    zero_reports = c.zero_reports + excluded.zero_reports, found = c.found + excluded.found,
    accepted = c.accepted + excluded.accepted, refused = c.refused + excluded.refused,
    settled = c.settled + excluded.settled, failed = c.failed + excluded.failed,
    ended = c.ended + excluded.ended, transferred = c.transferred + excluded.transferred,
    closed = c.closed + excluded.closed,
    settled_village = c.settled_village + excluded.settled_village,
    settled_town = c.settled_town + excluded.settled_town,
    settled_district = c.settled_district + excluded.settled_district,
    settled_specialised = c.settled_specialised + excluded.settled_specialised,
    confirm_applied = c.confirm_applied + excluded.confirm_applied,
    confirmed = c.confirmed + excluded.confirmed,
    confirm_rejected = c.confirm_rejected + excluded.confirm_rejected,
    confirm_ruled = c.confirm_ruled + excluded.confirm_ruled,
    confirm_hours_sum = c.confirm_hours_sum + excluded.confirm_hours_sum;
  FOR d IN REVERSE top - 1..1 LOOP
    INSERT INTO dispute_cube AS c (region_path, depth, grain, day, type,
      screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
      closed, settled_village, settled_town, settled_district, settled_specialised, confirm_applied,
      confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
    SELECT subpath(region_path, 0, d), d, 'day', day, '',
      sum(screenings), sum(zero_reports), sum(found), sum(accepted), sum(refused), sum(settled),
      sum(failed), sum(ended), sum(transferred), sum(closed), sum(settled_village),
      sum(settled_town), sum(settled_district), sum(settled_specialised), sum(confirm_applied),
      sum(confirmed), sum(confirm_rejected), sum(confirm_ruled), sum(confirm_hours_sum)
    FROM dispute_cube WHERE depth = d + 1 AND grain = 'day' AND type = ''
    GROUP BY 1, 4
    ON CONFLICT (region_path, grain, day, type) DO UPDATE SET
      screenings = c.screenings + excluded.screenings,
      zero_reports = c.zero_reports + excluded.zero_reports, found = c.found + excluded.found,
      accepted = c.accepted + excluded.accepted, refused = c.refused + excluded.refused,
      settled = c.settled + excluded.settled, failed = c.failed + excluded.failed,
      ended = c.ended + excluded.ended, transferred = c.transferred + excluded.transferred,
      closed = c.closed + excluded.closed,
      settled_village = c.settled_village + excluded.settled_village,
      settled_town = c.settled_town + excluded.settled_town,
      settled_district = c.settled_district + excluded.settled_district,
      settled_specialised = c.settled_specialised + excluded.settled_specialised,
      confirm_applied = c.confirm_applied + excluded.confirm_applied,
      confirmed = c.confirmed + excluded.confirmed,
      confirm_rejected = c.confirm_rejected + excluded.confirm_rejected,
      confirm_ruled = c.confirm_ruled + excluded.confirm_ruled,
      confirm_hours_sum = c.confirm_hours_sum + excluded.confirm_hours_sum;
  END LOOP;
  -- Per type: down to the community (depth 3), then upwards.
  INSERT INTO dispute_cube AS c (region_path, depth, grain, day, type,
    screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
    closed, settled_village, settled_town, settled_district, settled_specialised, confirm_applied,
    confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
  SELECT subpath(region_path, 0, least(nlevel(region_path), 3)), least(nlevel(region_path), 3), 'day', day, type,
    sum(screenings), sum(zero_reports), sum(found), sum(accepted), sum(refused), sum(settled),
    sum(failed), sum(ended), sum(transferred), sum(closed), sum(settled_village),
    sum(settled_town), sum(settled_district), sum(settled_specialised), sum(confirm_applied),
    sum(confirmed), sum(confirm_rejected), sum(confirm_ruled), sum(confirm_hours_sum)
  FROM dispute_rollups
  GROUP BY 1, 2, 4, 5
  ON CONFLICT (region_path, grain, day, type) DO UPDATE SET
    screenings = c.screenings + excluded.screenings,
    zero_reports = c.zero_reports + excluded.zero_reports, found = c.found + excluded.found,
    accepted = c.accepted + excluded.accepted, refused = c.refused + excluded.refused,
    settled = c.settled + excluded.settled, failed = c.failed + excluded.failed,
    ended = c.ended + excluded.ended, transferred = c.transferred + excluded.transferred,
    closed = c.closed + excluded.closed,
    settled_village = c.settled_village + excluded.settled_village,
    settled_town = c.settled_town + excluded.settled_town,
    settled_district = c.settled_district + excluded.settled_district,
    settled_specialised = c.settled_specialised + excluded.settled_specialised,
    confirm_applied = c.confirm_applied + excluded.confirm_applied,
    confirmed = c.confirmed + excluded.confirmed,
    confirm_rejected = c.confirm_rejected + excluded.confirm_rejected,
    confirm_ruled = c.confirm_ruled + excluded.confirm_ruled,
    confirm_hours_sum = c.confirm_hours_sum + excluded.confirm_hours_sum;
  FOR d IN REVERSE least(top, 3) - 1..1 LOOP
    INSERT INTO dispute_cube AS c (region_path, depth, grain, day, type,
      screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
      closed, settled_village, settled_town, settled_district, settled_specialised, confirm_applied,
      confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
    SELECT subpath(region_path, 0, d), d, 'day', day, type,
      sum(screenings), sum(zero_reports), sum(found), sum(accepted), sum(refused), sum(settled),
      sum(failed), sum(ended), sum(transferred), sum(closed), sum(settled_village),
      sum(settled_town), sum(settled_district), sum(settled_specialised), sum(confirm_applied),
      sum(confirmed), sum(confirm_rejected), sum(confirm_ruled), sum(confirm_hours_sum)
    FROM dispute_cube WHERE depth = d + 1 AND grain = 'day' AND type <> ''
    GROUP BY 1, 4, 5
    ON CONFLICT (region_path, grain, day, type) DO UPDATE SET
      screenings = c.screenings + excluded.screenings,
      zero_reports = c.zero_reports + excluded.zero_reports, found = c.found + excluded.found,
      accepted = c.accepted + excluded.accepted, refused = c.refused + excluded.refused,
      settled = c.settled + excluded.settled, failed = c.failed + excluded.failed,
      ended = c.ended + excluded.ended, transferred = c.transferred + excluded.transferred,
      closed = c.closed + excluded.closed,
      settled_village = c.settled_village + excluded.settled_village,
      settled_town = c.settled_town + excluded.settled_town,
      settled_district = c.settled_district + excluded.settled_district,
      settled_specialised = c.settled_specialised + excluded.settled_specialised,
      confirm_applied = c.confirm_applied + excluded.confirm_applied,
      confirmed = c.confirmed + excluded.confirmed,
      confirm_rejected = c.confirm_rejected + excluded.confirm_rejected,
      confirm_ruled = c.confirm_ruled + excluded.confirm_ruled,
      confirm_hours_sum = c.confirm_hours_sum + excluded.confirm_hours_sum;
  END LOOP;
  -- Months from the days.
  INSERT INTO dispute_cube (region_path, depth, grain, day, type,
    screenings, zero_reports, found, accepted, refused, settled, failed, ended, transferred,
    closed, settled_village, settled_town, settled_district, settled_specialised, confirm_applied,
    confirmed, confirm_rejected, confirm_ruled, confirm_hours_sum)
  SELECT region_path, depth, 'month', date_trunc('month', day)::date, type,
    sum(screenings), sum(zero_reports), sum(found), sum(accepted), sum(refused), sum(settled),
    sum(failed), sum(ended), sum(transferred), sum(closed), sum(settled_village),
    sum(settled_town), sum(settled_district), sum(settled_specialised), sum(confirm_applied),
    sum(confirmed), sum(confirm_rejected), sum(confirm_ruled), sum(confirm_hours_sum)
  FROM dispute_cube WHERE grain = 'day'
  GROUP BY 1, 2, 4, 5;
END
$fn$;
--> statement-breakpoint
-- 在办: every state before 结案 (domain/events OPEN_STATES; events.cube.test.ts checks they agree).
CREATE OR REPLACE FUNCTION event_is_open(state text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT state NOT IN ('closed', 'rated', 'cancelled', 'merged', 'transferred')
$$;
--> statement-breakpoint
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
CREATE OR REPLACE FUNCTION event_open_rebuild() RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM event_open_counts;
  INSERT INTO event_open_counts (region_path, depth, department_id, open, overdue)
  SELECT subpath(e.region_path, 0, i), i, x.department_id, count(*), count(*) FILTER (WHERE e.overdue)
  FROM events e
  CROSS JOIN generate_series(1, nlevel(e.region_path)) AS i
  CROSS JOIN LATERAL (VALUES (-1::bigint), (coalesce(e.assignee_department_id, 0))) AS x(department_id)
  WHERE event_is_open(e.state)
  GROUP BY 1, 2, 3;
END
$fn$;
--> statement-breakpoint
CREATE TRIGGER event_open_ins AFTER INSERT ON events REFERENCING NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION event_open_fold();
--> statement-breakpoint
CREATE TRIGGER event_open_upd AFTER UPDATE ON events REFERENCING OLD TABLE AS fq_old NEW TABLE AS fq_new
  FOR EACH STATEMENT EXECUTE FUNCTION event_open_fold();
--> statement-breakpoint
CREATE TRIGGER event_open_del AFTER DELETE ON events REFERENCING OLD TABLE AS fq_old
  FOR EACH STATEMENT EXECUTE FUNCTION event_open_fold();
--> statement-breakpoint
-- Counts of what already exists (a database upgraded with data in it).
SELECT event_cube_rebuild();
--> statement-breakpoint
SELECT dispute_cube_rebuild();
--> statement-breakpoint
SELECT event_open_rebuild();
