import {
  bigint,
  boolean,
  doublePrecision,
  index,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../../db/types';
import { caseColumns, caseIndexes } from '../cases/case-columns.schema';

/** 吹哨: one call of one department to one event, a case of its own (WHISTLE_WORKFLOW). */
export const eventWhistles = pgTable(
  'event_whistles',
  {
    ...caseColumns(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    departmentId: bigint('department_id', { mode: 'number' }).notNull(),
    note: text('note').notNull(),
    limitHours: doublePrecision('limit_hours').notNull(),
  },
  (t) => [...caseIndexes('event_whistles', t), index('event_whistles_event_idx').on(t.eventId)],
);

/** 督办: an order on an event with a deadline and a written answer (SUPERVISION_WORKFLOW). */
export const eventSupervisions = pgTable(
  'event_supervisions',
  {
    ...caseColumns(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    level: text('level').notNull(),
    requirement: text('requirement').notNull(),
    limitDays: doublePrecision('limit_days').notNull(),
    answer: text('answer'),
  },
  (t) => [...caseIndexes('event_supervisions', t), index('event_supervisions_event_idx').on(t.eventId)],
);

/** Keys for 110 linkage, video/IoT alerts and Open311 clients; only a hash is kept. */
export const eventApiKeys = pgTable(
  'event_api_keys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    channel: text('channel').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('event_api_keys_hash_uq').on(t.keyHash)],
);

/** A grid worker's last reported position (phone GPS), scoped to the grid it lies in. */
export const workerPositions = pgTable(
  'worker_positions',
  {
    userId: bigint('user_id', { mode: 'number' }).primaryKey(),
    regionPath: ltree('region_path').notNull(),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    accuracyM: doublePrecision('accuracy_m'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('worker_positions_path_gist').using('gist', t.regionPath)],
);
