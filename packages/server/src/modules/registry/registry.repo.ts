import { and, asc, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Orm } from '../../db/client';
import { inScope, tx } from '../../db/context';
import { copyInto } from '../../db/copy';
import { prefixPattern } from '../../db/like';
import { rowsOf } from '../../db/rows';
import {
  addresses,
  houses,
  houseTenants,
  organisations,
  people,
  personTags,
  registryCounts,
  registryImportIssues,
  registryImports,
  visits,
} from './registry.schema';

export type AddressRow = typeof addresses.$inferSelect;
export type NewAddressRow = typeof addresses.$inferInsert;
export type PersonRow = typeof people.$inferSelect;
export type NewPersonRow = typeof people.$inferInsert;
export type HouseRow = typeof houses.$inferSelect;
export type NewHouseRow = typeof houses.$inferInsert;
export type OrgRow = typeof organisations.$inferSelect;
export type NewOrgRow = typeof organisations.$inferInsert;
export type TagRow = typeof personTags.$inferSelect;
export type NewTagRow = typeof personTags.$inferInsert;
export type VisitRow = typeof visits.$inferSelect;
export type NewVisitRow = typeof visits.$inferInsert;
export type ImportRow = typeof registryImports.$inferSelect;
export type NewImportRow = typeof registryImports.$inferInsert;
export type NewImportIssueRow = typeof registryImportIssues.$inferInsert;

/** Fresh planner statistics for the table an import filled (run outside a transaction, as the owner). */
export async function analyzeRegistry(orm: Orm, entity: string): Promise<void> {
  const table = {
    people: sql`people`,
    houses: sql`houses`,
    organisations: sql`organisations`,
    addresses: sql`addresses`,
  }[entity];
  if (table) await orm.execute(sql`ANALYZE ${table}`);
}

// ---- addresses ----

export async function addressById(id: number): Promise<AddressRow | undefined> {
  const [r] = await tx()
    .select()
    .from(addresses)
    .where(and(eq(addresses.id, id), inScope(addresses.regionPath)));
  return r;
}

export async function addressesByIds(ids: number[]): Promise<AddressRow[]> {
  if (!ids.length) return [];
  return tx()
    .select()
    .from(addresses)
    .where(and(inArray(addresses.id, ids), inScope(addresses.regionPath)));
}

export async function addressByNorm(norm: string): Promise<AddressRow | undefined> {
  const [r] = await tx()
    .select()
    .from(addresses)
    .where(and(eq(addresses.norm, norm), inScope(addresses.regionPath)));
  return r;
}

export async function insertAddresses(rows: NewAddressRow[]): Promise<AddressRow[]> {
  if (!rows.length) return [];
  return tx().insert(addresses).values(rows).returning();
}

/**
 * Many addresses in one statement (one JSON parameter): the ORM's multi-row insert costs more CPU than
 * the database does at tens of thousands of rows. Answers the new ids by code (codes are unique).
 */
export async function insertAddressesBulk(rows: NewAddressRow[]): Promise<Map<string, number>> {
  if (!rows.length) return new Map();
  const out = rowsOf<{ id: number; code: string }>(
    await tx().execute(sql`
      INSERT INTO addresses (code, parent_id, kind, name, full_name, norm, grid_id, region_path, lng, lat)
      SELECT code, "parentId", kind, name, "fullName", norm, "gridId", "regionPath"::ltree, lng, lat
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(code text, "parentId" bigint, kind text,
             name text, "fullName" text, norm text, "gridId" bigint, "regionPath" text, lng float8, lat float8)
      RETURNING id, code`),
  );
  return new Map(out.map((r) => [r.code, Number(r.id)]));
}

export async function childCount(parentId: number): Promise<number> {
  const [r] = await tx().select({ n: count() }).from(addresses).where(eq(addresses.parentId, parentId));
  return r?.n ?? 0;
}

