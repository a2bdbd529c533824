import { and, eq, lt } from 'drizzle-orm';
import { tx } from '../../db/context';
import { idempotencyKeys } from './platform.schema';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims the key inside the current transaction. Returns null when this request owns it now, or the row a
 * previous request left. A concurrent duplicate waits on the primary key until the first commits.
 */
export async function claimKey(row: {
  owner: string;
  key: string;
  method: string;
  path: string;
  requestHash: Buffer;
}) {
  const inserted = await tx()
    .insert(idempotencyKeys)
    .values({ ...row, statusCode: 0 })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (inserted.length > 0) return null;
  const [existing] = await tx()
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, row.owner), eq(idempotencyKeys.key, row.key)))
    .limit(1);
  return existing ?? null;
}

export async function completeKey(
  owner: string,
  key: string,
  statusCode: number,
  response: unknown,
): Promise<void> {
  await tx()
    .update(idempotencyKeys)
    .set({ statusCode, response: response ?? null })
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)));
}

export async function purgeKeysOlderThan(cutoff: Date): Promise<number> {
  const r = await tx()
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, cutoff))
    .returning({ key: idempotencyKeys.key });
  return r.length;
}

/** Drops an unfinished claim (statusCode 0) after its request failed, so a retry runs again. */
export async function releaseKey(owner: string, key: string): Promise<void> {
  await tx()
    .delete(idempotencyKeys)
    .where(
      and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key), eq(idempotencyKeys.statusCode, 0)),
    );
}
