CREATE TABLE "registry_counts" (
	"region_path" "ltree" NOT NULL,
	"kind" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "registry_counts_region_path_kind_pk" PRIMARY KEY("region_path","kind")
);
--> statement-breakpoint
CREATE INDEX "registry_counts_path_gist" ON "registry_counts" USING gist ("region_path");--> statement-breakpoint
CREATE INDEX "people_name_prefix" ON "people" USING btree ("name" COLLATE "C");--> statement-breakpoint
-- Backfill: the counters start from what the tables hold (hand-written; keep when regenerating).
INSERT INTO "registry_counts" ("region_path", "kind", "n")
  SELECT "region_path", 'residents', count(*) FROM "people" GROUP BY "region_path";
--> statement-breakpoint
INSERT INTO "registry_counts" ("region_path", "kind", "n")
  SELECT "region_path", 'tag:' || "tag", count(*) FROM "person_tags" WHERE "ended_on" IS NULL GROUP BY "region_path", "tag";
--> statement-breakpoint
-- Row-level security only lets an index serve a condition whose operator is LEAKPROOF; pg_trgm's word
-- similarity operators are not marked so, which turned every name or address search under RLS into a scan
-- of the whole table (2 s at 1.5 M people). They raise no errors and have no side effects, so they may be.
-- Marking needs a superuser: without one the migration goes on and searches stay slow (ARCHITECTURE.md).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION word_similarity_op(text, text) LEAKPROOF;
    ALTER FUNCTION word_similarity_commutator_op(text, text) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: pg_trgm word similarity stays non-leakproof; fuzzy searches will not use their indexes under RLS';
  END IF;
END $$;
