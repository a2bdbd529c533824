import {
  MEDIATION_LEVELS,
  type MediationLevel,
  type ORG_KINDS,
  ORG_REGION_LEVELS,
  orgPlacementOk,
  pathWithin,
  regionLevelsLabel,
  SCREENING_CADENCE,
  SCREENING_REGION_LEVELS,
  type ScreeningLevel,
} from '@fengqiao/domain';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import * as repo from './disputes.repo';
import type { Deps } from './disputes.shared';

const ORG = { zh: '调解组织', en: 'Mediation organisation' };
const MEDIATOR = { zh: '调解员', en: 'Mediator' };
const SCHEDULE = { zh: '排查计划', en: 'Screening schedule' };
const REGION = { zh: '区域', en: 'Region' };
const SCREENING_LABELS: Record<ScreeningLevel, { zh: string; en: string }> = {
  villageGroup: { zh: '村民小组排查计划', en: 'village-group' },
  village: { zh: '村（社区）排查计划', en: 'village' },
  town: { zh: '街镇排查计划', en: 'town' },
  county: { zh: '区县排查计划', en: 'county' },
};

export interface OrgInput {
  name: string;
  shortName: string;
  level: MediationLevel;
  kind: keyof typeof ORG_KINDS;
  mediationTypes: string[];
  specialties: string[];
  regionId: number;
  address?: string | null | undefined;
  phone?: string | null | undefined;
}

export interface MediatorInput {
  userId: number;
  orgId: number;
  title?: string | null | undefined;
  regionId: number;
  specialties: string[];
  maxLoad: number;
}

export interface ScheduleChanges {
  everyDays?: number | undefined;
  responsibleUserId?: number | null | undefined;
  active?: boolean | undefined;
}

/**
 * Administration of the mediation network (issue #5): organisations, mediators and screening schedules.
 * Routes allow it to holders of `mediation:admin` (the system administrator); each change is audited and
 * checked against the network's shape (domain/disputes/network.ts).
 */
