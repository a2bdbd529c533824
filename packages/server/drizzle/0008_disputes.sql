CREATE TABLE "dispute_follow_ups" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dispute_follow_ups_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dispute_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"visited_on" date NOT NULL,
	"performance" text NOT NULL,
	"note" text NOT NULL,
	"by_user_id" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dispute_parties_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dispute_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"seq" integer NOT NULL,
	"role" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"sex" text,
	"id_number_enc" "bytea",
	"id_number_masked" text,
	"id_number_index" text,
	"credit_code" text,
	"representative" text,
	"phone_enc" "bytea",
	"phone_masked" text,
	"address_enc" "bytea",
	"address_masked" text,
	"user_id" bigint
);
--> statement-breakpoint
CREATE TABLE "dispute_rollups" (
	"region_path" "ltree" NOT NULL,
	"day" date NOT NULL,
	"type" text NOT NULL,
	"level" text NOT NULL,
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
	"confirm_hours_sum" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_sessions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dispute_sessions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dispute_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"place" text NOT NULL,
	"online" boolean DEFAULT false NOT NULL,
	"participants" jsonb NOT NULL,
	"entries" jsonb,
	"outcome" text,
	"record_document_id" bigint,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "disputes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"ref_no" text NOT NULL,
	"title" text NOT NULL,
	"type" text NOT NULL,
	"source" text NOT NULL,
	"mediation_type" text DEFAULT 'people' NOT NULL,
	"org_id" bigint,
	"level" text NOT NULL,
	"facts" text NOT NULL,
	"claims" text,
	"amount" numeric(14, 2),
	"location" text,
	"region_id" bigint NOT NULL,
	"risk_flags" text[] DEFAULT '{}'::text[] NOT NULL,
	"risk_level" text DEFAULT 'low' NOT NULL,
	"event_id" bigint,
	"screening_task_id" bigint,
	"agreement_document_id" bigint,
	"agreement_on" date,
	"guidance" text,
	"transfers" integer DEFAULT 0 NOT NULL,
	"mediation_days" integer DEFAULT 30 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "judicial_confirmations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "judicial_confirmations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"dispute_id" bigint NOT NULL,
	"agreement_document_id" bigint NOT NULL,
	"court" text NOT NULL,
	"applied_on" date NOT NULL,
	"application_document_id" bigint,
	"accepted_at" timestamp with time zone,
	"rule_extended" boolean DEFAULT false NOT NULL,
	"decision" text,
	"ruling_document_id" bigint,
	"ruled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "mediation_orgs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mediation_orgs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"short_name" text NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"mediation_types" text[] NOT NULL,
	"specialties" text[] NOT NULL,
	"region_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"address" text,
	"phone" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mediators" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mediators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" bigint NOT NULL,
	"org_id" bigint NOT NULL,
	"name" text NOT NULL,
	"title" text,
	"region_path" "ltree" NOT NULL,
	"specialties" text[] NOT NULL,
	"max_load" integer DEFAULT 10 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_schedules" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "screening_schedules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"region_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"level" text NOT NULL,
	"every_days" integer NOT NULL,
	"start_on" date NOT NULL,
	"responsible_user_id" bigint,
	"active" boolean DEFAULT true NOT NULL,
	"generated_through" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "screening_tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "screening_tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"schedule_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"level" text NOT NULL,
	"period_start" date NOT NULL,
	"due_on" date NOT NULL,
	"responsible_user_id" bigint,
	"done_at" timestamp with time zone,
	"done_by" bigint,
	"found" integer DEFAULT 0 NOT NULL,
	"zero_report" boolean DEFAULT false NOT NULL,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "dispute_follow_ups" ADD CONSTRAINT "dispute_follow_ups_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_sessions" ADD CONSTRAINT "dispute_sessions_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_org_id_mediation_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."mediation_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "judicial_confirmations" ADD CONSTRAINT "judicial_confirmations_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediators" ADD CONSTRAINT "mediators_org_id_mediation_orgs_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."mediation_orgs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_tasks" ADD CONSTRAINT "screening_tasks_schedule_id_screening_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."screening_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dispute_follow_ups_dispute_idx" ON "dispute_follow_ups" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "dispute_parties_dispute_idx" ON "dispute_parties" USING btree ("dispute_id","seq");--> statement-breakpoint
CREATE INDEX "dispute_parties_id_idx" ON "dispute_parties" USING btree ("id_number_index");--> statement-breakpoint
CREATE INDEX "dispute_parties_name_idx" ON "dispute_parties" USING btree ("name");--> statement-breakpoint
CREATE INDEX "dispute_parties_user_idx" ON "dispute_parties" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dispute_rollups_key_uq" ON "dispute_rollups" USING btree ("region_path","day","type","level");--> statement-breakpoint
CREATE INDEX "dispute_rollups_day_idx" ON "dispute_rollups" USING btree ("day");--> statement-breakpoint
CREATE INDEX "dispute_rollups_path_gist" ON "dispute_rollups" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "dispute_sessions_dispute_idx" ON "dispute_sessions" USING btree ("dispute_id","starts_at");--> statement-breakpoint
CREATE INDEX "disputes_path_gist" ON "disputes" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "disputes_state_idx" ON "disputes" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "disputes_dept_idx" ON "disputes" USING btree ("assignee_department_id","state");--> statement-breakpoint
CREATE INDEX "disputes_assignee_idx" ON "disputes" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "disputes_reporter_idx" ON "disputes" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "disputes_due_idx" ON "disputes" USING btree ("due_at") WHERE "disputes"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_ref_uq" ON "disputes" USING btree ("ref_no");--> statement-breakpoint
CREATE INDEX "disputes_type_idx" ON "disputes" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "disputes_org_idx" ON "disputes" USING btree ("org_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_event_uq" ON "disputes" USING btree ("event_id") WHERE "disputes"."event_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "disputes_title_trgm" ON "disputes" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "judicial_confirmations_path_gist" ON "judicial_confirmations" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_state_idx" ON "judicial_confirmations" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_dept_idx" ON "judicial_confirmations" USING btree ("assignee_department_id","state");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_assignee_idx" ON "judicial_confirmations" USING btree ("assignee_user_id","state");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_reporter_idx" ON "judicial_confirmations" USING btree ("reporter_id");--> statement-breakpoint
CREATE INDEX "judicial_confirmations_due_idx" ON "judicial_confirmations" USING btree ("due_at") WHERE "judicial_confirmations"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "judicial_confirmations_dispute_idx" ON "judicial_confirmations" USING btree ("dispute_id");--> statement-breakpoint
CREATE INDEX "mediation_orgs_path_gist" ON "mediation_orgs" USING gist ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "mediators_user_uq" ON "mediators" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mediators_path_gist" ON "mediators" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "screening_schedules_path_gist" ON "screening_schedules" USING gist ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "screening_tasks_period_uq" ON "screening_tasks" USING btree ("schedule_id","period_start");--> statement-breakpoint
CREATE INDEX "screening_tasks_path_gist" ON "screening_tasks" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "screening_tasks_open_idx" ON "screening_tasks" USING btree ("due_on") WHERE "screening_tasks"."done_at" IS NULL;