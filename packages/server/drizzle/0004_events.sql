CREATE TABLE "event_categories" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"parent" text,
	"group" text NOT NULL,
	"limit_value" double precision NOT NULL,
	"limit_unit" text NOT NULL,
	"limit_source" text NOT NULL,
	"accept_condition" text NOT NULL,
	"close_condition" text NOT NULL,
	"department_type" text NOT NULL,
	"photo_required" boolean DEFAULT false NOT NULL,
	"duplicate_radius_m" integer NOT NULL,
	"duplicate_window_hours" integer NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_rollups" (
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
	"satisfied" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "event_rollups_day_region_path_category_code_department_id_pk" PRIMARY KEY("day","region_path","category_code","department_id")
);
--> statement-breakpoint
CREATE TABLE "event_routing_rules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_routing_rules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"priority" integer DEFAULT 100 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"match_path" "ltree",
	"category_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"hours_from" text,
	"hours_to" text,
	"department_id" bigint NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"state" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"region_path" "ltree" NOT NULL,
	"reporter_id" bigint,
	"assignee_user_id" bigint,
	"assignee_department_id" bigint,
	"due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"category_code" text NOT NULL,
	"description" text NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"grid_id" bigint NOT NULL,
	"channel" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"limit_value" double precision NOT NULL,
	"limit_unit" text NOT NULL,
	"reporter_name" text,
	"reporter_phone_enc" "bytea",
	"reporter_phone_masked" text,
	"reporter_phone_index" text,
	"tracking_code" text,
	"external_ref" text,
	"routed_department_id" bigint,
	"routed_by" text,
	"routed_rule_id" bigint,
	"assisting_department_ids" bigint[] DEFAULT '{}'::bigint[] NOT NULL,
	"accepted_at" timestamp with time zone,
	"dispatched_at" timestamp with time zone,
	"signed_at" timestamp with time zone,
	"handled_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"overdue_day" date,
	"returned_count" integer DEFAULT 0 NOT NULL,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"satisfaction" text,
	"resolved" boolean,
	"merged_into" bigint,
	"link_kind" text,
	"link_id" bigint,
	"link_ref" text,
	"last_note" text
);
--> statement-breakpoint
CREATE INDEX "event_rollups_path_gist" ON "event_rollups" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "events_path_gist" ON "events" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "events_state_idx" ON "events" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "events_dept_idx" ON "events" USING btree ("assignee_department_id","state");--> statement-breakpoint
CREATE INDEX "events_assignee_idx" ON "events" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "events_reporter_idx" ON "events" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "events_due_idx" ON "events" USING btree ("due_at") WHERE "events"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "events_tracking_uq" ON "events" USING btree ("tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "events_external_uq" ON "events" USING btree ("channel","external_ref");--> statement-breakpoint
CREATE INDEX "events_category_idx" ON "events" USING btree ("category_code","created_at");--> statement-breakpoint
CREATE INDEX "events_grid_idx" ON "events" USING btree ("grid_id","state");--> statement-breakpoint
CREATE INDEX "events_phone_idx" ON "events" USING btree ("reporter_phone_index");--> statement-breakpoint
CREATE INDEX "events_merged_idx" ON "events" USING btree ("merged_into");--> statement-breakpoint
CREATE INDEX "events_description_trgm" ON "events" USING gin ("description" gin_trgm_ops);