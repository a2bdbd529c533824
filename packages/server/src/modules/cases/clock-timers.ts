import {
  type ClockDef,
  checkTransition,
  DEFAULT_ESCALATION,
  type L10n,
  type NotifySpec,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { SYSTEM_ACTOR } from '../../db/context';
import type { CalendarService } from '../calendar/calendar.service';
import type { ClaimedJob, JobsService } from '../jobs/jobs.service';
import { DUE_JOB, stepsOf, stepTime, WARN_JOB } from './case-clocks';
import type { CaseRecord } from './case-store.repo';
import * as repo from './cases.repo';
import { actorFacts, type CaseKindRegistration, type CaseRegistry } from './registry';

/** Beijing-time `2026-11-23 14:05` for message texts. */
export function cstText(d: Date): string {
  return new Date(+d + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

// A timer that runs this much later than planned still counts as "the" timer; older plans were cancelled.
const SLACK_MS = 1000;

interface Deps {
  db: Database;
  jobs: JobsService;
  calendar: CalendarService;
  registry: CaseRegistry;
  notifyAll: (
    reg: CaseKindRegistration,
    c: CaseRecord,
    specs: readonly NotifySpec[],
    params: Record<string, string | L10n>,
    actorId: number | null,
  ) => Promise<void>;
  describe: (reg: CaseKindRegistration, c: CaseRecord) => { ref: string; title: string };
  publish: (reg: CaseKindRegistration, c: CaseRecord, action: string | null) => Promise<void>;
  stateLabel: (reg: CaseKindRegistration, s: string) => L10n;
  apply: (
    actor: typeof SYSTEM_ACTOR,
    kind: string,
    id: number,
    input: { action: string; comment?: string },
  ) => Promise<unknown>;
}

/**
 * The clock timers: the reminder at the warning share, and the deadline with its escalation ladder
 * (mark overdue → tell the supervisor → one working day later the leader, or as the workflow says).
 * Both run as transactional jobs, so each step's writes and messages happen exactly once, whichever
 * process fires it; a timer whose clock has been paused, stopped or re-planned finds nothing to do.
 */
export function registerClockTimers(d: Deps) {
  const { jobs, calendar, registry } = d;

  async function context(clockId: number) {
    const clock = await repo.clockForUpdate(clockId);
    if (clock?.status !== 'running') return null;
    const reg = registry.get(clock.caseKind);
    const def = reg?.workflow.clocks?.find((c) => c.name === clock.name);
    if (!reg || !def) return null;
    const c = await reg.store.load(clock.caseId);
    if (!c) return null;
    return { clock, reg, def, c };
  }

  function timelineBase(reg: CaseKindRegistration, c: CaseRecord, at: Date) {
    return {
      caseKind: reg.workflow.kind,
      caseId: c.id,
      regionPath: c.regionPath,
      actorId: null,
      actorName: '系统',
      actorRole: 'system',
      fromState: c.state,
      toState: c.state,
      attachments: [],
      occurredAt: at,
    };
  }

  async function warn(job: ClaimedJob) {
    const ctx = await context(Number(job.payload.clockId));
    if (!ctx) return;
    const { clock, reg, def, c } = ctx;
    if (clock.warnedAt || clock.overdueAt || !clock.warnAt || +clock.warnAt > +job.runAt + SLACK_MS) return;
    await repo.updateClock(clock.id, { warnedAt: job.runAt });
    await repo.appendTimeline({
      ...timelineBase(reg, c, job.runAt),
      action: 'warn',
      comment: null,
      data: { clock: def.name, clockLabel: def.label, dueAt: clock.dueAt.toISOString() },
    });
    const { ref, title } = d.describe(reg, c);
    await d.notifyAll(
      reg,
      c,
      [{ to: def.warnNotify ?? ['assignee'], type: 'case.warning', channels: ['inapp'] }],
      { kind: reg.workflow.label, ref, title, clock: def.label, due: cstText(clock.dueAt) },
      null,
    );
  }

  async function due(job: ClaimedJob) {
    const ctx = await context(Number(job.payload.clockId));
    if (!ctx) return;
    const { clock, reg, def, c } = ctx;
    const step = Number(job.payload.step);
    const cal = await calendar.calendar();
    const at = stepTime(cal, def, clock.dueAt, step);
    if (clock.escalationStep !== step || !at || +at > +job.runAt + SLACK_MS) return;
    const steps = stepsOf(def as ClockDef);
    const s = steps[step] ?? DEFAULT_ESCALATION[0]!;
    const saved = await repo.updateClock(clock.id, {
      overdueAt: clock.overdueAt ?? clock.dueAt,
      escalationStep: step + 1,
    });
    if (step === 0) await reg.store.mark(c.id, { overdue: true });
    await repo.appendTimeline({
      ...timelineBase(reg, c, job.runAt),
      action: step === 0 ? 'overdue' : 'escalate',
      comment: null,
      data: {
        clock: def.name,
        clockLabel: def.label,
        step,
        stepLabel: s.label,
        dueAt: clock.dueAt.toISOString(),
      },
    });
    const { ref, title } = d.describe(reg, c);
    await d.notifyAll(
      reg,
      c,
      [{ to: s.notify, type: 'case.overdue', channels: ['inapp', 'sms', 'robot', 'webhook'] }],
      { kind: reg.workflow.label, ref, title, clock: def.label, due: cstText(clock.dueAt), step: s.label },
      null,
    );
    await d.publish(reg, { ...c, overdue: true }, step === 0 ? 'overdue' : 'escalate');
    if (s.action) {
      const t = checkTransition(
        reg.workflow,
        { ...c, data: reg.facts?.(c) ?? {} },
        actorFacts(SYSTEM_ACTOR),
        {
          action: s.action,
        },
      );
      if (t.ok) await d.apply(SYSTEM_ACTOR, reg.workflow.kind, c.id, { action: s.action });
    }
    // The next rung of the ladder, if the clock is still running after the action above.
    const fresh = await repo.clockForUpdate(clock.id);
    const next = fresh?.status === 'running' ? stepTime(cal, def, saved.dueAt, step + 1) : null;
    if (next)
      await jobs.enqueue({
        type: DUE_JOB,
        payload: { clockId: clock.id, step: step + 1 },
        runAt: next,
        ref: `clock:${clock.id}`,
        dedupeKey: `clock:${clock.id}:step:${step + 1}`,
      });
  }

  jobs.handle(WARN_JOB, warn);
  jobs.handle(DUE_JOB, due);
  return { warn, due };
}