export async function childrenOfAddress(parentId: number | null, gridPath: string | null, limit: number) {
  const where: SQL[] = [inScope(addresses.regionPath)];
  if (parentId === null) where.push(isNull(addresses.parentId));
  else where.push(eq(addresses.parentId, parentId));
  if (gridPath) where.push(sql`${addresses.regionPath} <@ ${gridPath}::ltree`);
  return tx()
    .select()
    .from(addresses)
    .where(and(...where))
    .orderBy(asc(addresses.code))
    .limit(limit);
}

/**
 * Trigram candidates for a normalised query. `<%` (word similarity) uses the GIN index on both engines;
 * `%` is avoided because it misbehaves in PGlite with pgcrypto loaded (see README).
 */
export async function addressCandidates(norm: string, limit: number) {
  return rowsOf<AddressRow & { sim: number }>(
    await tx().execute(sql`
      SELECT id, code, parent_id AS "parentId", kind, name, full_name AS "fullName", norm,
             grid_id AS "gridId", region_path AS "regionPath", lng, lat, version,
             word_similarity(${norm}, norm) AS sim
        FROM addresses
       WHERE ${norm} <% norm AND ${inScope(addresses.regionPath)}
       ORDER BY sim DESC, length(norm)
       LIMIT ${limit}`),
  ).map((r) => ({
    ...r,
    id: Number(r.id),
    gridId: r.gridId == null ? null : Number(r.gridId),
    sim: Number(r.sim),
  }));
}

/** Every address in the scope (id, parent, kind, grid, norm, path): the import's in-memory matcher. */
export async function addressIndex(): Promise<
  { id: number; parentId: number | null; kind: string; gridId: number | null; norm: string; path: string }[]
> {
  return tx()
    .select({
      id: addresses.id,
      parentId: addresses.parentId,
      kind: addresses.kind,
      gridId: addresses.gridId,
      norm: addresses.norm,
      path: sql<string>`${addresses.regionPath}::text`,
    })
    .from(addresses)
    .where(inScope(addresses.regionPath));
}

/** The highest code among the children of `parentId` (or among roots coded under a region code). */
export async function maxChildCode(parentId: number | null, baseCode: string): Promise<string | null> {
  const [r] = await tx()
    .select({ code: sql<string | null>`max(${addresses.code})` })
    .from(addresses)
    .where(
      parentId === null
        ? and(isNull(addresses.parentId), sql`${addresses.code} LIKE ${`${baseCode}___`}`)
        : eq(addresses.parentId, parentId),
    );
  return r?.code ?? null;
}

// ---- people ----

export async function personById(id: number): Promise<PersonRow | undefined> {
  const [r] = await tx()
    .select()
    .from(people)
    .where(and(eq(people.id, id), inScope(people.regionPath)));
  return r;
}

