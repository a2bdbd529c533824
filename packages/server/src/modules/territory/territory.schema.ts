import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { bytea, ltree } from '../../db/types';

/** 区县 → 街镇 → 村社 → 网格 → 微网格. `region_path` is the region's own ltree path. */
export const regions = pgTable(
  'regions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level').notNull().$type<'district' | 'town' | 'community' | 'grid' | 'microGrid'>(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => regions.id),
    regionPath: ltree('region_path').notNull(),
    /** GeoJSON geometry (Polygon or MultiPolygon), WGS-84/CGCS2000 lng/lat. */
    boundary: jsonb('boundary').$type<GeoJsonGeometry | null>(),
    centroidLng: doublePrecision('centroid_lng'),
    centroidLat: doublePrecision('centroid_lat'),
    areaM2: doublePrecision('area_m2'),
    population: integer('population').notNull().default(0),
    households: integer('households').notNull().default(0),
    sort: integer('sort').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('regions_code_uq').on(t.code),
    uniqueIndex('regions_path_uq').on(t.regionPath),
    index('regions_path_gist').using('gist', t.regionPath),
    index('regions_parent_idx').on(t.parentId, t.sort),
    index('regions_name_trgm').using('gin', sql`${t.name} gin_trgm_ops`),
  ],
);

export type GeoJsonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** 职能部门 and the region they serve (a district bureau serves the district, a police station its town). */
export const departments = pgTable(
  'departments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    shortName: text('short_name').notNull(),
    type: text('type').notNull(),
    regionId: bigint('region_id', { mode: 'number' })
      .notNull()
      .references(() => regions.id),
    regionPath: ltree('region_path').notNull(),
    phone: text('phone'),
    duties: text('duties').notNull().default(''),
    active: boolean('active').notNull().default(true),
    sort: integer('sort').notNull().default(0),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('departments_code_uq').on(t.code),
    index('departments_path_gist').using('gist', t.regionPath),
    index('departments_region_idx').on(t.regionId),
  ],
);

/** 网格长 / 网格员 / 单元长: a person (with or without an account) holding a post in a grid. */
export const posts = pgTable(
  'posts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    regionId: bigint('region_id', { mode: 'number' })
      .notNull()
      .references(() => regions.id),
    regionPath: ltree('region_path').notNull(),
    postType: text('post_type').notNull().$type<'gridLeader' | 'gridWorker' | 'unitLeader'>(),
    userId: bigint('user_id', { mode: 'number' }),
    personName: text('person_name').notNull(),
    phoneEnc: bytea('phone_enc'),
    phoneMasked: text('phone_masked'),
    startedOn: text('started_on'),
    endedOn: text('ended_on'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('posts_path_gist').using('gist', t.regionPath),
    index('posts_region_idx').on(t.regionId),
    index('posts_user_idx').on(t.userId),
  ],
);
