import { and, count, desc, eq, inArray, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { notifications, outbox, subscriptions } from './messages.schema';

export type OutboxRow = typeof outbox.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type SubscriptionRow = typeof subscriptions.$inferSelect;

export async function insertOutbox(rows: (typeof outbox.$inferInsert)[]): Promise<OutboxRow[]> {
  if (!rows.length) return [];
  return tx().insert(outbox).values(rows).returning();
}

export async function outboxById(id: number): Promise<OutboxRow | undefined> {
  const [r] = await tx().select().from(outbox).where(eq(outbox.id, id)).limit(1);
  return r;
}

export async function markOutbox(
  id: number,
  set: {
    status: 'pending' | 'delivered' | 'dead';
    lastError?: string | null;
    /** Replaces the params (a delivered message drops its secrets). */
    params?: Record<string, unknown>;
  },
): Promise<void> {
  await tx()
    .update(outbox)
    .set({
      status: set.status,
      ...(set.params ? { params: set.params } : {}),
      lastError: set.lastError ?? null,
      attempts: sql`${outbox.attempts} + 1`,
      deliveredAt: set.status === 'delivered' ? new Date() : null,
    })
    .where(eq(outbox.id, id));
}

export async function insertNotifications(rows: (typeof notifications.$inferInsert)[]) {
  if (!rows.length) return [];
  return tx()
    .insert(notifications)
    .values(rows)
    .returning({ id: notifications.id, userId: notifications.userId });
}

export async function listNotifications(userId: number, unreadOnly: boolean, limit: number, offset: number) {
  const where = and(eq(notifications.userId, userId), unreadOnly ? isNull(notifications.readAt) : undefined);
  const rows = await tx()
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(limit)
    .offset(offset);
  const [total] = await tx().select({ n: count() }).from(notifications).where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function unreadCount(userId: number): Promise<number> {
  const [r] = await tx()
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return r?.n ?? 0;
}

export async function markRead(userId: number, ids: number[] | 'all'): Promise<number> {
  const conds: SQL[] = [eq(notifications.userId, userId), isNull(notifications.readAt)];
  if (ids !== 'all') conds.push(inArray(notifications.id, ids.length ? ids : [0]));
  const res = await tx()
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(...conds))
    .returning({ id: notifications.id });
  return res.length;
}

export async function purgeReadNotifications(before: Date): Promise<number> {
  const res = await tx()
    .delete(notifications)
    .where(lt(notifications.readAt, before))
    .returning({ id: notifications.id });
  return res.length;
}

/** Active subscriptions of these kinds that hear `type` about a case at `path` (system context). */
export async function matchingSubscriptions(kinds: string[], type: string, path: string | null) {
  return tx()
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.active, true),
        inArray(subscriptions.kind, kinds as SubscriptionRow['kind'][]),
        sql`(cardinality(${subscriptions.types}) = 0 OR ${type} = ANY(${subscriptions.types}))`,
        path === null ? undefined : sql`${subscriptions.regionPath} @> ${path}::ltree`,
      ),
    );
}

export async function subscriptionById(id: number): Promise<SubscriptionRow | undefined> {
  const [r] = await tx()
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.id, id), inScope(subscriptions.regionPath)))
    .limit(1);
  return r;
}

export async function listSubscriptions(): Promise<SubscriptionRow[]> {
  return tx().select().from(subscriptions).where(inScope(subscriptions.regionPath)).orderBy(subscriptions.id);
}

export async function insertSubscription(row: typeof subscriptions.$inferInsert): Promise<SubscriptionRow> {
  const [r] = await tx().insert(subscriptions).values(row).returning();
  return r!;
}

export async function updateSubscription(
  id: number,
  version: number,
  set: Partial<typeof subscriptions.$inferInsert>,
): Promise<SubscriptionRow | undefined> {
  const [r] = await tx()
    .update(subscriptions)
    .set({ ...set, version: version + 1, updatedAt: new Date() })
    .where(
      and(eq(subscriptions.id, id), eq(subscriptions.version, version), inScope(subscriptions.regionPath)),
    )
    .returning();
  return r;
}

export async function deleteSubscription(id: number): Promise<boolean> {
  const res = await tx()
    .delete(subscriptions)
    .where(and(eq(subscriptions.id, id), inScope(subscriptions.regionPath)))
    .returning({ id: subscriptions.id });
  return res.length === 1;
}

export async function purgeDeliveredOutbox(before: Date): Promise<number> {
  const res = await tx()
    .delete(outbox)
    .where(and(eq(outbox.status, 'delivered'), lt(outbox.deliveredAt, before)))
    .returning({ id: outbox.id });
  return res.length;
}
