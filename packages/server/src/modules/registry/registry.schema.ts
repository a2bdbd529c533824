import type { AddressKind, HouseUse, OrgType, ResidenceType, SpecialGroup } from '@fengqiao/domain';
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, ltree } from '../../db/types';
import { regions } from '../territory/territory.schema';

/**
 * 一标: the standard address tree below the grid (road → doorplate → compound → building → unit → room).
 * `region_path` is the grid's path (the town's for roads; RLS and scope); `norm` is the normalised full text the matcher searches.
 */
export const addresses = pgTable(
  'addresses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => addresses.id),
    kind: text('kind').notNull().$type<AddressKind>(),
    name: text('name').notNull(),
    fullName: text('full_name').notNull(),
    norm: text('norm').notNull(),
    /** null for roads: a road belongs to its town (region_path = the town), doors on it to their grids. */
    gridId: bigint('grid_id', { mode: 'number' }).references(() => regions.id),
    regionPath: ltree('region_path').notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('addresses_code_uq').on(t.code),
    uniqueIndex('addresses_norm_uq').on(t.norm),
    index('addresses_parent_idx').on(t.parentId),
    index('addresses_path_gist').using('gist', t.regionPath),
    index('addresses_norm_trgm').using('gin', sql`${t.norm} gin_trgm_ops`),
  ],
);

