CREATE TABLE "document_counters" (
	"template" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "document_counters_template_year_pk" PRIMARY KEY("template","year")
);
--> statement-breakpoint
CREATE TABLE "document_files" (
	"document_id" bigint NOT NULL,
	"format" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"size" integer NOT NULL,
	CONSTRAINT "document_files_document_id_format_pk" PRIMARY KEY("document_id","format")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "documents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"doc_no" text NOT NULL,
	"verify_code" text NOT NULL,
	"template" text NOT NULL,
	"title" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" bigint NOT NULL,
	"region_path" "ltree" NOT NULL,
	"data" jsonb NOT NULL,
	"data_sha256" text NOT NULL,
	"pdf_sha256" text NOT NULL,
	"docx_sha256" text NOT NULL,
	"signature" "bytea" NOT NULL,
	"key_id" text NOT NULL,
	"issuer" text NOT NULL,
	"issued_by" bigint,
	"issued_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_reason" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "document_files" ADD CONSTRAINT "document_files_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_no_uq" ON "documents" USING btree ("doc_no");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_verify_uq" ON "documents" USING btree ("verify_code");--> statement-breakpoint
CREATE INDEX "documents_subject_idx" ON "documents" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "documents_path_gist" ON "documents" USING gist ("region_path");