export async function peopleByIds(ids: number[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  return tx()
    .select()
    .from(people)
    .where(and(inArray(people.id, ids), inScope(people.regionPath)));
}

export async function personByIdNumberIdx(idx: string): Promise<PersonRow | undefined> {
  const [r] = await tx()
    .select()
    .from(people)
    .where(and(eq(people.idNumberIdx, idx), inScope(people.regionPath)));
  return r;
}

export async function peopleByIdNumberIdx(idxs: string[]) {
  if (!idxs.length) return [];
  return tx()
    .select({
      id: people.id,
      idNumberIdx: people.idNumberIdx,
      contentHash: people.contentHash,
      regionPath: people.regionPath,
    })
    .from(people)
    .where(inArray(people.idNumberIdx, idxs));
}

export async function insertPeople(rows: NewPersonRow[]): Promise<PersonRow[]> {
  if (!rows.length) return [];
  return tx().insert(people).values(rows).returning();
}

export async function updatePerson(id: number, version: number, set: Partial<NewPersonRow>) {
  const [r] = await tx()
    .update(people)
    .set({ ...set, version: sql`${people.version} + 1`, updatedAt: new Date() })
    .where(and(eq(people.id, id), eq(people.version, version), inScope(people.regionPath)))
    .returning();
  return r;
}

export interface PeopleFilter {
  name?: string | undefined;
  idNumberIdx?: string | undefined;
  phoneIdx?: string | undefined;
  regionPath?: string | undefined;
  residenceType?: string | undefined;
  addressId?: number | undefined;
}

function peopleWhere(f: PeopleFilter): SQL {
  const w: SQL[] = [inScope(people.regionPath)];
  if (f.idNumberIdx) w.push(eq(people.idNumberIdx, f.idNumberIdx));
  if (f.phoneIdx) w.push(eq(people.phoneIdx, f.phoneIdx));
  if (f.regionPath) w.push(sql`${people.regionPath} <@ ${f.regionPath}::ltree`);
  if (f.residenceType) w.push(sql`${people.residenceType} = ${f.residenceType}`);
  if (f.addressId) w.push(eq(people.addressId, f.addressId));
  // A name query is fuzzy (trigram word similarity on the GIN index) from two characters; one character
  // is a surname prefix, LIKE '王%', on the same index. Both stay index-backed under RLS: migrations 0009
  // and 0016 mark the word-similarity operators and textlike leakproof.
  if (f.name) {
    if ([...f.name].length < 2) w.push(sql`${people.name} LIKE ${prefixPattern(f.name)}`);
    else w.push(sql`${f.name} <% ${people.name}`);
  }
  return and(...w)!;
}

function peopleQuery(f: PeopleFilter, limit: number, offset: number) {
  const order =
    f.name && [...f.name].length >= 2
      ? [sql`word_similarity(${f.name}, ${people.name}) DESC`, asc(people.id)]
      : [asc(people.id)];
  return tx()
    .select()
    .from(people)
    .where(peopleWhere(f))
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
}

export async function searchPeople(f: PeopleFilter, limit: number, offset: number) {
  return await peopleQuery(f, limit, offset);
}

/** EXPLAIN ANALYZE of the people search as it runs (same role, scope and RLS): for benchmarks. */
export async function explainSearchPeople(f: PeopleFilter, limit: number): Promise<string[]> {
  const q = peopleQuery(f, limit, 0);
  return rowsOf<{ 'QUERY PLAN': string }>(await tx().execute(sql`EXPLAIN (ANALYZE, BUFFERS) ${q}`)).map(
    (r) => r['QUERY PLAN'],
  );
}

/**
 * How many people a search finds, counting at most `cap` (`exact` false past it: a surname such as 王 is
 * a tenth of a district, and counting 150,000 rows to print a total took 0.4 s). With no condition but the
 * region, the kept resident counters answer exactly at once.
 */
export async function countPeople(f: PeopleFilter, cap: number): Promise<{ n: number; exact: boolean }> {
  const onlyRegion = !f.idNumberIdx && !f.phoneIdx && !f.name && !f.residenceType && !f.addressId;
  if (onlyRegion) {
    const [r] = await tx()
      .select({ n: sql<number>`coalesce(sum(${registryCounts.n}), 0)` })
      .from(registryCounts)
      .where(
        and(
          inScope(registryCounts.regionPath),
          eq(registryCounts.kind, 'residents'),
          f.regionPath ? sql`${registryCounts.regionPath} <@ ${f.regionPath}::ltree` : undefined,
        ),
      );
    return { n: Number(r?.n ?? 0), exact: true };
  }
  const capped = tx()
    .select({ one: sql`1` })
    .from(people)
    .where(peopleWhere(f))
    .limit(cap + 1)
    .as('capped');
  const [r] = await tx().select({ n: count() }).from(capped);
  const n = Number(r?.n ?? 0);
  return n > cap ? { n: cap, exact: false } : { n, exact: true };
}

// ---- houses and organisations ----

export async function houseById(id: number): Promise<HouseRow | undefined> {
  const [r] = await tx()
    .select()
    .from(houses)
    .where(and(eq(houses.id, id), inScope(houses.regionPath)));
  return r;
}

export async function houseByAddress(addressId: number): Promise<HouseRow | undefined> {
  const [r] = await tx().select().from(houses).where(eq(houses.addressId, addressId));
  return r;
}

export async function insertHouses(rows: NewHouseRow[]): Promise<HouseRow[]> {
  if (!rows.length) return [];
  return tx().insert(houses).values(rows).returning();
}

export async function updateHouse(id: number, version: number, set: Partial<NewHouseRow>) {
  const [r] = await tx()
    .update(houses)
    .set({ ...set, version: sql`${houses.version} + 1`, updatedAt: new Date() })
    .where(and(eq(houses.id, id), eq(houses.version, version), inScope(houses.regionPath)))
    .returning();
  return r;
}

export async function listHouses(
  f: { regionPath?: string | undefined; use?: string | undefined },
  limit: number,
  offset: number,
) {
  const w: SQL[] = [inScope(houses.regionPath)];
  if (f.regionPath) w.push(sql`${houses.regionPath} <@ ${f.regionPath}::ltree`);
  if (f.use) w.push(sql`${houses.use} = ${f.use}`);
  const where = and(...w);
  const [items, [total]] = await Promise.all([
    tx().select().from(houses).where(where).orderBy(asc(houses.id)).limit(limit).offset(offset),
    tx().select({ n: count() }).from(houses).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function insertTenants(rows: (typeof houseTenants.$inferInsert)[]) {
  if (!rows.length) return [];
  return tx().insert(houseTenants).values(rows).onConflictDoNothing().returning();
}

export async function tenantsOf(houseIds: number[]) {
  if (!houseIds.length) return [];
  return tx()
    .select()
    .from(houseTenants)
    .where(and(inArray(houseTenants.houseId, houseIds), inScope(houseTenants.regionPath)));
}

export async function housesOfPerson(personId: number) {
  const rented = tx()
    .select({ houseId: houseTenants.houseId })
    .from(houseTenants)
    .where(eq(houseTenants.personId, personId));
  return tx()
    .select()
    .from(houses)
    .where(
      and(inScope(houses.regionPath), sql`(${houses.ownerId} = ${personId} OR ${houses.id} IN (${rented}))`),
    );
}

export async function orgById(id: number): Promise<OrgRow | undefined> {
  const [r] = await tx()
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), inScope(organisations.regionPath)));
  return r;
}

export async function orgByCreditCode(code: string): Promise<OrgRow | undefined> {
  const [r] = await tx().select().from(organisations).where(eq(organisations.creditCode, code));
  return r;
}

export async function insertOrgs(rows: NewOrgRow[]): Promise<OrgRow[]> {
  if (!rows.length) return [];
  return tx().insert(organisations).values(rows).returning();
}

export async function listOrgs(
  f: { regionPath?: string | undefined; q?: string | undefined },
  limit: number,
  offset: number,
) {
  const w: SQL[] = [inScope(organisations.regionPath)];
  if (f.regionPath) w.push(sql`${organisations.regionPath} <@ ${f.regionPath}::ltree`);
  if (f.q)
    w.push(
      sql`(${organisations.name} LIKE ${`%${f.q.replace(/[%_\\]/g, '\\$&')}%`} OR ${organisations.creditCode} = ${f.q.toUpperCase()})`,
    );
  const where = and(...w);
  const [items, [total]] = await Promise.all([
    tx().select().from(organisations).where(where).orderBy(asc(organisations.id)).limit(limit).offset(offset),
    tx().select({ n: count() }).from(organisations).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function orgsOfPerson(personId: number, orgId: number | null) {
  return tx()
    .select()
    .from(organisations)
    .where(
      and(
        inScope(organisations.regionPath),
        orgId === null
          ? eq(organisations.legalRepId, personId)
          : sql`(${organisations.legalRepId} = ${personId} OR ${organisations.id} = ${orgId})`,
      ),
    );
}

// ---- special populations ----

export async function tagById(id: number): Promise<TagRow | undefined> {
  const [r] = await tx()
    .select()
    .from(personTags)
    .where(and(eq(personTags.id, id), inScope(personTags.regionPath)));
  return r;
}

export async function tagsOfPerson(personId: number): Promise<TagRow[]> {
  return tx()
    .select()
    .from(personTags)
    .where(and(eq(personTags.personId, personId), inScope(personTags.regionPath)))
    .orderBy(desc(personTags.since));
}

export async function activeTag(personId: number, tag: string): Promise<TagRow | undefined> {
  const [r] = await tx()
    .select()
    .from(personTags)
    .where(
      and(eq(personTags.personId, personId), sql`${personTags.tag} = ${tag}`, isNull(personTags.endedOn)),
    );
  return r;
}

export async function insertTags(rows: NewTagRow[]): Promise<TagRow[]> {
  if (!rows.length) return [];
  return tx().insert(personTags).values(rows).returning();
}

export async function updateTag(id: number, version: number, set: Partial<NewTagRow>) {
  const [r] = await tx()
    .update(personTags)
    .set({ ...set, version: sql`${personTags.version} + 1` })
    .where(and(eq(personTags.id, id), eq(personTags.version, version), inScope(personTags.regionPath)))
    .returning();
  return r;
}

export async function activeTagsWithPeople(f: { tag?: string | undefined; regionPath?: string | undefined }) {
  const w: SQL[] = [inScope(personTags.regionPath), isNull(personTags.endedOn)];
  if (f.tag) w.push(sql`${personTags.tag} = ${f.tag}`);
  if (f.regionPath) w.push(sql`${personTags.regionPath} <@ ${f.regionPath}::ltree`);
  return tx()
    .select({
      tag: personTags,
      person: {
        id: people.id,
        name: people.name,
        addressId: people.addressId,
        sex: people.sex,
        birthDate: people.birthDate,
      },
    })
    .from(personTags)
    .innerJoin(people, eq(people.id, personTags.personId))
    .where(and(...w))
    .orderBy(asc(personTags.id));
}

export async function insertVisit(row: NewVisitRow): Promise<VisitRow> {
  const [r] = await tx().insert(visits).values(row).returning();
  return r!;
}

export async function setVisitEvent(id: number, eventId: number) {
  await tx().update(visits).set({ eventId }).where(eq(visits.id, id));
}

export async function visitsOfPerson(personId: number, limit: number): Promise<VisitRow[]> {
  return tx()
    .select()
    .from(visits)
    .where(and(eq(visits.personId, personId), inScope(visits.regionPath)))
    .orderBy(desc(visits.visitedAt))
    .limit(limit);
}

export async function visitsOfTag(tagId: number, limit: number): Promise<VisitRow[]> {
  return tx()
    .select()
    .from(visits)
    .where(and(eq(visits.tagId, tagId), inScope(visits.regionPath)))
    .orderBy(desc(visits.visitedAt))
    .limit(limit);
}

// ---- aggregates for the cockpit (counts only) ----

// ---- imports ----

export async function insertImport(row: NewImportRow): Promise<ImportRow> {
  const [r] = await tx().insert(registryImports).values(row).returning();
  return r!;
}

export async function importById(id: number): Promise<ImportRow | undefined> {
  const [r] = await tx()
    .select()
    .from(registryImports)
    .where(and(eq(registryImports.id, id), inScope(registryImports.regionPath)));
  return r;
}

export async function updateImport(id: number, set: Partial<NewImportRow>) {
  await tx().update(registryImports).set(set).where(eq(registryImports.id, id));
}

export async function listImports(limit: number) {
  return tx()
    .select()
    .from(registryImports)
    .where(inScope(registryImports.regionPath))
    .orderBy(desc(registryImports.id))
    .limit(limit);
}

export async function insertImportIssues(rows: NewImportIssueRow[]) {
  if (rows.length) await tx().insert(registryImportIssues).values(rows);
}

export async function importIssues(importId: number, limit: number, offset: number) {
  return tx()
    .select()
    .from(registryImportIssues)
    .where(and(eq(registryImportIssues.importId, importId), inScope(registryImportIssues.regionPath)))
    .orderBy(asc(registryImportIssues.rowNo), asc(registryImportIssues.id))
    .limit(limit)
    .offset(offset);
}

// ---- bulk import paths: one JSON parameter per batch (jsonb_to_recordset), the same on both engines ----

const PEOPLE_STAGE_COLUMNS = [
  'name',
  'enc',
  'idx',
  'masked',
  'sex',
  'birth',
  'phone_enc',
  'phone_idx',
  'phone_masked',
  'type',
  'address_id',
  'workplace',
  'path',
  'hash',
] as const;

/** Columns of the COPY lines `people-prepare.ts` renders (the row number first, for the issues). */
export const PEOPLE_STAGE_LINE_COLUMNS = ['row_no', ...PEOPLE_STAGE_COLUMNS] as const;

/**
 * The people import's write for one chunk, in three round trips (stage table, COPY, one statement): the
 * prepared COPY lines go to a staging table, then one statement inserts the new people, updates the changed
 * ones of the importer's scope (content hash differs: unchanged rows are not rewritten, so their indexes are
 * not touched), moves the resident counters, and answers the counts and the row numbers of ID numbers that
 * are registered in another scope (not written). No separate query for the existing rows is needed.
 * `scopePath` null = every scope.
 */
export async function upsertPeopleLines(
  lines: string,
  scopePath: string | null,
): Promise<{ ins: number; upd: number; foreign: number[] }> {
  if (!lines) return { ins: 0, upd: 0, foreign: [] };
  // The chunk's commit need not wait for its WAL flush: the chunk and its progress commit together, and a job
  // that dies before the WAL writer flushes starts over (it re-reads the file; written rows come out
  // unchanged). Waiting for the flush left the database idle for a part of every chunk.
  await tx().execute(sql`SET LOCAL synchronous_commit = off`);
  await tx().execute(sql`
    CREATE TEMP TABLE IF NOT EXISTS people_import_lines (row_no int, name text, enc text, idx text, masked text,
      sex text, birth date, phone_enc text, phone_idx text, phone_masked text, type text, address_id bigint,
      workplace text, path text, hash text) ON COMMIT DROP`);
  await copyInto('people_import_lines', PEOPLE_STAGE_LINE_COLUMNS, lines);
  const mine = scopePath === null ? sql`true` : sql`p.region_path <@ ${scopePath}::ltree`;
  const mineUp = scopePath === null ? sql`true` : sql`people.region_path <@ ${scopePath}::ltree`;
  // All parts of one statement see the same snapshot: `old` holds the rows from before the upsert.
  const [r] = rowsOf<{ ins: number; upd: number; foreign_rows: number[] | string | null }>(
    await tx().execute(sql`
      WITH old AS (
        SELECT s.row_no, p.id_number_idx AS idx, p.region_path::text AS path, ${mine} AS mine
          FROM people_import_lines s JOIN people p ON p.id_number_idx = s.idx),
      up AS (
        INSERT INTO people (name, id_number_enc, id_number_idx, id_number_masked, sex, birth_date, phone_enc,
                            phone_idx, phone_masked, residence_type, address_id, workplace, region_path, content_hash)
        SELECT name, decode(enc, 'hex'), idx, masked, sex, birth, decode(phone_enc, 'hex'), phone_idx,
               phone_masked, type, address_id, workplace, path::ltree, hash
          FROM people_import_lines
        ON CONFLICT (id_number_idx) DO UPDATE SET
          name = excluded.name, id_number_enc = excluded.id_number_enc, id_number_masked = excluded.id_number_masked,
          phone_enc = excluded.phone_enc, phone_idx = excluded.phone_idx, phone_masked = excluded.phone_masked,
          residence_type = excluded.residence_type, address_id = excluded.address_id, workplace = excluded.workplace,
          region_path = excluded.region_path, content_hash = excluded.content_hash,
          version = people.version + 1, updated_at = now()
        WHERE people.content_hash IS DISTINCT FROM excluded.content_hash AND ${mineUp}
        RETURNING id_number_idx AS idx, region_path::text AS path, (xmax = 0) AS inserted),
      moves AS (
        SELECT up.path, 1 AS delta FROM up LEFT JOIN old ON old.idx = up.idx
         WHERE up.inserted OR old.path IS DISTINCT FROM up.path
        UNION ALL
        SELECT old.path, -1 FROM up JOIN old ON old.idx = up.idx WHERE NOT up.inserted AND old.path <> up.path),
      bump AS (
        INSERT INTO registry_counts (region_path, kind, n)
        SELECT path::ltree, 'residents', sum(delta) FROM moves GROUP BY path HAVING sum(delta) <> 0 ORDER BY path
        ON CONFLICT (region_path, kind) DO UPDATE SET n = registry_counts.n + excluded.n
        RETURNING 1)
      SELECT (SELECT count(*) FROM up WHERE inserted)::int AS ins,
             (SELECT count(*) FROM up WHERE NOT inserted)::int AS upd,
             (SELECT count(*) FROM bump)::int AS bumped,
             (SELECT coalesce(json_agg(row_no ORDER BY row_no), '[]'::json) FROM old WHERE NOT mine)::text AS foreign_rows`),
  );
  const foreign =
    typeof r?.foreign_rows === 'string' ? (JSON.parse(r.foreign_rows) as number[]) : (r?.foreign_rows ?? []);
  return { ins: Number(r?.ins ?? 0), upd: Number(r?.upd ?? 0), foreign: foreign.map(Number) };
}

export async function orgStateByCode(codes: string[]) {
  if (!codes.length) return [];
  return rowsOf<{ code: string; hash: string; path: string; id: number }>(
    await tx().execute(sql`
      SELECT o.id, o.credit_code AS code, o.content_hash AS hash, o.region_path::text AS path
        FROM organisations o JOIN jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb) q(v) ON o.credit_code = q.v`),
  );
}

export async function orgsByNameAndAddress(keys: { name: string; addressId: number }[]) {
  if (!keys.length) return [];
  return rowsOf<{ name: string; addressId: number; hash: string; id: number }>(
    await tx().execute(sql`
      SELECT o.id, o.name, o.address_id AS "addressId", o.content_hash AS hash
        FROM organisations o
        JOIN jsonb_to_recordset(${JSON.stringify(keys)}::jsonb) AS k(name text, "addressId" bigint)
          ON o.name = k.name AND o.address_id = k."addressId"`),
  ).map((r) => ({ ...r, addressId: Number(r.addressId) }));
}

export async function updateOrg(id: number, set: Partial<NewOrgRow>) {
  await tx()
    .update(organisations)
    .set({ ...set, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
    .where(eq(organisations.id, id));
}

export async function houseStateByAddress(addressIds: number[]) {
  if (!addressIds.length) return [];
  return tx()
    .select({ id: houses.id, addressId: houses.addressId, hash: houses.contentHash })
    .from(houses)
    .where(inArray(houses.addressId, addressIds));
}

export async function personIdsByIdx(idxs: string[]) {
  if (!idxs.length) return [];
  return tx()
    .select({ id: people.id, idx: people.idNumberIdx })
    .from(people)
    .where(and(inArray(people.idNumberIdx, idxs), inScope(people.regionPath)));
}

export async function updateHouseByAddress(addressId: number, set: Partial<NewHouseRow>) {
  await tx()
    .update(houses)
    .set({ ...set, version: sql`${houses.version} + 1`, updatedAt: new Date() })
    .where(eq(houses.addressId, addressId));
}

export async function importIssueCount(importId: number) {
  const [r] = await tx()
    .select({ n: count() })
    .from(registryImportIssues)
    .where(eq(registryImportIssues.importId, importId));
  return r?.n ?? 0;
}

export async function peopleForExport(f: PeopleFilter, limit: number, afterId: number) {
  return tx()
    .select()
    .from(people)
    .where(and(peopleWhere(f), sql`${people.id} > ${afterId}`))
    .orderBy(asc(people.id))
    .limit(limit);
}

export async function addressesByNorms(norms: string[]) {
  if (!norms.length) return [];
  return rowsOf<{ id: number; norm: string; path: string; kind: string }>(
    await tx().execute(sql`
      SELECT addresses.id, addresses.norm, addresses.region_path::text AS path, addresses.kind
        FROM addresses JOIN jsonb_array_elements_text(${JSON.stringify(norms)}::jsonb) q(v) ON addresses.norm = q.v
       WHERE ${inScope(addresses.regionPath)}`),
  ).map((r) => ({ ...r, id: Number(r.id) }));
}

export async function deleteImportIssues(importId: number) {
  await tx().delete(registryImportIssues).where(eq(registryImportIssues.importId, importId));
}

// ---- kept counters (registry_counts) ----

/** Adds `delta` to each (grid path, kind) counter, in key order so that concurrent writers do not deadlock. */
export async function bumpCounts(rows: { path: string; kind: string; delta: number }[]) {
  const sum = new Map<string, { path: string; kind: string; delta: number }>();
  for (const r of rows) {
    const k = `${r.path}\u0000${r.kind}`;
    const e = sum.get(k);
    if (e) e.delta += r.delta;
    else sum.set(k, { ...r });
  }
  const todo = [...sum.values()].filter((r) => r.delta !== 0);
  if (!todo.length) return;
  await tx().execute(sql`
    INSERT INTO registry_counts (region_path, kind, n)
    SELECT path::ltree, kind, delta FROM jsonb_to_recordset(${JSON.stringify(todo)}::jsonb)
      AS x(path text, kind text, delta bigint) ORDER BY path, kind
    ON CONFLICT (region_path, kind) DO UPDATE SET n = registry_counts.n + excluded.n`);
}

/** Counter sums per ltree prefix of `depth` labels under `path`: residents, one tag, or all tags. */
export async function countersByPrefix(
  what: { residents: true } | { tag: string | undefined },
  path: string,
  depth: number,
): Promise<{ prefix: string; n: number }[]> {
  const kind =
    'residents' in what
      ? sql`${registryCounts.kind} = 'residents'`
      : what.tag
        ? sql`${registryCounts.kind} = ${`tag:${what.tag}`}`
        : sql`${registryCounts.kind} LIKE 'tag:%'`;
  const prefix = sql<string>`subpath(${registryCounts.regionPath}, 0, ${sql.raw(String(Math.trunc(depth)))})::text`;
  const rows = await tx()
    .select({ prefix, n: sql<number>`sum(${registryCounts.n})` })
    .from(registryCounts)
    .where(
      and(
        inScope(registryCounts.regionPath),
        sql`${registryCounts.regionPath} <@ ${path}::ltree`,
        sql`nlevel(${registryCounts.regionPath}) >= ${depth}`,
        kind,
      ),
    )
    .groupBy(prefix);
  return rows.map((r) => ({ prefix: r.prefix, n: Number(r.n) }));
}

/** Recounts every counter from the tables (system only: repair after raw loads, and the tests' yardstick). */
export async function rebuildCounts() {
  await tx().execute(sql`DELETE FROM registry_counts`);
  await tx().execute(sql`
    INSERT INTO registry_counts (region_path, kind, n)
    SELECT region_path, 'residents', count(*) FROM people GROUP BY region_path`);
  await tx().execute(sql`
    INSERT INTO registry_counts (region_path, kind, n)
    SELECT region_path, 'tag:' || tag, count(*) FROM person_tags WHERE ended_on IS NULL GROUP BY region_path, tag`);
}
