CREATE TABLE "document_drafts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "document_drafts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"template" text NOT NULL,
	"purpose" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"data" jsonb NOT NULL,
	"content_sha256" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"document_id" bigint,
	"created_by" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "document_signers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "document_signers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"draft_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"party_ref" bigint,
	"user_id" bigint,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"signed_at" timestamp (3) with time zone,
	"signed_sha256" text,
	"image_sha256" text,
	"attachment_id" bigint,
	"method" text,
	"witness_user_id" bigint,
	"evidence" jsonb,
	"link_token_sha256" text,
	"link_expires_at" timestamp with time zone,
	"link_sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "agreement_kind" text;--> statement-breakpoint
ALTER TABLE "mediation_orgs" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "mediation_orgs" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "mediators" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "mediators" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "screening_schedules" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "screening_schedules" ADD COLUMN "updated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "document_drafts" ADD CONSTRAINT "document_drafts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signers" ADD CONSTRAINT "document_signers_draft_id_document_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."document_drafts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "document_drafts_subject_idx" ON "document_drafts" USING btree ("subject_type","subject_id","purpose");--> statement-breakpoint
CREATE INDEX "document_drafts_path_gist" ON "document_drafts" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "document_signers_draft_idx" ON "document_signers" USING btree ("draft_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "document_signers_token_uq" ON "document_signers" USING btree ("link_token_sha256");--> statement-breakpoint
CREATE INDEX "document_signers_path_gist" ON "document_signers" USING gist ("region_path");