/** 实有人口. ID number and phone are ciphertext + blind index + masked form (PIPL 第51条; issue #6). */
export const people = pgTable(
  'people',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    idNumberEnc: bytea('id_number_enc').notNull(),
    idNumberIdx: text('id_number_idx').notNull(),
    idNumberMasked: text('id_number_masked').notNull(),
    sex: text('sex').notNull().$type<'male' | 'female'>(),
    birthDate: date('birth_date').notNull(),
    phoneEnc: bytea('phone_enc'),
    phoneIdx: text('phone_idx'),
    phoneMasked: text('phone_masked'),
    residenceType: text('residence_type').notNull().$type<ResidenceType>(),
    addressId: bigint('address_id', { mode: 'number' })
      .notNull()
      .references(() => addresses.id),
    workplace: text('workplace'),
    orgId: bigint('org_id', { mode: 'number' }),
    regionPath: ltree('region_path').notNull(),
    /** Hash of the imported facts: an unchanged row in a re-import is skipped without a write. */
    contentHash: text('content_hash').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('people_id_number_uq').on(t.idNumberIdx),
    index('people_phone_idx').on(t.phoneIdx),
    index('people_address_idx').on(t.addressId),
    index('people_path_gist').using('gist', t.regionPath),
    // Serves both the fuzzy name search and the one-character (surname) prefix search, LIKE '王%'.
    index('people_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** 实有房屋 on a standard address (a room or a doorplate). */
export const houses = pgTable(
  'houses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    addressId: bigint('address_id', { mode: 'number' })
      .notNull()
      .references(() => addresses.id),
    use: text('use').notNull().$type<HouseUse>(),
    ownerId: bigint('owner_id', { mode: 'number' }).references(() => people.id),
    areaM2: doublePrecision('area_m2'),
    regionPath: ltree('region_path').notNull(),
    contentHash: text('content_hash').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('houses_address_uq').on(t.addressId),
    index('houses_owner_idx').on(t.ownerId),
    index('houses_path_gist').using('gist', t.regionPath),
  ],
);

/** Tenants of a rented house (出租房屋 → 承租人). */
export const houseTenants = pgTable(
  'house_tenants',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    houseId: bigint('house_id', { mode: 'number' })
      .notNull()
      .references(() => houses.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    since: date('since'),
    regionPath: ltree('region_path').notNull(),
  },
  (t) => [
    uniqueIndex('house_tenants_uq').on(t.houseId, t.personId),
    index('house_tenants_person_idx').on(t.personId),
    index('house_tenants_path_gist').using('gist', t.regionPath),
  ],
);

/** 实有单位 with its 统一社会信用代码 (GB 32100; a failing check digit is kept with a warning). */
export const organisations = pgTable(
  'organisations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    name: text('name').notNull(),
    creditCode: text('credit_code'),
    creditCodeWarning: text('credit_code_warning'),
    type: text('type').notNull().$type<OrgType>(),
    legalRep: text('legal_rep'),
    legalRepId: bigint('legal_rep_id', { mode: 'number' }).references(() => people.id),
    addressId: bigint('address_id', { mode: 'number' })
      .notNull()
      .references(() => addresses.id),
    regionPath: ltree('region_path').notNull(),
    contentHash: text('content_hash').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_credit_code_uq').on(t.creditCode),
    index('organisations_address_idx').on(t.addressId),
    index('organisations_path_gist').using('gist', t.regionPath),
    index('organisations_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

/** A special-population tag on a person, with its own data and visit rhythm (特殊人群). */
export const personTags = pgTable(
  'person_tags',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    tag: text('tag').notNull().$type<SpecialGroup>(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** null: the tag's default frequency from the settings. */
    visitEveryDays: integer('visit_every_days'),
    since: date('since').notNull(),
    endedOn: date('ended_on'),
    lastVisitOn: date('last_visit_on'),
    regionPath: ltree('region_path').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('person_tags_active_uq').on(t.personId, t.tag).where(sql`${t.endedOn} IS NULL`),
    index('person_tags_path_gist').using('gist', t.regionPath),
    index('person_tags_tag_idx').on(t.tag),
  ],
);

/** A visit to a tagged person: when, where (GPS), what was found, photos as attachments. */
export const visits = pgTable(
  'visits',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tagId: bigint('tag_id', { mode: 'number' })
      .notNull()
      .references(() => personTags.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => people.id),
    visitedAt: timestamp('visited_at', { withTimezone: true }).notNull(),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    findings: text('findings').notNull(),
    anomaly: boolean('anomaly').notNull().default(false),
    eventId: bigint('event_id', { mode: 'number' }),
    visitorId: bigint('visitor_id', { mode: 'number' }),
    visitorName: text('visitor_name').notNull(),
    regionPath: ltree('region_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('visits_tag_idx').on(t.tagId, t.visitedAt),
    index('visits_person_idx').on(t.personId),
    index('visits_path_gist').using('gist', t.regionPath),
  ],
);

/** A bulk import: one file, run as a job; progress and counts for the UI. */
export const registryImports = pgTable(
  'registry_imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    entity: text('entity').notNull().$type<'people' | 'houses' | 'organisations' | 'addresses'>(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull().$type<'csv' | 'xlsx'>(),
    encoding: text('encoding').notNull(),
    storedAs: text('stored_as').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
    status: text('status').notNull().$type<'queued' | 'running' | 'done' | 'failed'>(),
    totalRows: integer('total_rows').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    warnings: integer('warnings').notNull().default(0),
    error: text('error'),
    createdBy: bigint('created_by', { mode: 'number' }),
    regionPath: ltree('region_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('registry_imports_path_gist').using('gist', t.regionPath)],
);

/** Every rejected (or warned) row of an import: row number, column and the zh-CN reason. */
export const registryImportIssues = pgTable(
  'registry_import_issues',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    importId: bigint('import_id', { mode: 'number' })
      .notNull()
      .references(() => registryImports.id),
    rowNo: integer('row_no').notNull(),
    column: text('column').notNull(),
    severity: text('severity').notNull().$type<'error' | 'warning'>(),
    reason: text('reason').notNull(),
    regionPath: ltree('region_path').notNull(),
  },
  (t) => [
    index('registry_import_issues_import_idx').on(t.importId, t.rowNo),
    index('registry_import_issues_path_gist').using('gist', t.regionPath),
  ],
);

/**
 * Kept counters for the cockpit (issue #6): residents and active special-population tags per grid path,
 * bumped by the registry service in the transaction of every change (create, update, import, tag, end
 * of a tag), so aggregates read ~one row per grid instead of counting people. `kind` is `residents` or
 * `tag:<group>`. `registry.rebuildCounters()` recounts from the tables (repair, tests).
 */
export const registryCounts = pgTable(
  'registry_counts',
  {
    regionPath: ltree('region_path').notNull(),
    kind: text('kind').notNull(),
    n: bigint('n', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.regionPath, t.kind] }),
    index('registry_counts_path_gist').using('gist', t.regionPath),
  ],
);
