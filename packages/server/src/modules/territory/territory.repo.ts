import { and, asc, count, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { departments, posts, regions } from './territory.schema';

export type RegionRow = typeof regions.$inferSelect;
export type NewRegionRow = typeof regions.$inferInsert;
export type DepartmentRow = typeof departments.$inferSelect;
export type NewDepartmentRow = typeof departments.$inferInsert;
export type PostRow = typeof posts.$inferSelect;
export type NewPostRow = typeof posts.$inferInsert;

const regionSummary = {
  id: regions.id,
  code: regions.code,
  name: regions.name,
  level: regions.level,
  parentId: regions.parentId,
  regionPath: regions.regionPath,
  centroidLng: regions.centroidLng,
  centroidLat: regions.centroidLat,
  areaM2: regions.areaM2,
  population: regions.population,
  households: regions.households,
  sort: regions.sort,
  version: regions.version,
};
export type RegionSummary = Pick<RegionRow, keyof typeof regionSummary>;

// Regions are readable by all (PUBLIC_READ_TABLES); writes go through inScope.

export async function regionById(id: number): Promise<RegionRow | undefined> {
  const [r] = await tx().select().from(regions).where(eq(regions.id, id)).limit(1);
  return r;
}

export async function regionByCode(code: string): Promise<RegionRow | undefined> {
  const [r] = await tx().select().from(regions).where(eq(regions.code, code)).limit(1);
  return r;
}

export async function regionsByIds(ids: number[]): Promise<RegionSummary[]> {
  if (ids.length === 0) return [];
  return tx().select(regionSummary).from(regions).where(inArray(regions.id, ids));
}

/** Regions whose path is an ancestor of (or equal to) `path`, root first. */
export async function ancestorsOf(path: string): Promise<RegionSummary[]> {
  return tx()
    .select(regionSummary)
    .from(regions)
    .where(sql`${regions.regionPath} @> ${path}::ltree`)
    .orderBy(sql`nlevel(${regions.regionPath})`);
}

/** Children within the actor's scope (listing is scoped even though single regions are public). */
export async function childrenOf(parentId: number | null): Promise<RegionSummary[]> {
  return tx()
    .select(regionSummary)
    .from(regions)
    .where(
      and(
        parentId === null ? isNull(regions.parentId) : eq(regions.parentId, parentId),
        inScope(regions.regionPath),
      ),
    )
    .orderBy(asc(regions.sort), asc(regions.code));
}

/** Regions under `path` (inclusive) down to `maxDepth` ltree levels. */
export async function subtree(path: string, maxDepth: number, withBoundary = false) {
  const cols = withBoundary ? { ...regionSummary, boundary: regions.boundary } : regionSummary;
  return tx()
    .select(cols)
    .from(regions)
    .where(
      and(
        sql`${regions.regionPath} <@ ${path}::ltree`,
        sql`nlevel(${regions.regionPath}) <= ${maxDepth}`,
        inScope(regions.regionPath),
      ),
    )
    .orderBy(sql`nlevel(${regions.regionPath})`, asc(regions.sort), asc(regions.code));
}

export async function regionsAtLevel(path: string, level: string, withBoundary: boolean) {
  const cols = withBoundary ? { ...regionSummary, boundary: regions.boundary } : regionSummary;
  return tx()
    .select(cols)
    .from(regions)
    .where(
      and(
        sql`${regions.regionPath} <@ ${path}::ltree`,
        eq(regions.level, level as RegionRow['level']),
        inScope(regions.regionPath),
      ),
    )
    .orderBy(asc(regions.code));
}

export async function searchRegions(path: string, q: string, limit: number): Promise<RegionSummary[]> {
  const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
  return tx()
    .select(regionSummary)
    .from(regions)
    .where(
      and(
        sql`${regions.regionPath} <@ ${path}::ltree`,
        or(ilike(regions.name, like), ilike(regions.code, `${q}%`)),
        inScope(regions.regionPath),
      ),
    )
    .orderBy(sql`nlevel(${regions.regionPath})`, asc(regions.code))
    .limit(limit);
}

/** Every leaf-level boundary (grids and micro-grids) for the locator. */
export async function locatableBoundaries() {
  return tx()
    .select({ id: regions.id, level: regions.level, boundary: regions.boundary })
    .from(regions)
    .where(and(inArray(regions.level, ['grid', 'microGrid']), sql`${regions.boundary} IS NOT NULL`));
}

/**
 * The regions an import by someone scoped to `scope` is checked against: everything under the scope and
 * the chain above it (the whole tree for the system scope '*'), with boundaries and row versions.
 */
export async function regionsForImport(scope: string) {
  const cols = {
    id: regions.id,
    code: regions.code,
    name: regions.name,
    level: regions.level,
    regionPath: regions.regionPath,
    boundary: regions.boundary,
    population: regions.population,
    households: regions.households,
    areaM2: regions.areaM2,
    version: regions.version,
  };
  const q = tx().select(cols).from(regions);
  return scope === '*'
    ? q
    : q.where(
        or(sql`${regions.regionPath} <@ ${scope}::ltree`, sql`${regions.regionPath} @> ${scope}::ltree`),
      );
}

export async function allRegionSummaries(): Promise<RegionSummary[]> {
  return tx().select(regionSummary).from(regions);
}

export async function insertRegions(rows: NewRegionRow[]): Promise<RegionRow[]> {
  if (rows.length === 0) return [];
  return tx().insert(regions).values(rows).returning();
}

export async function updateRegion(
  id: number,
  version: number,
  patch: Partial<NewRegionRow>,
): Promise<RegionRow | undefined> {
  const [r] = await tx()
    .update(regions)
    .set({ ...patch, version: sql`${regions.version} + 1`, updatedAt: new Date() })
    .where(and(eq(regions.id, id), eq(regions.version, version), inScope(regions.regionPath)))
    .returning();
  return r;
}

export async function countChildren(id: number): Promise<number> {
  const [r] = await tx().select({ n: count() }).from(regions).where(eq(regions.parentId, id));
  return r?.n ?? 0;
}

export async function deleteRegion(id: number): Promise<boolean> {
  const r = await tx()
    .delete(regions)
    .where(and(eq(regions.id, id), inScope(regions.regionPath)))
    .returning({ id: regions.id });
  return r.length > 0;
}

// ---- departments (public read, scoped write) ----

export interface DepartmentFilter {
  q?: string | undefined;
  type?: string | undefined;
  underPath?: string | undefined;
  active?: boolean | undefined;
}

function departmentWhere(f: DepartmentFilter): SQL | undefined {
  const c: SQL[] = [];
  if (f.q) c.push(ilike(departments.name, `%${f.q.replace(/[%_\\]/g, '\\$&')}%`));
  if (f.type) c.push(eq(departments.type, f.type));
  if (f.underPath) c.push(sql`${departments.regionPath} <@ ${f.underPath}::ltree`);
  if (f.active !== undefined) c.push(eq(departments.active, f.active));
  return c.length ? and(...c) : undefined;
}

export async function listDepartments(f: DepartmentFilter): Promise<DepartmentRow[]> {
  return tx()
    .select()
    .from(departments)
    .where(departmentWhere(f))
    .orderBy(asc(departments.sort), asc(departments.code));
}

export async function departmentById(id: number): Promise<DepartmentRow | undefined> {
  const [r] = await tx().select().from(departments).where(eq(departments.id, id)).limit(1);
  return r;
}

export async function departmentByCode(code: string): Promise<DepartmentRow | undefined> {
  const [r] = await tx().select().from(departments).where(eq(departments.code, code)).limit(1);
  return r;
}

export async function departmentsByIds(ids: number[]): Promise<DepartmentRow[]> {
  if (ids.length === 0) return [];
  return tx().select().from(departments).where(inArray(departments.id, ids));
}

export async function insertDepartments(rows: NewDepartmentRow[]): Promise<DepartmentRow[]> {
  if (rows.length === 0) return [];
  return tx().insert(departments).values(rows).returning();
}

export async function updateDepartment(
  id: number,
  version: number,
  patch: Partial<NewDepartmentRow>,
): Promise<DepartmentRow | undefined> {
  const [r] = await tx()
    .update(departments)
    .set({ ...patch, version: sql`${departments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(departments.id, id), eq(departments.version, version), inScope(departments.regionPath)))
    .returning();
  return r;
}

// ---- posts (scoped) ----

export async function listPosts(f: {
  regionId?: number | undefined;
  userId?: number | undefined;
  underPath?: string | undefined;
}) {
  const c: SQL[] = [inScope(posts.regionPath), isNull(posts.endedOn)];
  if (f.regionId) c.push(eq(posts.regionId, f.regionId));
  if (f.userId) c.push(eq(posts.userId, f.userId));
  if (f.underPath) c.push(sql`${posts.regionPath} <@ ${f.underPath}::ltree`);
  return tx()
    .select()
    .from(posts)
    .where(and(...c))
    .orderBy(asc(posts.regionPath), asc(posts.postType))
    .limit(2000);
}

export async function postById(id: number): Promise<PostRow | undefined> {
  const [r] = await tx()
    .select()
    .from(posts)
    .where(and(eq(posts.id, id), inScope(posts.regionPath)))
    .limit(1);
  return r;
}

export async function insertPosts(rows: NewPostRow[]): Promise<PostRow[]> {
  if (rows.length === 0) return [];
  return tx().insert(posts).values(rows).returning();
}

export async function endPost(id: number, endedOn: string): Promise<PostRow | undefined> {
  const [r] = await tx()
    .update(posts)
    .set({ endedOn })
    .where(and(eq(posts.id, id), inScope(posts.regionPath), isNull(posts.endedOn)))
    .returning();
  return r;
}

export async function countScoped(table: 'posts' | 'departments'): Promise<number> {
  const t = table === 'posts' ? posts : departments;
  const [r] = await tx().select({ n: count() }).from(t).where(inScope(t.regionPath));
  return r?.n ?? 0;
}
