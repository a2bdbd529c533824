import {
  availableActions,
  type CaseFacts,
  type Channel,
  checkTransition,
  type Duration,
  ENGINE_ACTIONS,
  type L10n,
  type NotifySpec,
  relationsOf,
  remainingAt,
  type TransitionInput,
} from '@fengqiao/domain';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AttachmentsService } from '../attachments/attachments.service';
import type { AuditService } from '../audit/audit.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { JobsService } from '../jobs/jobs.service';
import type { LiveService } from '../live/live.service';
import type { MessagesService } from '../messages/messages.service';
import type { UsersService } from '../users/users.service';
import { resolveAudiences } from './audiences';
import { createCaseClocks, toState } from './case-clocks';
import type { CaseChanges, CaseRecord } from './case-store.repo';
import * as repo from './cases.repo';
import { registerClockTimers } from './clock-timers';
import { actorFacts, type CaseKindRegistration, CaseRegistry, roleUsed } from './registry';

export interface ApplyInput extends TransitionInput {
  /** The version the user saw; a different current version is a conflict (409). */
  version?: number | undefined;
}

const SYSTEM_NAME = '系统';

/**
 * The case engine (issue #3, DESIGN.md §3). Modules register a workflow and a store for their case table;
 * `apply` then takes a transition in one transaction: scope and permission, input, state change with a
 * version check, timeline, clocks and their timers, notifications and outbox messages, live event.
 */
