import {
  checkRegionCode,
  childLevel,
  type DepartmentType,
  describeCodeProblem,
  type Geometry,
  maskPhone,
  POST_TYPES,
  type PostType,
  pathWithin,
  postAllowedAt,
  REGION_LEVEL_LABELS,
  REGION_LEVELS,
  type RegionLevel,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, afterCommit, SYSTEM_ACTOR, transaction } from '../../db/context';
import { notify } from '../../db/notify';
import { AppError, notFound, THINGS } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import { diffObjects } from '../audit/audit-hash';
import { RegionDirectory } from './region-directory';
import { createRegionImporter } from './region-import';
import { geometryFacts, newRegionRow } from './region-rows';
import * as repo from './territory.repo';

export const REGIONS_CHANGED_CHANNEL = 'fq_regions_changed';

export interface RegionInput {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  boundary?: Geometry | null | undefined;
  population?: number | undefined;
  households?: number | undefined;
  sort?: number | undefined;
}

export interface RegionPatch {
  name?: string | undefined;
  boundary?: Geometry | null | undefined;
  population?: number | undefined;
  households?: number | undefined;
  sort?: number | undefined;
}

export interface DepartmentInput {
  code: string;
  name: string;
  shortName: string;
  type: DepartmentType;
  regionId: number;
  phone?: string | null | undefined;
  duties?: string | undefined;
}

export interface DepartmentPatch {
  name?: string | undefined;
  shortName?: string | undefined;
  type?: DepartmentType | undefined;
  phone?: string | null | undefined;
  duties?: string | undefined;
  active?: boolean | undefined;
}

export interface PostInput {
  regionId: number;
  postType: PostType;
  personName: string;
  phone?: string | null | undefined;
  userId?: number | null | undefined;
  startedOn?: string | undefined;
}

/** Today's date in China (Asia/Shanghai), as YYYY-MM-DD: posts start and end on local dates. */
function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** A post as stored, without the encrypted phone (audit diffs and answers never carry ciphertext). */
export function postFacts({ phoneEnc: _e, ...p }: repo.PostRow) {
  return p;
}

