import {
  areaM2,
  centroid,
  checkRegionCode,
  childLevel,
  childPath,
  describeCodeProblem,
  type Geometry,
  maskPhone,
  pathWithin,
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

export function geometryFacts(boundary: Geometry | null | undefined) {
  if (!boundary) return { centroidLng: null, centroidLat: null, areaM2: null };
  const [lng, lat] = centroid(boundary);
  return { centroidLng: lng, centroidLat: lat, areaM2: Math.round(areaM2(boundary)) };
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
      const [row] = await repo.insertRegions([
        {
          code: input.code,
          name: input.name,
          level: input.level,
          parentId: parent?.id ?? null,
          regionPath: childPath(parent?.regionPath ?? null, input.code),
          boundary: input.boundary ?? null,
          ...geometryFacts(input.boundary),
          population: input.population ?? 0,
          households: input.households ?? 0,
          sort: input.sort ?? 0,
        },
      ]);
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
            rows.push({
              code: input.code,
              name: input.name,
              level: input.level,
              parentId: parent?.id ?? null,
              regionPath: childPath(parent?.regionPath ?? null, input.code),
              boundary: input.boundary ?? null,
              ...geometryFacts(input.boundary),
              population: input.population ?? 0,
              households: input.households ?? 0,
              sort: input.sort ?? 0,
            });
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

  return {
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