export function createNetworkAdmin(deps: Deps) {
  const { db, territory, audit } = deps;

  /** A region the actor may place something at, of one of the allowed levels. */
  async function placeAt(
    actor: Actor,
    regionId: number,
    allowed: readonly string[],
    error: 'MEDIATION_ORG_REGION_LEVEL' | 'SCREENING_REGION_LEVEL',
    what: { zh: string; en: string },
  ) {
    const region = await territory.regionSummary(regionId);
    if (!region || (actor.scopePath !== '*' && !pathWithin(region.regionPath, actor.scopePath)))
      throw notFound(REGION);
    if (!allowed.includes(region.level))
      throw new AppError(error, { level: what, expected: regionLevelsLabel(allowed) });
    return region;
  }

  /** Names of places from the in-memory territory (the last code of a path). */
  async function regionNames() {
    const dir = await territory.dir();
    return (path: string) => dir.byCode.get(path.split('.').at(-1)!)?.name ?? '';
  }

  const orgWhat = (level: MediationLevel) => ({
    zh: MEDIATION_LEVELS[level].zh,
    en: MEDIATION_LEVELS[level].en,
  });

  async function createOrg(actor: Actor, input: OrgInput) {
    const region = await placeAt(
      actor,
      input.regionId,
      ORG_REGION_LEVELS[input.level],
      'MEDIATION_ORG_REGION_LEVEL',
      orgWhat(input.level),
    );
    return transaction(db, actor, async () => {
      const [row] = await repo.insertOrgs([
        {
          name: input.name,
          shortName: input.shortName,
          level: input.level,
          kind: input.kind,
          mediationTypes: input.mediationTypes,
          specialties: input.specialties,
          regionId: region.id,
          regionPath: region.regionPath,
          address: input.address ?? null,
          phone: input.phone ?? null,
        },
      ]);
      await audit.record({
        action: 'mediation.org.create',
        objectType: 'mediationOrg',
        objectId: row!.id,
        diff: { ...input },
      });
      return row!;
    });
  }

  async function updateOrg(
    actor: Actor,
    id: number,
    version: number,
    patch: Partial<OrgInput> & { active?: boolean },
  ) {
    const before = await transaction(db, actor, () => repo.orgInScope(id));
    if (!before) throw notFound(ORG);
    const level = (patch.level ?? before.level) as MediationLevel;
    const regionId = patch.regionId ?? before.regionId;
    const region = await territory.regionSummary(regionId);
    if (!region) throw notFound(REGION);
    if (patch.level !== undefined || patch.regionId !== undefined) {
      await placeAt(actor, regionId, ORG_REGION_LEVELS[level], 'MEDIATION_ORG_REGION_LEVEL', orgWhat(level));
    } else if (!orgPlacementOk(level, region.level)) {
      throw new AppError('MEDIATION_ORG_REGION_LEVEL', {
        level: orgWhat(level),
        expected: regionLevelsLabel(ORG_REGION_LEVELS[level]),
      });
    }
    return transaction(db, actor, async () => {
      if (patch.active === false && before.active) {
        // Disputes waiting at a closed organisation would be lost: move them first.
        const open = await transaction(db, SYSTEM_ACTOR, () => repo.openDisputesAt(id));
        if (open > 0) throw new AppError('MEDIATION_ORG_IN_USE', { count: open });
      }
      const { regionId: _r, ...rest } = patch;
      const after = await repo.updateOrg(id, version, {
        ...rest,
        regionId: region.id,
        regionPath: region.regionPath,
      });
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'mediation.org.update',
        objectType: 'mediationOrg',
        objectId: id,
        diff: { before: pick(before, Object.keys(patch)), after: patch },
      });
      return after;
    });
  }

  /** Checks a mediator's account, organisation, place and specialties. */
  async function checkMediator(actor: Actor, input: Omit<MediatorInput, 'userId'>, userId: number) {
    const region = await territory.regionSummary(input.regionId);
    if (!region || (actor.scopePath !== '*' && !pathWithin(region.regionPath, actor.scopePath)))
      throw notFound(REGION);
    const org = await transaction(db, actor, () => repo.orgById(input.orgId));
    if (!org) throw new AppError('DISPUTE_ORG_UNKNOWN');
    if (!org.active) throw new AppError('MEDIATION_ORG_INACTIVE');
    if (!pathWithin(region.regionPath, org.regionPath)) throw new AppError('MEDIATION_MEDIATOR_OUTSIDE_ORG');
    const user = await deps.users.get(SYSTEM_ACTOR, userId).catch(() => null);
    if (!user) throw notFound({ zh: '账号', en: 'Account' });
    if (!user.roles.includes('mediator'))
      throw new AppError('MEDIATION_MEDIATOR_NOT_MEDIATOR', { name: user.displayName });
    return { user, org, region };
  }

  async function createMediator(actor: Actor, input: MediatorInput) {
    const { user, region } = await checkMediator(actor, input, input.userId);
    return transaction(db, actor, async () => {
      if (await transaction(db, SYSTEM_ACTOR, () => repo.mediatorByUser(input.userId)))
        throw new AppError('MEDIATION_MEDIATOR_EXISTS');
      const [row] = await repo.insertMediators([
        {
          userId: input.userId,
          orgId: input.orgId,
          name: user.displayName,
          title: input.title ?? null,
          regionPath: region.regionPath,
          specialties: input.specialties,
          maxLoad: input.maxLoad,
        },
      ]);
      await audit.record({
        action: 'mediation.mediator.create',
        objectType: 'mediator',
        objectId: row!.id,
        diff: { ...input },
      });
      return row!;
    });
  }

  async function updateMediator(
    actor: Actor,
    id: number,
    version: number,
    patch: Partial<Omit<MediatorInput, 'userId'>> & { active?: boolean },
  ) {
    const before = await transaction(db, actor, () => repo.mediatorById(id));
    if (!before) throw notFound(MEDIATOR);
    const dir = await territory.dir();
    const currentRegion = dir.byCode.get(before.regionPath.split('.').at(-1)!);
    const { region } = await checkMediator(
      actor,
      {
        orgId: patch.orgId ?? before.orgId,
        regionId: patch.regionId ?? currentRegion?.id ?? 0,
        specialties: patch.specialties ?? before.specialties,
        maxLoad: patch.maxLoad ?? before.maxLoad,
      },
      before.userId,
    );
    return transaction(db, actor, async () => {
      const { regionId: _r, ...rest } = patch;
      const after = await repo.updateMediator(id, version, { ...rest, regionPath: region.regionPath });
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'mediation.mediator.update',
        objectType: 'mediator',
        objectId: id,
        diff: { before: pick(before, Object.keys(patch)), after: patch },
      });
      return after;
    });
  }

  async function checkResponsible(userId: number | null | undefined) {
    if (userId == null) return;
    const u = await deps.users.get(SYSTEM_ACTOR, userId).catch(() => null);
    if (!u) throw notFound({ zh: '责任人账号', en: 'Responsible account' });
  }

  async function createSchedule(
    actor: Actor,
    input: {
      regionId: number;
      level: ScreeningLevel;
      everyDays?: number | undefined;
      startOn: string;
      responsibleUserId?: number | undefined;
    },
  ) {
    const region = await placeAt(
      actor,
      input.regionId,
      SCREENING_REGION_LEVELS[input.level],
      'SCREENING_REGION_LEVEL',
      SCREENING_LABELS[input.level],
    );
    await checkResponsible(input.responsibleUserId);
    return transaction(db, actor, async () => {
      const row = await repo.insertSchedule({
        regionId: region.id,
        regionPath: region.regionPath,
        level: input.level,
        // Default cadence per level (seed 001), settable per schedule.
        everyDays: input.everyDays ?? SCREENING_CADENCE[input.level].everyDays,
        startOn: input.startOn,
        responsibleUserId: input.responsibleUserId ?? null,
      });
      await audit.record({
        action: 'screening.schedule.create',
        objectType: 'screeningSchedule',
        objectId: row.id,
        diff: { ...input },
      });
      return row;
    });
  }

  async function updateSchedule(actor: Actor, id: number, version: number, patch: ScheduleChanges) {
    const before = await transaction(db, actor, () => repo.scheduleById(id));
    if (!before) throw notFound(SCHEDULE);
    await checkResponsible(patch.responsibleUserId);
    return transaction(db, actor, async () => {
      const after = await repo.updateSchedule(id, version, patch);
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'screening.schedule.update',
        objectType: 'screeningSchedule',
        objectId: id,
        diff: { before: pick(before, Object.keys(patch)), after: patch },
      });
      return after;
    });
  }

  return {
    /** Every organisation in the directory, inactive ones too (administration). */
    allOrgs: async (actor: Actor) => {
      const rows = await transaction(db, actor, () => repo.orgsInScope());
      const name = await regionNames();
      return rows.map((o) => ({ ...o, regionName: name(o.regionPath) }));
    },
    /** Mediators placed within the actor's scope, with their current load (open disputes). */
    allMediators: async (actor: Actor) => {
      const rows = await transaction(db, actor, () => repo.mediatorsInScope());
      const loads = await transaction(db, SYSTEM_ACTOR, () => repo.loads(rows.map((m) => m.userId)));
      const name = await regionNames();
      return rows.map((m) => ({ ...m, load: loads.get(m.userId) ?? 0, regionName: name(m.regionPath) }));
    },
    /** Screening schedules in scope, with the place's name. */
    schedules: async (actor: Actor) => {
      const rows = await transaction(db, actor, () => repo.listSchedules());
      const name = await regionNames();
      return rows.map((r) => ({ ...r, regionName: name(r.regionPath) }));
    },
    createOrg,
    updateOrg,
    createMediator,
    updateMediator,
    createSchedule,
    updateSchedule,
  };
}

function pick(row: object, keys: string[]): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  return Object.fromEntries(keys.map((k) => [k, r[k]]));
}