export function createTerritoryService(deps: {
  db: Database;
  audit: AuditService;
  pii: PiiCipher;
  gridCodeWidth: number;
}) {
  const { db, audit, gridCodeWidth } = deps;
  let directory: RegionDirectory | null = null;
  let loading: Promise<RegionDirectory> | null = null;

  async function loadDirectory(): Promise<RegionDirectory> {
    return transaction(db, SYSTEM_ACTOR, async () => {
      const [all, leaves] = await Promise.all([repo.allRegionSummaries(), repo.locatableBoundaries()]);
      return new RegionDirectory(
        all,
        leaves.map((l) => ({
          id: l.id,
          depth: l.level === 'microGrid' ? 5 : 4,
          boundary: l.boundary as Geometry,
        })),
      );
    });
  }

  /** The current in-memory directory; built on first use and after every change. */
  async function dir(): Promise<RegionDirectory> {
    if (directory) return directory;
    if (!loading) {
      loading = loadDirectory().then((d) => {
        directory = d;
        loading = null;
        return d;
      });
    }
    return loading;
  }

  /** Drop the directory here once the change commits, and tell other processes (NOTIFY is sent on commit). */
  async function invalidate(): Promise<void> {
    await notify(REGIONS_CHANGED_CHANNEL);
    afterCommit(() => {
      directory = null;
    });
  }

  async function listenForChanges(): Promise<() => Promise<void>> {
    return db.listen(REGIONS_CHANGED_CHANNEL, () => {
      directory = null;
    });
  }

  /**
   * Single regions are public reference data, but only within the scope or on the path up to it: a town
   * user sees the district above (for the breadcrumb) but not the neighbouring town.
   */
  function visibleTo(actor: Actor, path: string): boolean {
    if (actor.scopePath === '*') return true;
    return pathWithin(path, actor.scopePath) || pathWithin(actor.scopePath, path);
  }

  async function visibleRegion(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const r = await repo.regionById(id);
      if (!r || !visibleTo(actor, r.regionPath)) throw notFound(THINGS.region);
      return r;
    });
  }

  async function createRegion(actor: Actor, input: RegionInput) {
    return transaction(db, actor, async () => {
      let parent: repo.RegionRow | undefined;
      if (input.parentId != null) {
        parent = await repo.regionById(input.parentId);
        if (!parent || !visibleTo(actor, parent.regionPath)) throw notFound(THINGS.region);
      }
      const expected = parent ? childLevel(parent.level) : 'district';
      if (input.level !== expected && !(input.level === 'microGrid' && parent?.level === 'grid')) {
        throw new AppError('REGION_PARENT_LEVEL', {
          child: REGION_LEVEL_LABELS[input.level],
          parent: parent ? REGION_LEVEL_LABELS[expected ?? 'grid'] : { zh: '无上级', en: 'no parent' },
        });
      }
      const problem = checkRegionCode(input.code, input.level, parent?.code ?? null, gridCodeWidth);
      if (problem) throw new AppError('REGION_CODE_FORMAT', { detail: describeCodeProblem(problem) });
      if (await repo.regionByCode(input.code)) throw new AppError('DUPLICATE', { what: THINGS.code });
      const [row] = await repo.insertRegions([newRegionRow(input, parent)]);
      await audit.record({
        action: 'region.create',
        objectType: 'region',
        objectId: row!.id,
        diff: diffObjects(null, { ...row!, boundary: row!.boundary ? '(geometry)' : null }),
      });
      await invalidate();
      return row!;
    });
  }

  async function updateRegion(actor: Actor, id: number, version: number, patch: RegionPatch) {
    return transaction(db, actor, async () => {
      const before = await repo.regionById(id);
      if (!before) throw notFound(THINGS.region);
      const changes: Partial<repo.NewRegionRow> = {};
      if (patch.name !== undefined) changes.name = patch.name;
      if (patch.population !== undefined) changes.population = patch.population;
      if (patch.households !== undefined) changes.households = patch.households;
      if (patch.sort !== undefined) changes.sort = patch.sort;
      if (patch.boundary !== undefined)
        Object.assign(changes, { boundary: patch.boundary, ...geometryFacts(patch.boundary) });
      const after = await repo.updateRegion(id, version, changes);
      if (!after) {
        // Either someone else changed it (version) or it is outside the actor's scope (RLS/inScope).
        const again = await repo.regionById(id);
        throw again && again.version !== version ? new AppError('CONFLICT') : notFound(THINGS.region);
      }
      const strip = (r: repo.RegionRow) => ({
        ...r,
        boundary: r.boundary ? JSON.stringify(r.boundary).length : null,
      });
      await audit.record({
        action: 'region.update',
        objectType: 'region',
        objectId: id,
        diff: diffObjects(strip(before), strip(after)),
      });
      await invalidate();
      return after;
    });
  }

  async function deleteRegion(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const before = await repo.regionById(id);
      if (!before) throw notFound(THINGS.region);
      if ((await repo.countChildren(id)) > 0) throw new AppError('REGION_HAS_CHILDREN');
      if (!(await repo.deleteRegion(id))) throw notFound(THINGS.region);
      await audit.record({
        action: 'region.delete',
        objectType: 'region',
        objectId: id,
        diff: { code: before.code, name: before.name },
      });
      await invalidate();
    });
  }

  /**
   * Inserts a whole tree at once (demo district, GeoJSON import of new regions), parents before children.
   * Codes and levels are checked as in createRegion; one audit entry records the batch.
   */
  async function createRegionsBulk(
    actor: Actor,
    inputs: (Omit<RegionInput, 'parentId'> & { parentCode: string | null })[],
  ) {
    return transaction(db, actor, async () => {
      const byCode = new Map<string, { id: number; regionPath: string; code: string }>();
      const created: number[] = [];
      for (const level of REGION_LEVELS) {
        const batch = inputs.filter((x) => x.level === level);
        for (let i = 0; i < batch.length; i += 500) {
          const rows: repo.NewRegionRow[] = [];
          for (const input of batch.slice(i, i + 500)) {
            let parent = input.parentCode ? byCode.get(input.parentCode) : undefined;
            if (input.parentCode && !parent) parent = await repo.regionByCode(input.parentCode);
            if (input.parentCode && !parent) throw notFound(THINGS.region);
            const problem = checkRegionCode(input.code, input.level, parent?.code ?? null, gridCodeWidth);
            if (problem) throw new AppError('REGION_CODE_FORMAT', { detail: describeCodeProblem(problem) });
            rows.push(newRegionRow(input, parent));
          }
          for (const row of await repo.insertRegions(rows)) {
            byCode.set(row.code, row);
            created.push(row.id);
          }
        }
      }
      await audit.record({
        action: 'region.import',
        objectType: 'region',
        diff: { created: created.length },
      });
      await invalidate();
      return created;
    });
  }

  async function createDepartments(actor: Actor, inputs: Omit<repo.NewDepartmentRow, 'regionPath'>[]) {
    return transaction(db, actor, async () => {
      const d = await dir();
      const rows = inputs.map((x) => {
        const region = d.byId.get(x.regionId);
        if (!region) throw notFound(THINGS.region);
        return { ...x, regionPath: region.regionPath };
      });
      const created = await repo.insertDepartments(rows);
      for (const c of created)
        await audit.record({
          action: 'department.create',
          objectType: 'department',
          objectId: c.id,
          diff: diffObjects(null, c),
        });
      return created;
    });
  }

  async function createPosts(
    actor: Actor,
    inputs: (Omit<repo.NewPostRow, 'regionPath' | 'phoneEnc' | 'phoneMasked'> & { phone?: string | null })[],
  ) {
    return transaction(db, actor, async () => {
      const d = await dir();
      const rows = inputs.map(({ phone, ...x }) => {
        const region = d.byId.get(x.regionId);
        if (!region) throw notFound(THINGS.region);
        return {
          ...x,
          regionPath: region.regionPath,
          phoneEnc: phone ? deps.pii.encrypt(phone) : null,
          phoneMasked: phone ? maskPhone(phone) : null,
        };
      });
      const created: repo.PostRow[] = [];
      for (let i = 0; i < rows.length; i += 500)
        created.push(...(await repo.insertPosts(rows.slice(i, i + 500))));
      await audit.record({ action: 'post.create', objectType: 'post', diff: { created: created.length } });
      return created;
    });
  }

  /** Writes need the object itself inside the scope (reads also allow the chain above it). */
  function writableBy(actor: Actor, path: string): boolean {
    return actor.scopePath === '*' || pathWithin(path, actor.scopePath);
  }

  async function createDepartment(actor: Actor, input: DepartmentInput) {
    const region = (await dir()).byId.get(input.regionId);
    if (!region || !writableBy(actor, region.regionPath)) throw notFound(THINGS.region);
    return transaction(db, actor, async () => {
      if (await repo.departmentByCode(input.code)) throw new AppError('DUPLICATE', { what: THINGS.code });
      const [row] = await repo.insertDepartments([
        {
          code: input.code,
          name: input.name,
          shortName: input.shortName,
          type: input.type,
          regionId: region.id,
          regionPath: region.regionPath,
          phone: input.phone ?? null,
          duties: input.duties ?? '',
          // After the departments that came with the district, which are numbered from 1.
          sort: 1000,
        },
      ]);
      await audit.record({
        action: 'department.create',
        objectType: 'department',
        objectId: row!.id,
        diff: diffObjects(null, row!),
      });
      return row!;
    });
  }

  async function updateDepartment(actor: Actor, id: number, version: number, patch: DepartmentPatch) {
    return transaction(db, actor, async () => {
      const before = await repo.departmentById(id);
      if (!before || !writableBy(actor, before.regionPath)) throw notFound(THINGS.department);
      const changes: Partial<repo.NewDepartmentRow> = {};
      for (const k of ['name', 'shortName', 'type', 'phone', 'duties', 'active'] as const)
        if (patch[k] !== undefined) Object.assign(changes, { [k]: patch[k] });
      const after = await repo.updateDepartment(id, version, changes);
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'department.update',
        objectType: 'department',
        objectId: id,
        diff: diffObjects(before, after, ['updatedAt', 'version']),
      });
      return after;
    });
  }

  async function createPost(actor: Actor, input: PostInput) {
    const region = (await dir()).byId.get(input.regionId);
    if (!region || !writableBy(actor, region.regionPath)) throw notFound(THINGS.region);
    if (!postAllowedAt(input.postType, region.level)) {
      const t = POST_TYPES[input.postType];
      throw new AppError('POST_REGION_LEVEL', {
        post: { zh: t.zh, en: t.en },
        levels: {
          zh: t.levels.map((l) => REGION_LEVEL_LABELS[l].zh).join('或'),
          en: t.levels.map((l) => REGION_LEVEL_LABELS[l].en.toLowerCase()).join(' or '),
        },
      });
    }
    return transaction(db, actor, async () => {
      const [row] = await repo.insertPosts([
        {
          regionId: region.id,
          regionPath: region.regionPath,
          postType: input.postType,
          personName: input.personName,
          userId: input.userId ?? null,
          phoneEnc: input.phone ? deps.pii.encrypt(input.phone) : null,
          phoneMasked: input.phone ? maskPhone(input.phone) : null,
          startedOn: input.startedOn ?? todayInChina(),
        },
      ]);
      await audit.record({
        action: 'post.create',
        objectType: 'post',
        objectId: row!.id,
        diff: diffObjects(null, postFacts(row!)),
      });
      return row!;
    });
  }

  /** Ends a post today (卸任); the row stays for the record. */
  async function endPost(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const before = await repo.postById(id);
      if (!before) throw notFound(THINGS.post);
      if (before.endedOn) throw new AppError('POST_ALREADY_ENDED', { endedOn: before.endedOn });
      const after = await repo.endPost(id, todayInChina());
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'post.end',
        objectType: 'post',
        objectId: id,
        diff: diffObjects(postFacts(before), postFacts(after)),
      });
      return after;
    });
  }

  const importer = createRegionImporter({ db, audit, gridCodeWidth, dir, invalidate });

  return {
    importRegions: importer.importRegions,
    createDepartment,
    updateDepartment,
    createPost,
    endPost,
    createRegionsBulk,
    createDepartments,
    createPosts,
    dir,
    invalidate,
    listenForChanges,
    createRegion,
    updateRegion,
    deleteRegion,
    locate: async (lng: number, lat: number) => (await dir()).locate(lng, lat),
    chain: async (id: number) => (await dir()).chain(id),
    regionSummary: async (id: number) => (await dir()).byId.get(id),
    getRegion: visibleRegion,
    visibleTo,
    children: (actor: Actor, parentId: number | null) =>
      transaction(db, actor, () => repo.childrenOf(parentId)),
    subtree: (actor: Actor, path: string, maxDepth: number) =>
      transaction(db, actor, () => repo.subtree(path, maxDepth)),
    atLevel: (actor: Actor, path: string, level: RegionLevel, withBoundary: boolean) =>
      transaction(db, actor, () => repo.regionsAtLevel(path, level, withBoundary)),
    search: (actor: Actor, path: string, q: string, limit: number) =>
      transaction(db, actor, () => repo.searchRegions(path, q, limit)),
    listDepartments: (actor: Actor, f: repo.DepartmentFilter) =>
      transaction(db, actor, () => repo.listDepartments(f)),
    departmentsByIds: (actor: Actor, ids: number[]) =>
      transaction(db, actor, () => repo.departmentsByIds(ids)),
    getDepartment: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const d = await repo.departmentById(id);
        if (!d) throw notFound(THINGS.department);
        return d;
      }),
    listPosts: (actor: Actor, f: Parameters<typeof repo.listPosts>[0]) =>
      transaction(db, actor, () => repo.listPosts(f)),
  };
}

export type TerritoryService = ReturnType<typeof createTerritoryService>;
