import { sql } from 'drizzle-orm';
import { tx } from './context';
import { writeBehind } from './write-behind';

/** NOTIFY inside the current transaction: listeners in every process hear it only if it commits. */
export async function notify(channel: string, payload = ''): Promise<void> {
  await tx().execute(sql`SELECT pg_notify(${channel}, ${payload})`);
}

/**
 * Many NOTIFYs on one channel in one statement (a batch of changes), in the current transaction; they are
 * heard at commit whenever they are sent, so a write-behind transaction sends them with its held-back writes.
 */
export async function notifyMany(channel: string, payloads: readonly string[]): Promise<void> {
  if (!payloads.length) return;
  await writeBehind([
    {
      sql: sql`SELECT pg_notify(${channel}, u.p) FROM json_array_elements_text(${JSON.stringify(payloads)}::json) WITH ORDINALITY AS u(p, n)`,
      select: true,
    },
  ]);
}
