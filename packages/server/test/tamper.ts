import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/rows';
import type { TestApp } from './harness';

/**
 * Acts as an attacker with direct database access (the table owner, bypassing the app role and the
 * append-only trigger) to prove the audit verification notices.
 */
export async function tamper<T>(
  t: TestApp,
  fn: (q: <R>(text: string) => Promise<R[]>) => Promise<T>,
): Promise<T> {
  const orm = t.runtime.db.orm;
  const q = async <R>(text: string) => rowsOf<R>(await orm.execute(sql.raw(text)));
  await q('ALTER TABLE audit_log DISABLE TRIGGER fq_append_only');
  try {
    return await fn(q);
  } finally {
    await q('ALTER TABLE audit_log ENABLE TRIGGER fq_append_only');
  }
}
