CREATE TABLE "event_api_keys" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_api_keys_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"channel" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "event_supervisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_supervisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"event_id" bigint NOT NULL,
	"level" text NOT NULL,
	"requirement" text NOT NULL,
	"limit_days" double precision NOT NULL,
	"answer" text
);
--> statement-breakpoint
CREATE TABLE "event_whistles" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "event_whistles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"event_id" bigint NOT NULL,
	"department_id" bigint NOT NULL,
	"note" text NOT NULL,
	"limit_hours" double precision NOT NULL
);
--> statement-breakpoint
CREATE TABLE "worker_positions" (
	"user_id" bigint PRIMARY KEY NOT NULL,
	"region_path" "ltree" NOT NULL,
	"lng" double precision NOT NULL,
	"lat" double precision NOT NULL,
	"accuracy_m" double precision,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "events_category_idx";--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "onsite_user_id" bigint;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "onsite_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "onsite_arrived_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "event_api_keys_hash_uq" ON "event_api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "event_supervisions_path_gist" ON "event_supervisions" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "event_supervisions_state_idx" ON "event_supervisions" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "event_supervisions_dept_idx" ON "event_supervisions" USING btree ("assignee_department_id","state");--> statement-breakpoint
CREATE INDEX "event_supervisions_assignee_idx" ON "event_supervisions" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "event_supervisions_reporter_idx" ON "event_supervisions" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "event_supervisions_due_idx" ON "event_supervisions" USING btree ("due_at") WHERE "event_supervisions"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "event_supervisions_event_idx" ON "event_supervisions" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "event_whistles_path_gist" ON "event_whistles" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "event_whistles_state_idx" ON "event_whistles" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "event_whistles_dept_idx" ON "event_whistles" USING btree ("assignee_department_id","state");--> statement-breakpoint
CREATE INDEX "event_whistles_assignee_idx" ON "event_whistles" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "event_whistles_reporter_idx" ON "event_whistles" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "event_whistles_due_idx" ON "event_whistles" USING btree ("due_at") WHERE "event_whistles"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "event_whistles_event_idx" ON "event_whistles" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "worker_positions_path_gist" ON "worker_positions" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "events_state_id_idx" ON "events" USING btree ("state","id");--> statement-breakpoint
CREATE INDEX "events_onsite_idx" ON "events" USING btree ("onsite_user_id");--> statement-breakpoint
CREATE INDEX "events_overdue_idx" ON "events" USING btree ("id") WHERE "events"."overdue";--> statement-breakpoint
CREATE INDEX "events_category_idx" ON "events" USING btree ("category_code","id");