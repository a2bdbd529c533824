import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
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
 * Mediation organisations (issue #5): village committees → town centres → the district centre (e体+),
 * professional centres and people's mediation rooms. `region_path` is the place they serve.
 */
export const mediationOrgs = pgTable(
  'mediation_orgs',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    /** village | town | district | specialised (MEDIATION_LEVELS). */
    level: text('level').notNull(),
    /** committee | centre | professional | room. */
    kind: text('kind').notNull(),
    /** 人民调解, 行政调解, 司法调解, 行业调解 (MEDIATION_TYPES). */
    mediationTypes: text('mediation_types').array().notNull(),
    /** Dispute type codes it takes; `general` = all. */
    specialties: text('specialties').array().notNull(),
    regionId: bigint('region_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    address: text('address'),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [index('mediation_orgs_path_gist').using('gist', t.regionPath)],
);

/** Mediators: an account that works disputes, its organisation, place, specialties and capacity. */
export const mediators = pgTable(
  'mediators',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    orgId: bigint('org_id', { mode: 'number' })
      .notNull()
      .references(() => mediationOrgs.id),
    name: text('name').notNull(),
    title: text('title'),
    regionPath: ltree('region_path').notNull(),
    specialties: text('specialties').array().notNull(),
    maxLoad: integer('max_load').notNull().default(10),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('mediators_user_uq').on(t.userId),
    index('mediators_path_gist').using('gist', t.regionPath),
  ],
);

/** A dispute: a case of kind `dispute` on the engine. `region_path` is where it happened. */
export const disputes = pgTable(
  'disputes',
  {
    ...caseColumns(),
    refNo: text('ref_no').notNull(),
    title: text('title').notNull(),
    type: text('type').notNull(),
    /** screening | event | police110 | petition | court | walkIn | online */
    source: text('source').notNull(),
    mediationType: text('mediation_type').notNull().default('people'),
    orgId: bigint('org_id', { mode: 'number' }).references(() => mediationOrgs.id),
    level: text('level').notNull(),
    facts: text('facts').notNull(),
    claims: text('claims'),
    amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }),
    location: text('location'),
    regionId: bigint('region_id', { mode: 'number' }).notNull(),
    riskFlags: text('risk_flags').array().notNull().default(sql`'{}'::text[]`),
    riskLevel: text('risk_level').notNull().default('low'),
    eventId: bigint('event_id', { mode: 'number' }),
    screeningTaskId: bigint('screening_task_id', { mode: 'number' }),
    agreementDocumentId: bigint('agreement_document_id', { mode: 'number' }),
    agreementOn: date('agreement_on', { mode: 'string' }),
    /** written (调解协议书, signed and sealed) | oral (recorded in the 笔录, 人民调解法 第28条). */
    agreementKind: text('agreement_kind').$type<'written' | 'oral'>(),
    guidance: text('guidance'),
    transfers: integer('transfers').notNull().default(0),
    mediationDays: integer('mediation_days').notNull().default(30),
  },
  (t) => [
    ...caseIndexes('disputes', t),
    uniqueIndex('disputes_ref_uq').on(t.refNo),
    index('disputes_type_idx').on(t.type, t.createdAt),
    index('disputes_org_idx').on(t.orgId, t.state),
    uniqueIndex('disputes_event_uq').on(t.eventId).where(sql`${t.eventId} IS NOT NULL`),
    index('disputes_title_trgm').using('gin', sql`${t.title} gin_trgm_ops`),
  ],
);

/**
 * Parties: people or organisations. ID numbers, phones and home addresses are personal data: encrypted
 * (PiiCipher), shown masked; the ID number also gets a blind index to find repeat parties.
 */