export function createCasesService(deps: {
  db: Database;
  audit: AuditService;
  jobs: JobsService;
  calendar: CalendarService;
  messages: MessagesService;
  attachments: AttachmentsService;
  users: UsersService;
  live: LiveService;
  log: Logger;
}) {
  const { db, audit, jobs, calendar, messages, attachments, users, live } = deps;
  const registry = new CaseRegistry();
  const clocks = createCaseClocks({ calendar, jobs });

  function kindOf(kind: string): CaseKindRegistration {
    const reg = registry.get(kind);
    if (!reg) throw new AppError('CASE_KIND_UNKNOWN', { kind });
    return reg;
  }

  const factsOf = (reg: CaseKindRegistration, c: CaseRecord): CaseFacts => ({
    id: c.id,
    state: c.state,
    version: c.version,
    regionPath: c.regionPath,
    reporterId: c.reporterId,
    assigneeUserId: c.assigneeUserId,
    assigneeDepartmentId: c.assigneeDepartmentId,
    data: reg.facts?.(c) ?? {},
  });

  // Display names for timelines and messages ("张科长", not "dept"); names change rarely, so cache briefly.
  const names = new Map<number, { name: string; at: number }>();
  async function nameOf(actor: Actor): Promise<string> {
    if (actor.userId === null) return SYSTEM_NAME;
    const hit = names.get(actor.userId);
    if (hit && Date.now() - hit.at < 60_000) return hit.name;
    const name = (await users.displayNames([actor.userId])).get(actor.userId) ?? actor.username;
    names.set(actor.userId, { name, at: Date.now() });
    return name;
  }

  const describe = (reg: CaseKindRegistration, c: CaseRecord) =>
    reg.describe?.(c) ?? { ref: `#${c.id}`, title: '' };

  const stateLabel = (reg: CaseKindRegistration, s: string): L10n =>
    reg.workflow.states[s]?.label ?? { zh: s, en: s };

  /** Reading a case: the kind's read permission, or standing as its reporter or assignee. */
  function canRead(reg: CaseKindRegistration, c: CaseRecord, actor: Actor): boolean {
    const f = actorFacts(actor);
    if (f.system || f.permissions.has(reg.workflow.readPermission)) return true;
    return relationsOf(factsOf(reg, c), f).size > 0;
  }

  async function loadReadable(actor: Actor, reg: CaseKindRegistration, id: number): Promise<CaseRecord> {
    const c = await reg.store.load(id);
    if (!c || !canRead(reg, c, actor)) throw notFound(reg.workflow.label);
    return c;
  }

  async function notifyAll(
    reg: CaseKindRegistration,
    c: CaseRecord,
    specs: readonly NotifySpec[],
    params: Record<string, string | L10n>,
    actorId: number | null,
  ) {
    for (const spec of specs) {
      const userIds = await resolveAudiences(users, reg.workflow, c, spec.to, actorId);
      const channels: Channel[] = [...(spec.channels ?? ['inapp'])];
      if (!userIds.length && !channels.some((ch) => ch === 'robot' || ch === 'webhook')) continue;
      await messages.send({
        type: spec.type ?? 'case.transition',
        params,
        users: userIds,
        channels,
        regionPath: c.regionPath,
        case: { kind: reg.workflow.kind, id: c.id },
        data: {
          kind: reg.workflow.kind,
          id: c.id,
          state: c.state,
          ...(params.action ? { action: params.action } : {}),
        },
      });
    }
  }

  async function publish(reg: CaseKindRegistration, c: CaseRecord, action: string | null) {
    await live.publish({
      type: 'case',
      kind: reg.workflow.kind,
      id: c.id,
      regionPath: c.regionPath,
      state: c.state,
      version: c.version,
      action,
      reporterId: c.reporterId,
      at: new Date().toISOString(),
    });
  }

  /**
   * Call right after inserting a new case row, inside the same transaction: writes the first timeline
   * entry, attaches the uploads, starts the clocks of the initial state and announces the case.
   */
  async function open(
    actor: Actor,
    kind: string,
    id: number,
    opts: {
      comment?: string | null;
      attachments?: readonly number[];
      data?: Record<string, unknown>;
      now?: Date;
    } = {},
  ) {
    const reg = kindOf(kind);
    return transaction(db, actor, async () => {
      const c = await reg.store.load(id);
      if (!c) throw notFound(reg.workflow.label);
      const now = opts.now ?? new Date();
      const files = await attachments.attach(actor, opts.attachments ?? [], {
        kind,
        id,
        regionPath: c.regionPath,
      });
      const summary = await clocks.onEnter(reg, c, c.state, now);
      if (summary) await reg.store.mark(id, { dueAt: summary.dueAt, overdue: summary.overdue ?? false });
      await repo.appendTimeline({
        caseKind: kind,
        caseId: id,
        regionPath: c.regionPath,
        actorId: actor.userId,
        actorName: await nameOf(actor),
        actorRole: actor.roles[0] ?? 'unknown',
        action: 'open',
        fromState: null,
        toState: c.state,
        comment: opts.comment ?? null,
        attachments: files,
        data: opts.data ?? {},
        occurredAt: now,
      });
      await audit.record({
        action: `${kind}.open`,
        objectType: kind,
        objectId: id,
        diff: { state: c.state },
      });
      const { ref, title } = describe(reg, c);
      await notifyAll(
        reg,
        c,
        (reg.workflow.onOpen ?? []).map((n) => ({ ...n, type: n.type ?? 'case.opened' })),
        {
          kind: reg.workflow.label,
          ref,
          title,
          actor: await nameOf(actor),
          state: stateLabel(reg, c.state),
          comment: opts.comment ?? '',
        },
        actor.userId,
      );
      await publish(reg, c, 'open');
      return (await reg.store.load(id))!;
    });
  }

  /** The deadlines `openMany` will give these new cases (see case-clocks `plannedDueAt`), in order. */
  function plannedDueAt(kind: string, items: readonly { record: CaseRecord; now: Date }[]) {
    return clocks.plannedDueAt(
      kindOf(kind),
      items.map((i) => ({ c: i.record, now: i.now })),
    );
  }

  /**
   * `open` for many new cases of one kind at once, inside the caller's transaction (a batch of intakes):
   * the clocks of the initial state are planned in memory (a new case has none) and each kind of row —
   * clocks, timer jobs, deadlines, timeline entries, audit entries, live events — is written in one
   * statement for the whole batch. Every case keeps its own actor, comment, data and time. Uploads are
   * not taken here: a case with photos goes through `open`. Answers the cases whose rows it updated (their
   * deadline was not written with them), so a caller holding the rows knows which to read again.
   */
  async function openMany(
    kind: string,
    items: readonly {
      actor: Actor;
      record: CaseRecord;
      comment?: string | null;
      data?: Record<string, unknown>;
      now: Date;
    }[],
  ): Promise<{ updated: number[] }> {
    if (!items.length) return { updated: [] };
    const reg = kindOf(kind);
    const summaries = await clocks.openMany(
      reg,
      items.map((i) => ({ c: i.record, now: i.now })),
    );
    // Rows written with their deadline already (plannedDueAt) need no update: each update of a case row
    // is a new version of it in every one of its indexes.
    const records = new Map(items.map((i) => [i.record.id, i.record]));
    const marks = [...summaries]
      .map(([id, s]) => ({ id, dueAt: s.dueAt, overdue: s.overdue ?? false }))
      .filter((m) => {
        const r = records.get(m.id);
        return !r || r.overdue !== m.overdue || (r.dueAt?.getTime() ?? null) !== (m.dueAt?.getTime() ?? null);
      });
    await reg.store.markMany(marks);
    const timeline: repo.NewTimelineRow[] = [];
    for (const i of items)
      timeline.push({
        caseKind: kind,
        caseId: i.record.id,
        regionPath: i.record.regionPath,
        actorId: i.actor.userId,
        actorName: await nameOf(i.actor),
        actorRole: i.actor.roles[0] ?? 'unknown',
        action: 'open',
        fromState: null,
        toState: i.record.state,
        comment: i.comment ?? null,
        attachments: [],
        data: i.data ?? {},
        occurredAt: i.now,
      });
    await repo.appendTimelines(timeline);
    await audit.recordManyAs(
      items.map((i) => ({
        actor: i.actor,
        entry: {
          action: `${kind}.open`,
          objectType: kind,
          objectId: i.record.id,
          diff: { state: i.record.state },
        },
      })),
    );
    const onOpen = reg.workflow.onOpen ?? [];
    if (onOpen.length)
      for (const i of items) {
        const { ref, title } = describe(reg, i.record);
        await notifyAll(
          reg,
          i.record,
          onOpen.map((n) => ({ ...n, type: n.type ?? 'case.opened' })),
          {
            kind: reg.workflow.label,
            ref,
            title,
            actor: await nameOf(i.actor),
            state: stateLabel(reg, i.record.state),
            comment: i.comment ?? '',
          },
          i.actor.userId,
        );
      }
    await live.publishMany(
      items.map((i) => ({
        type: 'case' as const,
        kind,
        id: i.record.id,
        regionPath: i.record.regionPath,
        state: i.record.state,
        version: i.record.version,
        action: 'open',
        reporterId: i.record.reporterId,
        at: new Date().toISOString(),
      })),
    );
    return { updated: marks.map((m) => m.id) };
  }

  async function apply(
    actor: Actor,
    kind: string,
    id: number,
    input: ApplyInput,
    opts: { changes?: CaseChanges; now?: Date } = {},
  ) {
    const reg = kindOf(kind);
    const def = reg.workflow;
    return transaction(db, actor, async () => {
      const c = await reg.store.load(id);
      if (!c || !canRead(reg, c, actor)) throw notFound(def.label);
      if (input.version !== undefined && input.version !== c.version)
        throw new AppError('CASE_CONFLICT', { state: stateLabel(reg, c.state) });
      const check = checkTransition(def, factsOf(reg, c), actorFacts(actor), input);
      if (!check.ok) {
        if (check.reason === 'unknownAction')
          throw new AppError('CASE_ACTION_UNKNOWN', { kind: def.label, action: input.action });
        if (check.reason === 'wrongState')
          throw new AppError('CASE_ACTION_WRONG_STATE', { state: check.state, action: check.action });
        if (check.reason === 'forbidden') throw new AppError('FORBIDDEN');
        if (check.reason === 'guard') throw new AppError('CASE_GUARD', { reason: check.message });
        throw check.error;
      }
      const t = check.transition;
      const now = opts.now ?? new Date();
      const moduleChanges =
        (await reg.onTransition?.({
          workflow: def,
          transition: t,
          input,
          case: c,
          actor,
          to: check.to,
          now,
        })) ?? {};
      const changes: CaseChanges = { ...moduleChanges, ...(opts.changes ?? {}), state: check.to };
      if (def.states[check.to]?.final && !def.states[c.state]?.final) changes.closedAt = now;
      // Claim the row first (version check): a concurrent transition on the same case waits here and
      // then finds the version moved on.
      const updated = await reg.store.update(id, c.version, changes);
      if (!updated) {
        const again = await reg.store.load(id);
        throw again
          ? new AppError('CASE_CONFLICT', { state: stateLabel(reg, again.state) })
          : notFound(def.label);
      }
      const summary = await clocks.onEnter(reg, updated, check.to, now);
      if (summary)
        await reg.store.mark(id, {
          dueAt: summary.dueAt,
          ...(summary.overdue === undefined ? {} : { overdue: summary.overdue }),
        });
      const files = await attachments.attach(actor, input.attachments ?? [], {
        kind,
        id,
        regionPath: updated.regionPath,
      });
      const entry = await repo.appendTimeline({
        caseKind: kind,
        caseId: id,
        regionPath: updated.regionPath,
        actorId: actor.userId,
        actorName: await nameOf(actor),
        actorRole: roleUsed(t, actor),
        action: t.action,
        fromState: c.state,
        toState: check.to,
        comment: input.comment?.trim() || null,
        attachments: files,
        data: { ...(input.fields ?? {}) },
        occurredAt: now,
      });
      await reg.afterTransition?.({
        workflow: def,
        transition: t,
        input,
        case: c,
        actor,
        to: check.to,
        now,
        updated,
      });
      await audit.record({
        action: `${kind}.${t.action}`,
        objectType: kind,
        objectId: id,
        diff: { state: [c.state, check.to], ...(input.fields ?? {}) },
      });
      const { ref, title } = describe(reg, updated);
      await notifyAll(
        reg,
        updated,
        t.notify ?? [],
        {
          kind: def.label,
          ref,
          title,
          action: t.label,
          actor: await nameOf(actor),
          state: stateLabel(reg, check.to),
          comment: input.comment?.trim() ?? '',
        },
        actor.userId,
      );
      await publish(reg, updated, t.action);
      const final = (await reg.store.load(id)) ?? updated;
      return { case: final, entry };
    });
  }

  /** 延期: moves a live clock's deadline (call inside the module's transaction, e.g. on approval). */
  async function extendClock(
    actor: Actor,
    kind: string,
    id: number,
    clock: string,
    by: Duration,
    comment?: string,
    opts: { now?: Date } = {},
  ) {
    const reg = kindOf(kind);
    return transaction(db, actor, async () => {
      const c = await reg.store.load(id);
      if (!c) throw notFound(reg.workflow.label);
      const now = opts.now ?? new Date();
      const row = await clocks.extend(reg, c, clock, by, now);
      if (!row) return null;
      const latest = await repo.latestClocksForUpdate(kind, id);
      const s = clocks.summarise(latest);
      await reg.store.mark(id, { dueAt: s.dueAt, overdue: s.overdue ?? false });
      await repo.appendTimeline({
        caseKind: kind,
        caseId: id,
        regionPath: c.regionPath,
        actorId: actor.userId,
        actorName: await nameOf(actor),
        actorRole: actor.roles[0] ?? 'unknown',
        action: 'extendClock',
        fromState: c.state,
        toState: c.state,
        comment: comment ?? null,
        attachments: [],
        data: { clock, by, dueAt: row.dueAt.toISOString() },
        occurredAt: now,
      });
      await reg.onClockExtended?.({ case: c, clock, by, actor, now });
      await publish(reg, c, 'extendClock');
      return row;
    });
  }

  /** The clocks of a case as a page shows them (remaining time in counting ms, deadline, overdue). */
  async function clockViews(reg: CaseKindRegistration, c: CaseRecord) {
    const cal = await calendar.calendar();
    const now = new Date();
    return (await repo.clocksOf(reg.workflow.kind, c.id)).map((r) => {
      const def = reg.workflow.clocks?.find((x) => x.name === r.name);
      return {
        id: r.id,
        name: r.name,
        label: def?.label ?? { zh: r.name, en: r.name },
        status: r.status,
        basis: r.basis,
        limit: r.limit,
        startedAt: r.startedAt.toISOString(),
        dueAt: r.dueAt.toISOString(),
        remainingMs: remainingAt(cal, toState(r), now),
        budgetMs: r.budgetMs,
        warnedAt: r.warnedAt?.toISOString() ?? null,
        overdueAt: r.overdueAt?.toISOString() ?? null,
        escalationStep: r.escalationStep,
        stoppedAt: r.stoppedAt?.toISOString() ?? null,
      };
    });
  }

  /** What a case page needs from the engine: state label, allowed actions, clocks. */
  async function engineView(actor: Actor, reg: CaseKindRegistration, c: CaseRecord) {
    return {
      kind: reg.workflow.kind,
      state: c.state,
      stateLabel: stateLabel(reg, c.state),
      final: reg.workflow.states[c.state]?.final === true,
      version: c.version,
      actions: availableActions(reg.workflow, factsOf(reg, c), actorFacts(actor)),
      clocks: await clockViews(reg, c),
    };
  }

  const timers = registerClockTimers({
    db,
    jobs,
    calendar,
    registry,
    notifyAll,
    describe,
    publish,
    stateLabel,
    apply,
  });

  return {
    register(reg: CaseKindRegistration) {
      registry.register(reg);
      live.setReadPermission(reg.workflow.kind, reg.workflow.readPermission);
    },
    workflows: () => registry.all().map((r) => r.workflow),
    open,
    openMany,
    plannedDueAt,
    apply,
    extendClock,
    timers,
    /** Engine facts for a case row the module already loaded (in the actor's transaction or a new one). */
    describeFor: (actor: Actor, kind: string, c: CaseRecord) =>
      transaction(db, actor, () => engineView(actor, kindOf(kind), c)),
    /** The case's standard facts, actions and clocks; 404 out of scope. */
    get: (actor: Actor, kind: string, id: number) => {
      const reg = kindOf(kind);
      return transaction(db, actor, async () => {
        const c = await loadReadable(actor, reg, id);
        return { record: c, ...describe(reg, c), ...(await engineView(actor, reg, c)) };
      });
    },
    /**
     * The case's timeline with labels and files; 404 out of scope. `loaded`: the record this transaction
     * already read (from `get`), so it is not read again; it is still checked as readable.
     */
    timeline: (actor: Actor, kind: string, id: number, loaded?: CaseRecord) => {
      const reg = kindOf(kind);
      return transaction(db, actor, async () => {
        if (loaded?.id === id) {
          if (!canRead(reg, loaded, actor)) throw notFound(reg.workflow.label);
        } else await loadReadable(actor, reg, id);
        const entries = await repo.timelineOf(kind, id);
        const files = await attachments.describe(
          actor,
          entries.flatMap((e) => e.attachments),
        );
        const byId = new Map(files.map((f) => [f.id, f]));
        return entries.map((e) => {
          const t = reg.workflow.transitions.find((x) => x.action === e.action);
          return {
            ...e,
            actionLabel: t?.label ?? ENGINE_ACTIONS[e.action] ?? { zh: e.action, en: e.action },
            fromLabel: e.fromState ? stateLabel(reg, e.fromState) : null,
            toLabel: stateLabel(reg, e.toState),
            files: e.attachments.map((a) => byId.get(a)).filter((f) => f !== undefined),
          };
        });
      });
    },
    /** For tests and tools: the system acting. */
    system: SYSTEM_ACTOR,
  };
}

export type CasesService = ReturnType<typeof createCasesService>;
