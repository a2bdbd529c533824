import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Orm } from './client';
import { rowsOf } from './rows';

export const APP_ROLE = 'fengqiao_app';

/**
 * Tables whose rows everyone may read while writes stay scoped: the territory and the departments
 * are reference data every user needs (a town dispatcher blows the whistle to district bureaus).
 */
// The mediation network (organisations, mediators) is a public directory like the territory: a town may
// transfer a dispute to the district centre, a resident picks where to apply.
export const PUBLIC_READ_TABLES = new Set(['regions', 'departments', 'mediation_orgs', 'mediators']);

/** Tables the app role may only append to; a trigger refuses UPDATE and DELETE even for the owner. */
export const APPEND_ONLY_TABLES = new Set(['audit_log', 'audit_chain', 'case_timeline']);

/**
 * The second wall of region scope (DESIGN.md §3). Runs after the migrations, every start, and is
 * idempotent. Rather than a policy per table written by hand, the rule is structural: every table in
 * `public` with a `region_path ltree` column gets FORCE row-level security and the scope policy, so a
 * new scoped table cannot forget it.
 */
export async function applyRowLevelSecurity(orm: Orm): Promise<string[]> {
  const tables = rowsOf<{ t: string }>(
    await orm.execute(
      sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    ),
  ).map((r) => r.t);
  const res = await orm.execute(sql`
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'region_path' AND c.udt_name = 'ltree'
      AND t.table_type = 'BASE TABLE'
    ORDER BY 1`);
  const scoped = rowsOf<{ table_name: string }>(res).map((r) => r.table_name);
  const statements: string[] = [
    `GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`,
  ];
  for (const table of APPEND_ONLY_TABLES) {
    statements.push(
      `REVOKE UPDATE, DELETE, TRUNCATE ON ${table} FROM ${APP_ROLE}`,
      `DROP TRIGGER IF EXISTS fq_append_only ON ${table}`,
      `CREATE TRIGGER fq_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION fq_refuse_change()`,
    );
  }
  for (const table of scoped) {
    statements.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
      `DROP POLICY IF EXISTS fq_scope ON ${table}`,
      `CREATE POLICY fq_scope ON ${table} FOR ALL TO ${APP_ROLE} USING (app_in_scope(region_path)) WITH CHECK (app_in_scope(region_path))`,
      `DROP POLICY IF EXISTS fq_public_read ON ${table}`,
    );
    if (PUBLIC_READ_TABLES.has(table)) {
      statements.push(`CREATE POLICY fq_public_read ON ${table} FOR SELECT TO ${APP_ROLE} USING (true)`);
    }
  }
  // Skip the pass when neither the statements nor the set of tables changed since the last start: it is
  // idempotent but takes a second on PGlite. The fingerprint lives beside drizzle's own bookkeeping.
  const fingerprint = createHash('sha256')
    .update(statements.join('\n'))
    .update(tables.join(','))
    .digest('hex');
  await orm.execute(sql`CREATE TABLE IF NOT EXISTS drizzle.fq_rls_state (fingerprint text NOT NULL)`);
  const [done] = rowsOf<{ fingerprint: string }>(
    await orm.execute(sql`SELECT fingerprint FROM drizzle.fq_rls_state LIMIT 1`),
  );
  if (done?.fingerprint === fingerprint) return scoped;
  for (const s of statements) await orm.execute(sql.raw(s));
  await orm.execute(sql`DELETE FROM drizzle.fq_rls_state`);
  await orm.execute(sql`INSERT INTO drizzle.fq_rls_state (fingerprint) VALUES (${fingerprint})`);
  return scoped;
}