export const disputeParties = pgTable(
  'dispute_parties',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    disputeId: bigint('dispute_id', { mode: 'number' })
      .notNull()
      .references(() => disputes.id),
    regionPath: ltree('region_path').notNull(),
    seq: integer('seq').notNull(),
    /** 申请人 / 被申请人 / 第三人 … */
    role: text('role').notNull(),
    kind: text('kind').$type<'person' | 'organisation'>().notNull(),
    name: text('name').notNull(),
    sex: text('sex'),
    idNumberEnc: bytea('id_number_enc'),
    idNumberMasked: text('id_number_masked'),
    idNumberIndex: text('id_number_index'),
    /** Organisations: the unified social credit code is public registry data (not encrypted). */
    creditCode: text('credit_code'),
    representative: text('representative'),
    phoneEnc: bytea('phone_enc'),
    phoneMasked: text('phone_masked'),
    addressEnc: bytea('address_enc'),
    addressMasked: text('address_masked'),
    /** The resident's own account when they applied online (they follow the case on the phone). */
    userId: bigint('user_id', { mode: 'number' }),
  },
  (t) => [
    index('dispute_parties_dispute_idx').on(t.disputeId, t.seq),
    index('dispute_parties_id_idx').on(t.idNumberIndex),
    index('dispute_parties_name_idx').on(t.name),
    index('dispute_parties_user_idx').on(t.userId),
  ],
);

/** Mediation sessions (online or on site) and their 笔录 (人民调解法 第27条: records kept on file). */
export const disputeSessions = pgTable(
  'dispute_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    disputeId: bigint('dispute_id', { mode: 'number' })
      .notNull()
      .references(() => disputes.id),
    regionPath: ltree('region_path').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    place: text('place').notNull(),
    online: boolean('online').notNull().default(false),
    participants: jsonb('participants').$type<{ role: string; name: string }[]>().notNull(),
    entries: jsonb('entries').$type<{ speaker: string; text: string }[]>(),
    outcome: text('outcome'),
    recordDocumentId: bigint('record_document_id', { mode: 'number' }),
    status: text('status').$type<'planned' | 'held'>().notNull().default('planned'),
    createdBy: bigint('created_by', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dispute_sessions_dispute_idx').on(t.disputeId, t.startsAt)],
);

/** Follow-up visits on how an agreement is being performed. */
export const disputeFollowUps = pgTable(
  'dispute_follow_ups',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    disputeId: bigint('dispute_id', { mode: 'number' })
      .notNull()
      .references(() => disputes.id),
    regionPath: ltree('region_path').notNull(),
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    /** performed | partly | notPerformed */
    performance: text('performance').notNull(),
    note: text('note').notNull(),
    byUserId: bigint('by_user_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dispute_follow_ups_dispute_idx').on(t.disputeId)],
);

