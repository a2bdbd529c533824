import { sql } from 'drizzle-orm';
import { tx } from './context';

/** NOTIFY inside the current transaction: listeners in every process hear it only if it commits. */
export async function notify(channel: string, payload = ''): Promise<void> {
  await tx().execute(sql`SELECT pg_notify(${channel}, ${payload})`);
}
