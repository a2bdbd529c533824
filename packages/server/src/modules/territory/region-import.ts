import {
  type ExistingRegion,
  type Geometry,
  importTargets,
  levelOfCode,
  parentCodeOf,
  pathWithin,
  type RegionImportReport,
  validateRegionImport,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import { AppError, THINGS } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import type { RegionDirectory } from './region-directory';
import { geometryFacts, newRegionRow } from './region-rows';
import * as repo from './territory.repo';

export interface RegionImportResult {
  dryRun: boolean;
  report: RegionImportReport;
  /** True when the regions were written (a real run with no errors). */
  written: boolean;
}

type StoredRow = Awaited<ReturnType<typeof repo.regionsForImport>>[number];

/**
 * `POST /regions/import` (issue #2): read the stored tree the user may see, check the file with the pure
 * validator, and on a real run with no errors write every change in one transaction with audit entries.
 * Validation runs outside any transaction (it is CPU work); the write then relies on row versions, so a
 * region changed in between makes the whole import fail with 409 instead of overwriting.
 */
export function createRegionImporter(deps: {
  db: Database;
  audit: AuditService;
  gridCodeWidth: number;
  dir: () => Promise<RegionDirectory>;
  invalidate: () => Promise<void>;
}) {
  const { db, audit, gridCodeWidth } = deps;

  /**
   * A scoped administrator may only import below their scope root: each feature's nearest stored region
   * (itself, or the closest ancestor by code) must lie there. The root itself may be re-drawn only when it
   * is the top of the tree (a district administrator's district): a town's boundary is shared with
   * neighbours its administrator cannot see. Anything else answers 404, as every out-of-scope object does.
   */
  function checkScope(actor: Actor, collection: unknown, d: RegionDirectory) {
    if (actor.scopePath === '*') return;
    const below = (path: string) => path.startsWith(`${actor.scopePath}.`);
    const outside: { index: number; code: string }[] = [];
    for (const t of importTargets(collection)) {
      let code: string | null = t.code;
      let allowed = false;
      for (let step = 0; code && step < 6; step++) {
        const hit = d.byCode.get(code);
        if (hit) {
          allowed =
            step === 0
              ? below(hit.regionPath) || (hit.regionPath === actor.scopePath && hit.parentId === null)
              : pathWithin(hit.regionPath, actor.scopePath);
          break;
        }
        const level = levelOfCode(code, gridCodeWidth);
        code =
          step === 0 && t.parentCode ? t.parentCode : level ? parentCodeOf(code, level, gridCodeWidth) : null;
      }
      if (!allowed) outside.push({ index: t.index, code: t.code });
    }
    if (outside.length > 0)
      throw new AppError('NOT_FOUND', { what: THINGS.region }, { features: outside.slice(0, 50) });
  }

  async function importRegions(
    actor: Actor,
    collection: unknown,
    opts: { dryRun: boolean; toleranceM?: number | undefined },
  ): Promise<RegionImportResult> {
    checkScope(actor, collection, await deps.dir());
    const rows = await transaction(db, actor, () => repo.regionsForImport(actor.scopePath));
    const stored = new Map(rows.map((r) => [r.code, r]));
    const existing = new Map<string, ExistingRegion>(
      rows.map((r) => {
        const path = r.regionPath.split('.');
        return [
          r.code,
          {
            code: r.code,
            name: r.name,
            level: r.level,
            parentCode: path.length > 1 ? path[path.length - 2]! : null,
            boundary: (r.boundary as Geometry | null) ?? null,
          },
        ];
      }),
    );
    const report = validateRegionImport(collection, existing, { gridCodeWidth, toleranceM: opts.toleranceM });
    if (opts.dryRun || report.errors.length > 0) return { dryRun: opts.dryRun, report, written: false };
    await write(actor, report, stored);
    return { dryRun: false, report, written: true };
  }

  async function write(actor: Actor, report: RegionImportReport, stored: Map<string, StoredRow>) {
    await transaction(db, actor, async () => {
      const entries: Parameters<AuditService['recordMany']>[0] = [];
      for (const u of report.updates) {
        const before = stored.get(u.code)!;
        const facts = geometryFacts(u.boundary);
        const after = await repo.updateRegion(before.id, before.version, {
          name: u.name,
          boundary: u.boundary,
          ...facts,
          ...(u.population !== undefined ? { population: u.population } : {}),
          ...(u.households !== undefined ? { households: u.households } : {}),
        });
        if (!after) throw new AppError('CONFLICT');
        const diff: Record<string, [unknown, unknown]> = {
          boundary: [pointCount(before.boundary), pointCount(u.boundary)],
          areaM2: [before.areaM2, facts.areaM2],
        };
        if (before.name !== u.name) diff.name = [before.name, u.name];
        if (u.population !== undefined && u.population !== before.population)
          diff.population = [before.population, u.population];
        if (u.households !== undefined && u.households !== before.households)
          diff.households = [before.households, u.households];
        entries.push({ action: 'region.update', objectType: 'region', objectId: before.id, diff });
      }
      // Creates come parents first, so each level's parents are known when its batch is inserted.
      const placed = new Map<string, { id: number; regionPath: string }>(
        [...stored.values()].map((r) => [r.code, r]),
      );
      for (let i = 0; i < report.creates.length; ) {
        const level = report.creates[i]!.level;
        const batch: repo.NewRegionRow[] = [];
        while (i < report.creates.length && report.creates[i]!.level === level && batch.length < 500) {
          const c = report.creates[i++]!;
          const parent = c.parentCode ? placed.get(c.parentCode) : undefined;
          batch.push(
            newRegionRow(
              { ...c, sort: c.parentCode ? Number(c.code.slice(c.parentCode.length)) : 1 },
              parent,
            ),
          );
        }
        for (const row of await repo.insertRegions(batch)) {
          placed.set(row.code, row);
          entries.push({
            action: 'region.create',
            objectType: 'region',
            objectId: row.id,
            diff: {
              code: row.code,
              name: row.name,
              level: row.level,
              path: row.regionPath,
              areaM2: row.areaM2,
            },
          });
        }
      }
      await audit.recordMany(entries);
      await audit.record({
        action: 'region.import',
        objectType: 'region',
        diff: {
          features: report.features,
          created: report.creates.length,
          updated: report.updates.length,
          warnings: report.warnings.length,
        },
      });
      await deps.invalidate();
    });
  }

  return { importRegions };
}

function pointCount(g: unknown): number | null {
  if (!g || typeof g !== 'object') return null;
  return JSON.stringify((g as { coordinates?: unknown }).coordinates ?? []).split('],[').length;
}
