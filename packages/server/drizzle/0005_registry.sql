CREATE TABLE "addresses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "addresses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"parent_id" bigint,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"full_name" text NOT NULL,
	"norm" text NOT NULL,
	"grid_id" bigint,
	"region_path" "ltree" NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "house_tenants" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "house_tenants_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"house_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"since" date,
	"region_path" "ltree" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "houses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "houses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"address_id" bigint NOT NULL,
	"use" text NOT NULL,
	"owner_id" bigint,
	"area_m2" double precision,
	"region_path" "ltree" NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"credit_code" text,
	"credit_code_warning" text,
	"type" text NOT NULL,
	"legal_rep" text,
	"legal_rep_id" bigint,
	"address_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"content_hash" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "people" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "people_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"id_number_enc" "bytea" NOT NULL,
	"id_number_idx" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"sex" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone_enc" "bytea",
	"phone_idx" text,
	"phone_masked" text,
	"residence_type" text NOT NULL,
	"address_id" bigint NOT NULL,
	"workplace" text,
	"org_id" bigint,
	"region_path" "ltree" NOT NULL,
	"content_hash" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_tags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "person_tags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"person_id" bigint NOT NULL,
	"tag" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"visit_every_days" integer,
	"since" date NOT NULL,
	"ended_on" date,
	"last_visit_on" date,
	"region_path" "ltree" NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_import_issues" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registry_import_issues_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"import_id" bigint NOT NULL,
	"row_no" integer NOT NULL,
	"column" text NOT NULL,
	"severity" text NOT NULL,
	"reason" text NOT NULL,
	"region_path" "ltree" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_imports" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "registry_imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"entity" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"encoding" text NOT NULL,
	"stored_as" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"warnings" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" bigint,
	"region_path" "ltree" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "visits" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "visits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tag_id" bigint NOT NULL,
	"person_id" bigint NOT NULL,
	"visited_at" timestamp with time zone NOT NULL,
	"lng" double precision,
	"lat" double precision,
	"findings" text NOT NULL,
	"anomaly" boolean DEFAULT false NOT NULL,
	"event_id" bigint,
	"visitor_id" bigint,
	"visitor_name" text NOT NULL,
	"region_path" "ltree" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_parent_id_addresses_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "addresses" ADD CONSTRAINT "addresses_grid_id_regions_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_tenants" ADD CONSTRAINT "house_tenants_house_id_houses_id_fk" FOREIGN KEY ("house_id") REFERENCES "public"."houses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "house_tenants" ADD CONSTRAINT "house_tenants_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "houses" ADD CONSTRAINT "houses_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "houses" ADD CONSTRAINT "houses_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_legal_rep_id_people_id_fk" FOREIGN KEY ("legal_rep_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "people" ADD CONSTRAINT "people_address_id_addresses_id_fk" FOREIGN KEY ("address_id") REFERENCES "public"."addresses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_tags" ADD CONSTRAINT "person_tags_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_import_issues" ADD CONSTRAINT "registry_import_issues_import_id_registry_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."registry_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_tag_id_person_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."person_tags"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "visits" ADD CONSTRAINT "visits_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_code_uq" ON "addresses" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "addresses_norm_uq" ON "addresses" USING btree ("norm");--> statement-breakpoint
CREATE INDEX "addresses_parent_idx" ON "addresses" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "addresses_path_gist" ON "addresses" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "addresses_norm_trgm" ON "addresses" USING gin ("norm" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "house_tenants_uq" ON "house_tenants" USING btree ("house_id","person_id");--> statement-breakpoint
CREATE INDEX "house_tenants_person_idx" ON "house_tenants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "house_tenants_path_gist" ON "house_tenants" USING gist ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "houses_address_uq" ON "houses" USING btree ("address_id");--> statement-breakpoint
CREATE INDEX "houses_owner_idx" ON "houses" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "houses_path_gist" ON "houses" USING gist ("region_path");--> statement-breakpoint
CREATE UNIQUE INDEX "organisations_credit_code_uq" ON "organisations" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "organisations_address_idx" ON "organisations" USING btree ("address_id");--> statement-breakpoint
CREATE INDEX "organisations_path_gist" ON "organisations" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "organisations_name_trgm" ON "organisations" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "people_id_number_uq" ON "people" USING btree ("id_number_idx");--> statement-breakpoint
CREATE INDEX "people_phone_idx" ON "people" USING btree ("phone_idx");--> statement-breakpoint
CREATE INDEX "people_address_idx" ON "people" USING btree ("address_id");--> statement-breakpoint
CREATE INDEX "people_path_gist" ON "people" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "people_name_trgm" ON "people" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "person_tags_active_uq" ON "person_tags" USING btree ("person_id","tag") WHERE "person_tags"."ended_on" IS NULL;--> statement-breakpoint
CREATE INDEX "person_tags_path_gist" ON "person_tags" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "person_tags_tag_idx" ON "person_tags" USING btree ("tag");--> statement-breakpoint
CREATE INDEX "registry_import_issues_import_idx" ON "registry_import_issues" USING btree ("import_id","row_no");--> statement-breakpoint
CREATE INDEX "registry_import_issues_path_gist" ON "registry_import_issues" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "registry_imports_path_gist" ON "registry_imports" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "visits_tag_idx" ON "visits" USING btree ("tag_id","visited_at");--> statement-breakpoint
CREATE INDEX "visits_person_idx" ON "visits" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "visits_path_gist" ON "visits" USING gist ("region_path");