import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, ltree } from '../../db/types';

export type OutboxChannel = 'sms' | 'dingtalk' | 'wecom' | 'webhook';

/**
 * Every message that leaves the process (DESIGN.md §3 transactional outbox): written in the transaction
 * of the change that caused it, delivered afterwards by a job with retries, always with the same
 * idempotency key. Targets are ids (a user, a subscription), never phone numbers: those stay encrypted.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    channel: text('channel').$type<OutboxChannel>().notNull(),
    type: text('type').notNull(),
    userId: bigint('user_id', { mode: 'number' }),
    subscriptionId: bigint('subscription_id', { mode: 'number' }),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** Machine-readable event data for webhooks. */
    data: jsonb('data').$type<Record<string, unknown> | null>(),
    idempotencyKey: text('idempotency_key').notNull(),
    status: text('status').$type<'pending' | 'delivered' | 'dead'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('outbox_key_uq').on(t.idempotencyKey),
    index('outbox_status_idx').on(t.status, t.createdAt),
  ],
);

/** In-app notifications (the bell). Each belongs to one user and is read by that user only. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    caseKind: text('case_kind'),
    caseId: bigint('case_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.id),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} IS NULL`),
  ],
);

export type SubscriptionKind = 'webhook' | 'dingtalk' | 'wecom';

/**
 * Outgoing endpoints: DingTalk and WeCom group robots, and generic webhook subscribers. A subscription
 * hears the message types it lists (all when empty) about cases under its region.
 */
export const subscriptions = pgTable(
  'webhook_subscriptions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text('kind').$type<SubscriptionKind>().notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    /** Signing secret, encrypted like personal data. */
    secretEnc: bytea('secret_enc'),
    types: text('types').array().notNull().default(sql`'{}'::text[]`),
    regionPath: ltree('region_path').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: bigint('created_by', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('subscriptions_path_gist').using('gist', t.regionPath)],
);
