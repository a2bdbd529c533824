import { sql } from 'drizzle-orm';
import { SYSTEM_ACTOR, transaction, tx } from '../src/db/context';
import { rowsOf } from '../src/db/rows';
import type { TestApp } from './harness';

/** Raw SQL as the table owner (outside the app role and RLS): test set-up and inspection. */
export async function ownerQuery<R = Record<string, unknown>>(t: TestApp, text: string): Promise<R[]> {
  return rowsOf<R>(await t.services.db.orm.execute(sql.raw(text)));
}

/** Raw SQL as the application role in the system scope, as the platform itself would run it. */
export async function appQuery<R = Record<string, unknown>>(t: TestApp, text: string): Promise<R[]> {
  return transaction(t.services.db, SYSTEM_ACTOR, async () => rowsOf<R>(await tx().execute(sql.raw(text))));
}

/** Raw SQL inside the transaction already open (e.g. in a job handler). */
export async function inTxQuery<R = Record<string, unknown>>(text: string): Promise<R[]> {
  return rowsOf<R>(await tx().execute(sql.raw(text)));
}
