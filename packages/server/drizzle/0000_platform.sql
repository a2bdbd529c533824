-- Platform prerequisites that both engines (PGlite and PostgreSQL) provide.
CREATE EXTENSION IF NOT EXISTS ltree;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pgcrypto;
--> statement-breakpoint
-- The role every request runs as (SET LOCAL ROLE), so row-level security applies even when the
-- connecting user owns the tables. Roles are cluster-wide: another database may have made it already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fengqiao_app') THEN
    CREATE ROLE fengqiao_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
-- Scope test used by every row-level security policy. The scope is a per-transaction setting:
-- '' or unset sees nothing, '*' is the system context (timers, seeding), otherwise an ltree path.
CREATE OR REPLACE FUNCTION app_in_scope(p ltree) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(current_setting('fengqiao.scope', true), '')
    WHEN '' THEN false
    WHEN '*' THEN true
    ELSE p <@ current_setting('fengqiao.scope', true)::ltree
  END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION fq_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;
