-- Row-level security lets an index serve a condition only when its operator is LEAKPROOF (as 0009 did for
-- pg_trgm). ltree's comparisons and ancestor tests are not marked so, so under RLS no region condition
-- reached an index: every cube, rollup and open-count read by region filtered a scan of the whole table
-- (the cockpit's cold reads, 0.2–2.3 s at 1.6 M rollup rows), however small the answer. They compare
-- labels byte by byte and raise no errors and have no side effects, so they may be. Marking needs a
-- superuser: without one the migration goes on and region reads stay scans (ARCHITECTURE.md).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ltree_eq(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_ne(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_lt(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_le(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_ge(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_gt(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_isparent(ltree, ltree) LEAKPROOF;
    ALTER FUNCTION ltree_risparent(ltree, ltree) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: ltree comparisons stay non-leakproof; region reads will not use their indexes under RLS';
  END IF;
END $$;
--> statement-breakpoint
-- A place's own event rollups over a period (a grid's categories and departments, the micro-grids under
-- it): one btree range per place (db/cube.ts `subtree`) carrying what the cockpit sums, so the answer
-- comes from the index alone. The GiST index on region_path cannot take the day range along.
-- dispute_rollups already has its (region_path, day, type, level) unique index for the same range.
CREATE INDEX IF NOT EXISTS "event_rollups_place_day_idx" ON "event_rollups" USING btree ("region_path", "day")
  INCLUDE ("category_code", "department_id", "reported", "closed", "closed_on_time", "due_to_close", "rated", "satisfied");
--> statement-breakpoint
-- The regions of a level under a small region (a community's grids): its range of the cube's all-category
-- rows, instead of every region of that level on the days asked (event_cube_level_idx, still the cheaper
-- one for the district). The planner picks by the range's estimate.
CREATE INDEX IF NOT EXISTS "event_cube_place_idx" ON "event_cube" USING btree ("depth", "grain", "region_path", "day")
  INCLUDE ("reported", "closed", "closed_on_time", "due_to_close", "rated", "satisfied")
  WHERE "category_code" = '' AND "department_id" = -1;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "dispute_cube_place_idx" ON "dispute_cube" USING btree ("depth", "grain", "region_path", "day")
  WHERE "type" = '';
