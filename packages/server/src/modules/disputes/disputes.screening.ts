import {
  addDays,
  addDisputeCounters,
  DISPUTE_TYPES,
  type DisputeCounters,
  disputeMetricsOf,
  MEDIATION_LEVELS,
  type MediationLevel,
  pathWithin,
  type ScreeningLevel,
  screeningOverdue,
  screeningPeriods,
  shanghaiDate,
  zeroDisputeCounters,
} from '@fengqiao/domain';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import * as repo from './disputes.repo';
import { type Deps, type DisputeInput, SCREENING_ROLLUP_LEVEL } from './disputes.shared';

const TASK = { zh: '排查任务', en: 'Screening task' };
/** Rollup rows of screenings carry this type (they are about no dispute type). */
export const SCREENING_TYPE = '_screening';

export interface ScheduleInput {
  regionId: number;
  level: ScreeningLevel;
  everyDays?: number | undefined;
  startOn: string;
  responsibleUserId?: number | undefined;
}

/** Screening (排查) schedules and tasks, and the statistics read from the daily rollups. */
export function createScreening(
  deps: Deps,
  core: {
    register: (actor: Actor, input: DisputeInput) => Promise<repo.DisputeRow>;
    bump: (regionPath: string, type: string, level: string, delta: Partial<DisputeCounters>) => Promise<void>;
  },
) {
  const { db, territory } = deps;

  /** Creates the tasks of every period that has started by `today` (idempotent; a daily job runs it). */
  async function generateTasks(today: string = shanghaiDate(new Date())) {
    return transaction(db, SYSTEM_ACTOR, async () => {
      let created = 0;
      for (const s of await repo.schedulesToGenerate(today)) {
        const from = s.generatedThrough ? addDays(s.generatedThrough, 1) : s.startOn;
        // A schedule switched on long ago does not flood anyone: at most the last 31 periods.
        const periods = screeningPeriods(s.startOn, s.everyDays, from, today).slice(-31);
        created += await repo.insertTasks(
          periods.map((p) => ({
            scheduleId: s.id,
            regionPath: s.regionPath,
            level: s.level,
            periodStart: p.periodStart,
            dueOn: p.dueOn,
            responsibleUserId: s.responsibleUserId,
          })),
        );
        await repo.markGenerated(s.id, today);
      }
      return created;
    });
  }

  /**
   * Done by reporting the disputes found (registered with this task) or an explicit 零报告; the
   * rollup counts the screening and the zero report in the same transaction.
   */
  async function completeTask(
    actor: Actor,
    id: number,
    input: { zeroReport: boolean; note?: string | undefined },
  ) {
    return transaction(db, actor, async () => {
      const t = await repo.taskById(id);
      if (!t) throw notFound(TASK);
      if (t.doneAt) throw new AppError('DISPUTE_SCREENING_DONE');
      const found = await repo.disputesOfTask(id);
      if (input.zeroReport === found > 0) throw new AppError('DISPUTE_SCREENING_EMPTY');
      const done = await repo.completeTask(id, {
        doneBy: actor.userId,
        found,
        zeroReport: input.zeroReport,
        note: input.note ?? null,
      });
      if (!done) throw new AppError('DISPUTE_SCREENING_DONE');
      await core.bump(t.regionPath, SCREENING_TYPE, SCREENING_ROLLUP_LEVEL[t.level] ?? 'village', {
        screenings: 1,
        zeroReports: input.zeroReport ? 1 : 0,
      });
      return done;
    });
  }

  /** A dispute found while screening: registered against the task. */
  async function reportFound(actor: Actor, id: number, input: DisputeInput) {
    return transaction(db, actor, async () => {
      const t = await repo.taskById(id);
      if (!t) throw notFound(TASK);
      if (t.doneAt) throw new AppError('DISPUTE_SCREENING_DONE');
      return core.register(actor, { ...input, source: 'screening', screeningTaskId: id });
    });
  }

  async function tasks(actor: Actor, f: repo.TaskFilter, limit: number, offset: number) {
    return transaction(db, actor, async () => {
      const page = await repo.listTasks(f, limit, offset);
      const today = shanghaiDate(new Date());
      return { ...page, rows: page.rows.map((r) => ({ ...r, overdue: screeningOverdue(r, today) })) };
    });
  }

  function labelOf(groupBy: repo.StatsGroup, key: string, dir: Awaited<ReturnType<typeof territory.dir>>) {
    if (groupBy === 'region') {
      const r = dir.byCode.get(key.split('.').at(-1)!);
      return r ? { zh: r.name, en: r.name } : { zh: key, en: key };
    }
    if (groupBy === 'type') {
      if (key === SCREENING_TYPE) return { zh: '排查', en: 'Screening' };
      const t = DISPUTE_TYPES.find((x) => x.code === key);
      return t ? { zh: t.zh, en: t.en } : { zh: key, en: key };
    }
    if (groupBy === 'level') {
      const l = MEDIATION_LEVELS[key as MediationLevel];
      return l ? { zh: l.zh, en: l.en } : { zh: key, en: key };
    }
    return { zh: key, en: key };
  }

  /**
   * Statistics for the statistics page and the cockpit: sums of `dispute_rollups` in [from, to] under a
   * region (default: the actor's scope), grouped by child region, type, level or day, with the rates.
   */
  async function stats(
    actor: Actor,
    q: {
      regionPath?: string | undefined;
      from: string;
      to: string;
      groupBy: repo.StatsGroup;
      /** With groupBy region: group at this path depth instead of the children (the cockpit's grids). */
      regionDepth?: number | undefined;
    },
  ) {
    const dir = await territory.dir();
    let root = q.regionPath ?? actor.scopePath;
    if (root === '*') root = [...dir.byId.values()].find((r) => r.parentId == null)?.regionPath ?? '';
    if (actor.scopePath !== '*' && !pathWithin(root, actor.scopePath))
      throw notFound({ zh: '区域', en: 'Region' });
    return transaction(db, actor, async () => {
      const rows = await repo.sumRollups({
        regionPath: root,
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        regionDepth: q.regionDepth,
      });
      let total = zeroDisputeCounters();
      for (const r of rows) total = addDisputeCounters(total, r);
      return {
        regionPath: root,
        from: q.from,
        to: q.to,
        groupBy: q.groupBy,
        rows: rows.map((r) => ({
          key: r.key,
          label: labelOf(q.groupBy, r.key, dir),
          ...disputeMetricsOf(r),
        })),
        total: disputeMetricsOf(total),
      };
    });
  }

  /**
   * A region's totals over several periods in one statement (the cockpit's summary: the period and
   * today), with the rates; the region must lie in the actor's scope, as for `stats`.
   */
  async function periodTotals(
    actor: Actor,
    q: { regionPath: string; periods: readonly { from: string; to: string }[] },
  ) {
    if (actor.scopePath !== '*' && !pathWithin(q.regionPath, actor.scopePath))
      throw notFound({ zh: '区域', en: 'Region' });
    const rows = await transaction(db, actor, () => repo.periodTotals(q.regionPath, q.periods));
    return rows.map(disputeMetricsOf);
  }

  return {
    schedules: (actor: Actor) => transaction(db, actor, () => repo.listSchedules()),
    periodTotals,
    generateTasks,
    completeTask,
    reportFound,
    tasks,
    stats,
  };
}
