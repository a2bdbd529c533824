import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/rows';
import type { TestApp } from './harness';

/** Raw SQL as the database owner, for tests that check what lies in a table (no scope, no RLS). */
export async function rawRows<R>(t: TestApp, text: string): Promise<R[]> {
  return rowsOf<R>(await t.runtime.db.orm.execute(sql.raw(text)));
}
