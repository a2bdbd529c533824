import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, ltree } from '../../db/types';
import { caseColumns, caseIndexes } from '../cases/case-columns.schema';

/**
 * 事件 (issue #4): one row per report, a case on the engine. The lead department is the engine's
 * assignee department; assisting departments are kept beside it. Metric timestamps and flags are kept
 * on the row so each transition can bump the daily rollup without reading the timeline.
 */
export const events = pgTable(
  'events',
  {
    ...caseColumns(),
    categoryCode: text('category_code').notNull(),
    description: text('description').notNull(),
    address: text('address').notNull().default(''),
    lng: doublePrecision('lng').notNull(),
    lat: doublePrecision('lat').notNull(),
    gridId: bigint('grid_id', { mode: 'number' }).notNull(),
    channel: text('channel').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    /** The category's handling limit when reported (the clock reads it; later catalogue edits do not move it). */
    limitValue: doublePrecision('limit_value').notNull(),
    limitUnit: text('limit_unit').notNull(),
    reporterName: text('reporter_name'),
    reporterPhoneEnc: bytea('reporter_phone_enc'),
    reporterPhoneMasked: text('reporter_phone_masked'),
    reporterPhoneIndex: text('reporter_phone_index'),
    trackingCode: text('tracking_code'),
    /** An outside system's own number (110 alarm, IoT alert, Open311 token) to refuse a second copy. */
    externalRef: text('external_ref'),
    routedDepartmentId: bigint('routed_department_id', { mode: 'number' }),
    routedBy: text('routed_by'),
    routedRuleId: bigint('routed_rule_id', { mode: 'number' }),
    assistingDepartmentIds: bigint('assisting_department_ids', { mode: 'number' })
      .array()
      .notNull()
      .default(sql`'{}'::bigint[]`),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    handledAt: timestamp('handled_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** Day on which it counted as 应结案 by going overdue (undone and recounted when it closes). */
    overdueDay: date('overdue_day', { mode: 'string' }),
    returnedCount: integer('returned_count').notNull().default(0),
    reworkCount: integer('rework_count').notNull().default(0),
    satisfaction: text('satisfaction'),
    resolved: boolean('resolved'),
    mergedInto: bigint('merged_into', { mode: 'number' }),
    linkKind: text('link_kind'),
    linkId: bigint('link_id', { mode: 'number' }),
    linkRef: text('link_ref'),
    lastNote: text('last_note'),
    /** 就近网格员: who was sent to check on site, when, and when they arrived. */
    onsiteUserId: bigint('onsite_user_id', { mode: 'number' }),
    onsiteRequestedAt: timestamp('onsite_requested_at', { withTimezone: true }),
    onsiteArrivedAt: timestamp('onsite_arrived_at', { withTimezone: true }),
  },
  (t) => [
    ...caseIndexes('events', t),
    uniqueIndex('events_tracking_uq').on(t.trackingCode),
    uniqueIndex('events_external_uq').on(t.channel, t.externalRef),
    index('events_category_idx').on(t.categoryCode, t.id),
    // Duplicate search: same category within a time window.
    index('events_dup_idx').on(t.categoryCode, t.createdAt),
    // Duplicate search at millions of rows: same category, the radius's latitude band, then longitude and
    // time checked in the index, so only near and recent rows reach the table (similarity). Partial on the
    // open states (EVENT_OPEN_STATES, the only ones the search asks for; keep the list equal): most events
    // are finished, and without it the table was read for every finished neighbour in the box.
    index('events_dup_open_idx')
      .on(t.categoryCode, t.lat, t.lng, t.createdAt)
      .where(
        sql`${t.state} IN ('reported', 'accepted', 'dispatched', 'handling', 'feedback', 'verified', 'suspended', 'reopenRequested')`,
      ),
    index('events_state_id_idx').on(t.state, t.id),
    index('events_onsite_idx').on(t.onsiteUserId),
    index('events_overdue_idx').on(t.id).where(sql`${t.overdue}`),
    index('events_grid_idx').on(t.gridId, t.state),
    // The newest events of a place (the cockpit's feed merges one short scan per place).
    index('events_place_id_idx').on(t.gridId, t.id),
    index('events_phone_idx').on(t.reporterPhoneIndex),
    index('events_merged_idx').on(t.mergedInto),
    index('events_description_trgm').using('gin', sql`${t.description} gin_trgm_ops`),
  ],
);

/** The category catalogue as data (seeded from EVENT_CATEGORY_SEEDS; admins edit it). */
export const eventCategories = pgTable('event_categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  parent: text('parent'),
  group: text('group').notNull(),
  limitValue: doublePrecision('limit_value').notNull(),
  limitUnit: text('limit_unit').notNull(),
  limitSource: text('limit_source').notNull(),
  acceptCondition: text('accept_condition').notNull(),
  closeCondition: text('close_condition').notNull(),
  departmentType: text('department_type').notNull(),
  photoRequired: boolean('photo_required').notNull().default(false),
  duplicateRadiusM: integer('duplicate_radius_m').notNull(),
  duplicateWindowHours: integer('duplicate_window_hours').notNull(),
  urgent: boolean('urgent').notNull().default(false),
  active: boolean('active').notNull().default(true),
  sort: integer('sort').notNull().default(0),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 派单规则: ordered, first match wins (domain/events/routing.ts). `match_path` is deliberately not
 * named region_path: rules are district reference data, read by routing for every reporter.
 */
export const eventRoutingRules = pgTable('event_routing_rules', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  priority: integer('priority').notNull().default(100),
  active: boolean('active').notNull().default(true),
  matchPath: ltree('match_path'),
  categoryCodes: text('category_codes').array().notNull().default(sql`'{}'::text[]`),
  keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
  hoursFrom: text('hours_from'),
  hoursTo: text('hours_to'),
  departmentId: bigint('department_id', { mode: 'number' }).notNull(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Daily counters per grid, category and lead department (0 = none yet): each transition appends its delta
 * in its own transaction (`event_rollup_pending`, folded in before any read), so statistics never scan the
 * events. Scoped by region_path (RLS) like the events.
 */
const counter = (name: string) => integer(name).notNull().default(0);
/** The counters of domain/events/metrics.ts, one column each (rollups and the cube share them). */
const eventCounterColumns = () => ({
  reported: counter('reported'),
  received: counter('received'),
  filed: counter('filed'),
  filedOnTime: counter('filed_on_time'),
  dispatched: counter('dispatched'),
  misdispatched: counter('misdispatched'),
  handled: counter('handled'),
  handledOnTime: counter('handled_on_time'),
  dueToClose: counter('due_to_close'),
  closed: counter('closed'),
  closedOnTime: counter('closed_on_time'),
  reworked: counter('reworked'),
  extended: counter('extended'),
  acceptMinutes: bigint('accept_minutes', { mode: 'number' }).notNull().default(0),
  handleMinutes: bigint('handle_minutes', { mode: 'number' }).notNull().default(0),
  responded: counter('responded'),
  rated: counter('rated'),
  resolvedRated: counter('resolved_rated'),
  satisfied: counter('satisfied'),
});
export const eventRollups = pgTable(
  'event_rollups',
  {
    regionPath: ltree('region_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    categoryCode: text('category_code').notNull(),
    departmentId: bigint('department_id', { mode: 'number' }).notNull(),
    ...eventCounterColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.regionPath, t.categoryCode, t.departmentId] }),
    index('event_rollups_path_gist').using('gist', t.regionPath),
    // event_rollups_place_day_idx (region_path, day) INCLUDE (the cockpit's counters), hand-written in
    // migration 0013: a grid's own rows over a period as one index range (db/cube.ts subtree).
  ],
);

/**
 * Rollup deltas not yet added to `event_rollups` (migration 0018): transitions append here, with no lock on
 * a shared row, and `event_rollups_fold()` adds them up, one folder at a time: every second (job
 * `events.rollups.fold`) and before every read of the rollups or the cube, so a reader sees every delta
 * committed before it. Intake batches no longer queue behind each other for the district's cube rows.
 */
export const eventRollupPending = pgTable('event_rollup_pending', {
  regionPath: ltree('region_path').notNull(),
  day: date('day', { mode: 'string' }).notNull(),
  categoryCode: text('category_code').notNull(),
  departmentId: bigint('department_id', { mode: 'number' }).notNull(),
  ...eventCounterColumns(),
});

/**
 * The rollups summed up the region tree, kept by triggers on `event_rollups` (migration 0011), so a
 * district-wide year is a few hundred rows instead of a million. One row per region (every ancestor of
 * the grid, `depth` = nlevel), grain (`day`, or `month` keyed by its first day) and dimension: all
 * categories and departments (`''`, -1) at every depth; per category or per lead department down to the
 * community (depth ≤ 3; a grid's own rollups are small). Always equal to sums of `event_rollups`
 * (events.cube.test.ts).
 */
export const eventCube = pgTable(
  'event_cube',
  {
    regionPath: ltree('region_path').notNull(),
    depth: smallint('depth').notNull(),
    grain: text('grain').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    categoryCode: text('category_code').notNull(),
    departmentId: bigint('department_id', { mode: 'number' }).notNull(),
    ...eventCounterColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.regionPath, t.grain, t.day, t.categoryCode, t.departmentId] }),
    // event_cube_level_idx (depth, grain, day) INCLUDE (the cockpit's counters), hand-written in migration
    // 0011: drizzle cannot say INCLUDE. A district's grids over a period are read from the index alone.
    // event_cube_place_idx (depth, grain, region_path, day) INCLUDE (the same), migration 0013: a small
    // region's grids or communities as one range.
  ],
);

/**
 * 在办/超期 now: open events and how many of them are overdue, per region (every ancestor of the event's
 * place) and lead department (0 = none yet, -1 = all), kept by triggers on `events` for every insert,
 * update and delete, whatever the path (transitions, clock escalation, merge, bulk intake, loaders).
 */
export const eventOpenCounts = pgTable(
  'event_open_counts',
  {
    regionPath: ltree('region_path').notNull(),
    depth: smallint('depth').notNull(),
    departmentId: bigint('department_id', { mode: 'number' }).notNull(),
    open: integer('open').notNull().default(0),
    overdue: integer('overdue').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.regionPath, t.departmentId] }),
    index('event_open_counts_depth_idx').on(t.depth, t.departmentId),
  ],
);
