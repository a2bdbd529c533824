import { bigint, boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/types';

/**
 * Append-only audit log (GB/T 22239-2019 §8.1.4 安全审计). Each row carries an HMAC of its content;
 * the sealer links committed rows into `audit_chain` so a changed, inserted or deleted row shows.
 * The app role may only INSERT and SELECT here, and a trigger refuses UPDATE and DELETE.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    actorName: text('actor_name').notNull(),
    actorRoles: text('actor_roles').array().notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    success: boolean('success').notNull().default(true),
    /** `{ field: [before, after] }` for changes; `{ ... }` context for reads and events. */
    diff: jsonb('diff').$type<Record<string, unknown> | null>(),
    hmac: bytea('hmac').notNull(),
  },
  (t) => [
    index('audit_time_idx').on(t.occurredAt),
    index('audit_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_object_idx').on(t.objectType, t.objectId),
    index('audit_action_idx').on(t.action, t.occurredAt),
  ],
);

/** Audit rows written but not yet linked into the chain; the sealer empties it. */
export const auditPending = pgTable('audit_pending', {
  auditId: bigint('audit_id', { mode: 'number' }).primaryKey(),
});

/** The hash chain over committed audit rows, in the order the sealer saw them. */
export const auditChain = pgTable('audit_chain', {
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  auditId: bigint('audit_id', { mode: 'number' }).notNull().unique(),
  chainHash: bytea('chain_hash').notNull(),
  sealedAt: timestamp('sealed_at', { withTimezone: true }).notNull().defaultNow(),
});