/** 司法确认 applications: a case of kind `confirmation`, in the dispute's region. */
export const judicialConfirmations = pgTable(
  'judicial_confirmations',
  {
    ...caseColumns(),
    disputeId: bigint('dispute_id', { mode: 'number' })
      .notNull()
      .references(() => disputes.id),
    agreementDocumentId: bigint('agreement_document_id', { mode: 'number' }).notNull(),
    court: text('court').notNull(),
    appliedOn: date('applied_on', { mode: 'string' }).notNull(),
    applicationDocumentId: bigint('application_document_id', { mode: 'number' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    ruleExtended: boolean('rule_extended').notNull().default(false),
    decision: text('decision'),
    rulingDocumentId: bigint('ruling_document_id', { mode: 'number' }),
    ruledAt: timestamp('ruled_at', { withTimezone: true }),
  },
  (t) => [
    ...caseIndexes('judicial_confirmations', t),
    index('judicial_confirmations_dispute_idx').on(t.disputeId),
  ],
);

/** Screening schedules per level and place (排查: village group daily … county monthly; settable). */
export const screeningSchedules = pgTable(
  'screening_schedules',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    regionId: bigint('region_id', { mode: 'number' }).notNull(),
    regionPath: ltree('region_path').notNull(),
    /** villageGroup | village | town | county (SCREENING_CADENCE) */
    level: text('level').notNull(),
    everyDays: integer('every_days').notNull(),
    startOn: date('start_on', { mode: 'string' }).notNull(),
    responsibleUserId: bigint('responsible_user_id', { mode: 'number' }),
    active: boolean('active').notNull().default(true),
    generatedThrough: date('generated_through', { mode: 'string' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [index('screening_schedules_path_gist').using('gist', t.regionPath)],
);

/** One screening round: done by reporting disputes found or an explicit 零报告. */
export const screeningTasks = pgTable(
  'screening_tasks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    scheduleId: bigint('schedule_id', { mode: 'number' })
      .notNull()
      .references(() => screeningSchedules.id),
    regionPath: ltree('region_path').notNull(),
    level: text('level').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    responsibleUserId: bigint('responsible_user_id', { mode: 'number' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: bigint('done_by', { mode: 'number' }),
    found: integer('found').notNull().default(0),
    zeroReport: boolean('zero_report').notNull().default(false),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('screening_tasks_period_uq').on(t.scheduleId, t.periodStart),
    index('screening_tasks_path_gist').using('gist', t.regionPath),
    index('screening_tasks_open_idx').on(t.dueOn).where(sql`${t.doneAt} IS NULL`),
  ],
);

/** The counters of domain/disputes/metrics.ts (rollups and the cube share them). */
const disputeCounterColumns = () => ({
  screenings: integer('screenings').notNull().default(0),
  zeroReports: integer('zero_reports').notNull().default(0),
  found: integer('found').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  refused: integer('refused').notNull().default(0),
  settled: integer('settled').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  ended: integer('ended').notNull().default(0),
  transferred: integer('transferred').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  settledVillage: integer('settled_village').notNull().default(0),
  settledTown: integer('settled_town').notNull().default(0),
  settledDistrict: integer('settled_district').notNull().default(0),
  settledSpecialised: integer('settled_specialised').notNull().default(0),
  confirmApplied: integer('confirm_applied').notNull().default(0),
  confirmed: integer('confirmed').notNull().default(0),
  confirmRejected: integer('confirm_rejected').notNull().default(0),
  confirmRuled: integer('confirm_ruled').notNull().default(0),
  confirmHoursSum: doublePrecision('confirm_hours_sum').notNull().default(0),
});

/**
 * Daily counters per place, type and level, updated in the transaction of each transition, so the
 * statistics and the cockpit read sums of small rows instead of scanning disputes (metrics.ts DISPUTE_COUNTERS).
 */
export const disputeRollups = pgTable(
  'dispute_rollups',
  {
    regionPath: ltree('region_path').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    type: text('type').notNull(),
    level: text('level').notNull(),
    ...disputeCounterColumns(),
  },
  (t) => [
    uniqueIndex('dispute_rollups_key_uq').on(t.regionPath, t.day, t.type, t.level),
    index('dispute_rollups_day_idx').on(t.day),
    index('dispute_rollups_path_gist').using('gist', t.regionPath),
  ],
);

/**
 * The dispute rollups summed up the region tree, kept by triggers on `dispute_rollups` (migration 0011):
 * one row per region (every ancestor of the place, `depth` = nlevel), grain (`day`, or `month` keyed by
 * its first day) and type (`''` = all types at every depth; per type down to the community, depth ≤ 3).
 * Always equal to sums of `dispute_rollups` (disputes.cube.test.ts).
 */
export const disputeCube = pgTable(
  'dispute_cube',
  {
    regionPath: ltree('region_path').notNull(),
    depth: smallint('depth').notNull(),
    grain: text('grain').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    type: text('type').notNull(),
    ...disputeCounterColumns(),
  },
  (t) => [
    primaryKey({ columns: [t.regionPath, t.grain, t.day, t.type] }),
    index('dispute_cube_level_idx').on(t.depth, t.grain, t.day).where(sql`${t.type} = ''`),
    // dispute_cube_place_idx (depth, grain, region_path, day) WHERE type = '': migration 0013 (hand-written
    // beside the LEAKPROOF marking; a small region's levels as one range).
  ],
);
