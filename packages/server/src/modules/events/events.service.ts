import { randomInt } from 'node:crypto';
import {
  type CounterKey,
  computeRates,
  EVENT_CATEGORY_SEEDS,
  EVENT_OPEN_STATES,
  EVENT_WORKFLOW,
  type EventCounters,
  emptyCounters,
  maskPhone,
  type RoutingRule,
  route,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { createGroupCommit } from '../../db/group-commit';
import { cachedValue } from '../../db/single-flight';
import { AppError, notFound } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import type { CaseRecord } from '../cases/case-store.repo';
import type { CasesService } from '../cases/cases.service';
import type { TransitionContext } from '../cases/registry';
import type { TerritoryService } from '../territory/territory.service';
import * as repo from './events.repo';

/**
 * Folds the rollup deltas (migration 0018). Reads fold first anyway, so the cadence only bounds the backlog a
 * read may have to fold. Every 5 s on both engines: a fold's cost grows more slowly than its deltas (900 deltas
 * ~300 ms, 4,600 deltas ~760 ms: the district's, towns' and communities' cube rows are the same ones), and
 * folding every second cost PostgreSQL a third of its time at 750 intakes/s (pg_stat_user_functions: 5.2 s of
 * a 20 s run; 3.1 s folding every 5 s). On PGlite a fold holds the one connection and intake waits for it
 * (20 s runs: 256/s folding every second, 318/s every 5 s, 312/s with no workers at all; the price is a p99
 * of about 1 s while a 5 s backlog is folded).
 */
export const FOLD_ROLLUPS_JOB = 'events.rollups.fold';
export const FOLD_ROLLUPS_EVERY_MS = 5000;

export const EVENT_CHANNELS = ['grid', 'app', 'hotline', 'console', 'police110', 'iot', 'open311'] as const;
export type EventChannel = (typeof EVENT_CHANNELS)[number];
/** Channels whose reporter stands on the spot and can take the photo a category demands. */
const PHOTO_CHANNELS: readonly EventChannel[] = ['grid', 'app'];

export interface ReportInput {
  categoryCode: string;
  description: string;
  address?: string | undefined;
  lng: number;
  lat: number;
  channel: EventChannel;
  attachments?: readonly number[] | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  externalRef?: string | undefined;
  urgent?: boolean | undefined;
}

export interface StatsQuery {
  regionPath?: string | undefined;
  from: string;
  to: string;
  groupBy: repo.GroupBy;
  /** With groupBy region: group at this path depth instead of the children of regionPath (cockpit: grids). */
  regionDepth?: number | undefined;
  /** Sum only these counters (the others are 0); the cockpit reads six. */
  counters?: readonly CounterKey[] | undefined;
}

/** 在办: every state before 结案 (closed, awaiting the rating, counts as closed). */
export const OPEN_STATES = Object.entries(EVENT_WORKFLOW.states)
  .filter(([k, v]) => !('final' in v && v.final) && k !== 'closed')
  .map(([k]) => k);

const TRACKING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const MAX_STATS_DAYS = 366;
/** Up to this many places the newest events are merged per place (a setting of the query plan, no rule). */
const RECENT_MERGE_PLACES = 300;
const CACHE_MS = 30_000;
/** Most reports written in one intake transaction (group commit). */
const INTAKE_BATCH = 64;

/** Day in China Standard Time (UTC+8) for rollup keys. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function eventRef(id: number, createdAt: Date): string {
  return `SJ${cstDay(createdAt).replaceAll('-', '')}${String(id).padStart(6, '0')}`;
}

function trackingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return s;
}

/**
 * 事件 on the case engine (issue #4): intake from every channel with grid locate, routing and duplicate
 * suggestions; the closed loop through the engine's transitions; daily rollups bumped in the same
 * transaction as each step, so statistics read counters and never scan events.
 */
export function createEventsService(deps: {
  db: Database;
  audit: AuditService;
  cases: CasesService;
  territory: TerritoryService;
  pii: PiiCipher;
}) {
  const { db, audit, cases, territory, pii } = deps;

  // ---- reference data caches (catalogue, rules, departments): small, read on every intake ----
  // Each is read once per CACHE_MS however many requests find it stale at the same moment.

  const catCache = cachedValue(CACHE_MS, () =>
    transaction(db, SYSTEM_ACTOR, async () => {
      let list = await repo.listCategories();
      if (!list.length) {
        await repo.insertCategories(
          EVENT_CATEGORY_SEEDS.map((c, i) => ({
            code: c.code,
            name: c.name,
            nameEn: c.nameEn,
            parent: c.parent,
            group: c.group,
            limitValue: c.limit.value,
            limitUnit: c.limit.unit,
            limitSource: c.limit.source,
            acceptCondition: c.accept,
            closeCondition: c.close,
            departmentType: c.departmentType,
            photoRequired: c.photoRequired,
            duplicateRadiusM: c.duplicateRadiusM,
            duplicateWindowHours: c.duplicateWindowHours,
            urgent: c.urgent ?? false,
            sort: i,
          })),
        );
        list = await repo.listCategories();
      }
      return list;
    }),
  );
  const ruleCache = cachedValue(CACHE_MS, async (): Promise<RoutingRule[]> => {
    const rows = await transaction(db, SYSTEM_ACTOR, () => repo.listRules());
    return rows.map((r) => ({
      id: r.id,
      priority: r.priority,
      active: r.active,
      regionPath: r.matchPath,
      categoryCodes: r.categoryCodes,
      keywords: r.keywords,
      hoursFrom: r.hoursFrom,
      hoursTo: r.hoursTo,
      departmentId: r.departmentId,
    }));
  });
  const deptCache = cachedValue(CACHE_MS, () => territory.listDepartments(SYSTEM_ACTOR, { active: true }));

  const categories = (): Promise<repo.CategoryRow[]> => catCache.get();
  const rules = (): Promise<RoutingRule[]> => ruleCache.get();
  const departments = () => deptCache.get();

  async function category(code: string): Promise<repo.CategoryRow> {
    const c = (await categories()).find((x) => x.code === code && x.active);
    if (!c) throw new AppError('EVENT_CATEGORY_UNKNOWN', { code });
    return c;
  }

  /** Routing defaults: the category's department (nearest to the event), and the town government (兜底). */
  async function routeFor(cat: repo.CategoryRow, regionPath: string, description: string, at: Date) {
    const depts = await departments();
    const covering = depts
      .filter((d) => regionPath === d.regionPath || regionPath.startsWith(`${d.regionPath}.`))
      .sort((a, b) => b.regionPath.length - a.regionPath.length);
    const categoryDept = covering.find((d) => d.type === cat.departmentType) ?? null;
    const town = covering.find((d) => d.type === 'townGovernment') ?? null;
    return route(
      await rules(),
      { regionPath, categoryCode: cat.code, categoryParent: cat.parent, description, at },
      { categoryDepartmentId: categoryDept?.id ?? null, townDepartmentId: town?.id ?? null },
    );
  }

  async function departmentExists(id: number): Promise<boolean> {
    return (await departments()).some((d) => d.id === id);
  }

  // ---- rollups ----

  const rowOf = (c: CaseRecord) => c.row as repo.EventRow;
  const keyOf = (c: CaseRecord, at: Date, departmentId?: number | null): repo.RollupKey => ({
    regionPath: c.regionPath,
    day: cstDay(at),
    categoryCode: rowOf(c).categoryCode,
    departmentId: departmentId ?? c.assigneeDepartmentId ?? 0,
  });
  const minutes = (from: Date | null, to: Date) =>
    from ? Math.max(0, Math.round((+to - +from) / 60_000)) : 0;

  /** Whether a clock of the case was still within its limit at `now` (read before the transition moves it). */
  async function withinLimit(actor: Actor, id: number, clock: string, now: Date): Promise<boolean> {
    const view = await cases.get(actor, 'event', id);
    const k = view.clocks.filter((x) => x.name === clock).at(-1);
    if (!k) return true;
    if (k.status === 'running') return new Date(k.dueAt) >= now;
    return k.remainingMs >= 0;
  }

  async function deadline(actor: Actor, id: number, clock: string): Promise<Date | null> {
    const view = await cases.get(actor, 'event', id);
    const k = view.clocks.filter((x) => x.name === clock).at(-1);
    return k ? new Date(k.dueAt) : null;
  }

  // Facts computed before a transition (clock checks) and consumed after it, keyed per case version.
  const pending = new Map<string, Partial<EventCounters> & { onTime?: boolean }>();

  async function beforeTransition(ctx: TransitionContext) {
    const { transition: t, case: c, input, now, actor } = ctx;
    const row = rowOf(c);
    const fields = input.fields ?? {};
    switch (t.action) {
      case 'accept':
        pending.set(`${c.id}:${c.version}`, { onTime: await withinLimit(actor, c.id, 'intake', now) });
        return { acceptedAt: now };
      case 'dispatch':
      case 'redispatch':
      case 'reopen': {
        const dep = Number(fields.departmentId);
        if (!(await departmentExists(dep))) throw new AppError('EVENT_DEPARTMENT_UNKNOWN', { id: dep });
        return { assigneeDepartmentId: dep, assigneeUserId: null, dispatchedAt: row.dispatchedAt ?? now };
      }
      case 'sign':
        if (!row.signedAt)
          pending.set(`${c.id}:${c.version}`, { onTime: await withinLimit(actor, c.id, 'sign', now) });
        return { signedAt: row.signedAt ?? now };
      case 'return':
        return {
          assigneeDepartmentId: null,
          assistingDepartmentIds: [],
          returnedCount: row.returnedCount + 1,
        };
      case 'feedback':
        if (!row.handledAt)
          pending.set(`${c.id}:${c.version}`, { onTime: await withinLimit(actor, c.id, 'handling', now) });
        return { handledAt: row.handledAt ?? now, lastNote: input.comment ?? null };
      case 'verifyFail':
        return { reworkCount: row.reworkCount + 1 };
      case 'close':
        pending.set(`${c.id}:${c.version}`, {
          onTime: row.overdueDay === null && (await withinLimit(actor, c.id, 'handling', now)),
        });
        return { finishedAt: now, closedAt: now };
      case 'rate':
        return { satisfaction: String(fields.satisfaction), resolved: fields.resolved === true };
      case 'rateUnsatisfied':
        return { satisfaction: 'unsatisfied', resolved: false, lastNote: input.comment ?? null };
      case 'merge':
        return { mergedInto: Number(fields.intoId) };
      case 'markOverdue': {
        if (row.overdueDay || row.finishedAt) return {};
        // The timer may run late (or in a test, far later): the case went overdue at its deadline.
        const due = await deadline(actor, c.id, 'handling');
        return { overdueDay: cstDay(due ?? now) };
      }
      default:
        return {};
    }
  }

  async function countTransition(ctx: TransitionContext & { updated: CaseRecord }) {
    const { transition: t, case: before, updated, now, input } = ctx;
    const b = rowOf(before);
    const facts = pending.get(`${before.id}:${before.version}`);
    pending.delete(`${before.id}:${before.version}`);
    const onTime = facts?.onTime === true ? 1 : 0;
    const key = keyOf(updated, now);
    switch (t.action) {
      case 'accept':
        return repo.bumpRollup(key, {
          received: 1,
          filed: 1,
          filedOnTime: onTime,
          acceptMinutes: minutes(b.createdAt, now),
        });
      case 'cancel':
        return repo.bumpRollup(key, { received: 1 });
      case 'dispatch':
        if (!b.dispatchedAt) return repo.bumpRollup(key, { dispatched: 1 });
        return;
      case 'return':
        if (b.returnedCount === 0) return repo.bumpRollup(keyOf(before, now), { misdispatched: 1 });
        return;
      case 'sign':
        if (!b.signedAt) return repo.bumpRollup(key, { responded: onTime });
        return;
      case 'feedback':
        if (!b.handledAt)
          return repo.bumpRollup(key, {
            handled: 1,
            handledOnTime: onTime,
            handleMinutes: minutes(b.dispatchedAt, now),
          });
        return;
      case 'verifyFail':
        return repo.bumpRollup(key, { reworked: 1 });
      case 'markOverdue': {
        const day = rowOf(updated).overdueDay;
        if (!b.overdueDay && day) return repo.bumpRollup({ ...key, day }, { dueToClose: 1 });
        return;
      }
      case 'close':
        // 应结案数 counts a case once: on the day it went overdue while open, moved to its closing day.
        if (b.overdueDay) await repo.bumpRollup({ ...key, day: b.overdueDay }, { dueToClose: -1 });
        return repo.bumpRollup(key, { dueToClose: 1, closed: 1, closedOnTime: onTime });
      case 'rate':
        return repo.bumpRollup(key, {
          rated: 1,
          satisfied: 1,
          resolvedRated: input.fields?.resolved === true ? 1 : 0,
        });
      case 'rateUnsatisfied':
        return repo.bumpRollup(key, { rated: 1 });
      default:
        return;
    }
  }

  cases.register({
    workflow: EVENT_WORKFLOW,
    store: repo.eventStore,
    describe: (c) => ({ ref: eventRef(c.id, c.createdAt), title: rowOf(c).description.slice(0, 40) }),
    facts: (c) => ({
      categoryCode: rowOf(c).categoryCode,
      limitValue: rowOf(c).limitValue,
      limitUnit: rowOf(c).limitUnit,
      channel: rowOf(c).channel,
    }),
    onTransition: beforeTransition,
    afterTransition: countTransition,
    onClockExtended: async ({ case: c, clock, now }) => {
      if (clock === 'handling') await repo.bumpRollup(keyOf(c, now), { extended: 1 });
    },
  });

  // ---- intake ----

  /** A report checked and placed (category, grid, scope, photo rule, routing), ready to be written. */
  interface Prepared {
    actor: Actor;
    input: ReportInput;
    now: Date;
    cat: repo.CategoryRow;
    gridId: number;
    path: string;
    routing: Awaited<ReturnType<typeof routeFor>>;
  }
  type ReportResult = { event: repo.EventRow; duplicates: repo.DuplicateRow[]; created: boolean };

  /** Everything that can refuse a report, before any write (so a refused report never joins a batch). */
  async function prepare(actor: Actor, input: ReportInput, now: Date): Promise<Prepared> {
    const cat = await category(input.categoryCode);
    const chain = await territory.locate(input.lng, input.lat);
    const spot = chain?.at(-1);
    if (!spot) throw new AppError('EVENT_OUTSIDE_DISTRICT', { lng: input.lng, lat: input.lat });
    const path = spot.regionPath;
    if (actor.scopePath !== '*' && path !== actor.scopePath && !path.startsWith(`${actor.scopePath}.`))
      throw new AppError('EVENT_OUTSIDE_AREA');
    const attachments = input.attachments ?? [];
    if (cat.photoRequired && PHOTO_CHANNELS.includes(input.channel) && attachments.length === 0)
      throw new AppError('EVENT_PHOTO_REQUIRED', { category: cat.name });
    const routing = await routeFor(cat, path, input.description, now);
    return { actor, input, now, cat, gridId: spot.id, path, routing };
  }

  function newRow(p: Prepared): repo.NewEventRow {
    const { input, cat, now, actor, routing } = p;
    const phone = input.reporterPhone?.trim() || null;
    return {
      state: EVENT_WORKFLOW.initial,
      regionPath: p.path,
      reporterId: actor.userId,
      createdAt: now,
      updatedAt: now,
      categoryCode: cat.code,
      description: input.description,
      address: input.address ?? '',
      lng: input.lng,
      lat: input.lat,
      gridId: p.gridId,
      channel: input.channel,
      urgent: input.urgent ?? cat.urgent,
      limitValue: cat.limitValue,
      limitUnit: cat.limitUnit,
      reporterName: input.reporterName ?? null,
      reporterPhoneEnc: phone ? pii.encrypt(phone) : null,
      reporterPhoneMasked: phone ? maskPhone(phone) : null,
      reporterPhoneIndex: phone ? pii.blindIndex(phone, 'event.phone') : null,
      trackingCode: actor.userId === null || input.channel !== 'grid' ? trackingCode() : null,
      externalRef: input.externalRef ?? null,
      routedDepartmentId: routing.departmentId,
      routedBy: routing.by,
      routedRuleId: routing.ruleId,
    };
  }

  const openData = (p: Prepared) => ({
    channel: p.input.channel,
    categoryCode: p.cat.code,
    routedDepartmentId: p.routing.departmentId,
  });
  const reportedKey = (p: Prepared): repo.RollupKey => ({
    regionPath: p.path,
    day: cstDay(p.now),
    categoryCode: p.cat.code,
    departmentId: 0,
  });
  const duplicateQuery = (p: Prepared, id: number): repo.DuplicateQuery => ({
    id,
    categoryCode: p.cat.code,
    description: p.input.description,
    lng: p.input.lng,
    lat: p.input.lat,
    radiusM: p.cat.duplicateRadiusM,
    since: new Date(+p.now - p.cat.duplicateWindowHours * 3_600_000),
    states: EVENT_OPEN_STATES,
  });

  /** A new row as the engine sees a case before it is inserted (for planning its clocks). */
  const draftRecord = (r: repo.NewEventRow): CaseRecord => ({
    id: 0,
    state: r.state ?? EVENT_WORKFLOW.initial,
    version: 1,
    regionPath: r.regionPath,
    reporterId: r.reporterId ?? null,
    assigneeUserId: null,
    assigneeDepartmentId: null,
    dueAt: null,
    overdue: false,
    createdAt: r.createdAt ?? new Date(),
    closedAt: null,
    row: r as Record<string, unknown>,
  });

  /** One report in its own transaction (or the caller's): the path for photos and for a batch's fallback. */
  async function writeOne(p: Prepared): Promise<ReportResult> {
    const { actor, input, now } = p;
    return transaction(db, actor, async () => {
      if (input.externalRef) {
        const seen = await repo.eventByExternal(input.channel, input.externalRef);
        if (seen) return { event: seen, duplicates: [], created: false };
      }
      const row = await repo.insertEvent(newRow(p));
      await cases.open(actor, 'event', row.id, {
        comment: input.description,
        attachments: input.attachments ?? [],
        data: openData(p),
        now,
      });
      await repo.bumpRollup(reportedKey(p), { reported: 1 });
      const duplicates = await repo.duplicateCandidates(duplicateQuery(p, row.id));
      const saved = (await repo.eventById(row.id)) ?? row;
      return { event: saved, duplicates, created: true };
    });
  }

  /**
   * Many reports of one actor in one transaction (group commit): events, timeline entries, clocks, timer
   * jobs, deadlines, audit entries, live events and rollups each in one statement, one duplicate search
   * for all. Answers come back in the order of `list`; a retried `externalRef` answers the event filed
   * before (also when the same reference comes twice in one batch).
   */
  async function writeMany(list: Prepared[]): Promise<ReportResult[]> {
    const actor = list[0]!.actor;
    return transaction(
      db,
      actor,
      async () => {
        const refKey = (p: Prepared) =>
          p.input.externalRef ? `${p.input.channel}\u0000${p.input.externalRef}` : null;
        const seen = new Map<string, repo.EventRow>();
        const refs = list.filter((p) => p.input.externalRef);
        if (refs.length)
          for (const e of await repo.eventsByExternal(
            refs.map((p) => ({ channel: p.input.channel, ref: p.input.externalRef! })),
          ))
            seen.set(`${e.channel}\u0000${e.externalRef}`, e);
        // Which items create an event (the first of each new reference); the others answer an earlier one.
        const fresh: Prepared[] = [];
        const firstOfRef = new Map<string, Prepared>();
        for (const p of list) {
          const k = refKey(p);
          if (k && (seen.has(k) || firstOfRef.has(k))) continue;
          if (k) firstOfRef.set(k, p);
          fresh.push(p);
        }
        // Each row goes in with the deadline opening will give it, so the engine need not update it.
        const news = fresh.map(newRow);
        const due = await cases.plannedDueAt(
          'event',
          news.map((r, i) => ({ record: draftRecord(r), now: fresh[i]!.now })),
        );
        const inserted = await repo.insertEvents(news.map((r, i) => ({ ...r, dueAt: due[i] ?? null })));
        const idOf = new Map<Prepared, number>(fresh.map((p, i) => [p, inserted[i]!.id]));
        const records = new Map(inserted.map((r) => [r.id, repo.eventStore.record(r)]));
        const { updated } = await cases.openMany(
          'event',
          fresh.map((p) => ({
            actor: p.actor,
            record: records.get(idOf.get(p)!)!,
            comment: p.input.description,
            data: openData(p),
            now: p.now,
          })),
        );
        const dups = await repo.duplicateCandidatesMany(fresh.map((p) => duplicateQuery(p, idOf.get(p)!)));
        // The rows as inserted, but those the engine updated after all (a deadline it planned otherwise).
        const saved = new Map([...records.values()].map((c) => [c.id, c.row as repo.EventRow]));
        for (const e of await repo.eventsByIds(updated)) saved.set(e.id, e);
        // The rollup deltas are appended (folded later, migration 0018); the district's 在办 counters, which
        // every report touches, go last, just before commit, so that a concurrent batch waits for their row
        // locks for one statement, not a whole transaction.
        await repo.bumpRollups(fresh.map((p) => ({ key: reportedKey(p), delta: { reported: 1 } })));
        await repo.foldOpenCountsLate([...idOf.values()]);
        for (const [k, p] of firstOfRef) seen.set(k, saved.get(idOf.get(p)!)!);
        return list.map((p) => {
          const id = idOf.get(p);
          if (id !== undefined)
            return { event: saved.get(id)!, duplicates: dups.get(id) ?? [], created: true };
          return { event: seen.get(refKey(p)!)!, duplicates: [], created: false };
        });
      },
      // The shared 在办 counters are folded last, just before commit (see repo.foldOpenCountsLate). The writes
      // nothing here reads back (timeline, audit, timers, live events, rollup deltas, those counters) go in
      // one statement at the end (write-behind): 12 round trips a batch became 7 (6 on PostgreSQL, whose BEGIN
      // carries the scope).
      { settings: repo.DEFER_OPEN_COUNTS, writeBehind: true },
    );
  }

  // Concurrent reports are written in batches (group commit); PGlite has one connection, PostgreSQL a pool.
  const intake = createGroupCommit<Prepared, ReportResult>({
    keyOf: (p) => `${p.actor.userId ?? 0}|${p.actor.scopePath}`,
    runBatch: writeMany,
    runOne: writeOne,
    maxBatch: INTAKE_BATCH,
    // Two batches overlap on PostgreSQL now that the shared counters are written last (migration 0017):
    // 1 → 2 took the benchmark from ~490 to ~690/s; 3 measured no better on 2 cores.
    parallel: db.engine === 'pglite' ? 1 : 2,
  });

  /**
   * Files a report. Outside a transaction it joins the intake batch; inside one (an `Idempotency-Key`
   * request, another module's step) and with uploads (their grant lives in the caller's context) it is
   * written on its own, in that transaction.
   */
  async function report(actor: Actor, input: ReportInput, opts: { now?: Date } = {}): Promise<ReportResult> {
    const p = await prepare(actor, input, opts.now ?? new Date());
    if (inTransaction() || (input.attachments?.length ?? 0) > 0) return writeOne(p);
    return intake.submit(p);
  }

  // ---- the loop helpers the routes use ----

  /** 派遣 with a lead department and assisting ones (the engine's dispatch plus the assisting list). */
  async function dispatch(
    actor: Actor,
    id: number,
    input: { departmentId: number; assisting?: number[]; comment?: string; version?: number },
    opts: { now?: Date; action?: 'dispatch' | 'redispatch' | 'reopen' } = {},
  ) {
    return transaction(db, actor, async () => {
      const assisting = [...new Set(input.assisting ?? [])].filter((d) => d !== input.departmentId);
      for (const d of assisting)
        if (!(await departmentExists(d))) throw new AppError('EVENT_DEPARTMENT_UNKNOWN', { id: d });
      return cases.apply(
        actor,
        'event',
        id,
        {
          action: opts.action ?? 'dispatch',
          comment: input.comment,
          fields: { departmentId: input.departmentId },
          ...(input.version === undefined ? {} : { version: input.version }),
        },
        { changes: { assistingDepartmentIds: assisting }, ...(opts.now ? { now: opts.now } : {}) },
      );
    });
  }

  async function get(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const row = await repo.eventById(id);
      if (!row) throw notFound(EVENT_WORKFLOW.label);
      return row;
    });
  }

  // ---- statistics ----

  /** A region filter must overlap the actor's scope: a disjoint one is a 404, as for any unseen object. */
  function checkRegion(actor: Actor, path: string | undefined) {
    if (!path || actor.scopePath === '*') return;
    const s = actor.scopePath;
    if (path === s || path.startsWith(`${s}.`) || s.startsWith(`${path}.`)) return;
    throw notFound({ zh: '区域', en: 'Region' });
  }

  async function stats(actor: Actor, q: StatsQuery) {
    checkRegion(actor, q.regionPath);
    const days = (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000;
    if (!(days >= 0 && days < MAX_STATS_DAYS))
      throw new AppError('EVENT_STATS_RANGE', { max: MAX_STATS_DAYS });
    // Without a region, group under the actor's own scope (a town user sees its communities).
    const under = q.regionPath ?? (actor.scopePath && actor.scopePath !== '*' ? actor.scopePath : null);
    const groups = await transaction(db, actor, () =>
      repo.sumRollups(under, q.from, q.to, q.groupBy, q.regionDepth, q.counters),
    );
    const labels = await groupLabels(
      q.groupBy,
      groups.map((g) => g.key),
    );
    let total = emptyCounters();
    const rows = groups.map((g) => {
      for (const k of Object.keys(total) as (keyof EventCounters)[]) total[k] += g.counters[k];
      return {
        key: g.key,
        label: labels.get(g.key) ?? g.key,
        counters: g.counters,
        rates: computeRates(g.counters),
      };
    });
    total = { ...total };
    return {
      from: q.from,
      to: q.to,
      groupBy: q.groupBy,
      rows,
      total: { counters: total, rates: computeRates(total) },
    };
  }

  async function groupLabels(groupBy: repo.GroupBy, keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (groupBy === 'category') for (const c of await categories()) out.set(c.code, c.name);
    if (groupBy === 'department') {
      out.set('0', '未派遣');
      for (const d of await departments()) out.set(String(d.id), d.shortName);
    }
    if (groupBy === 'region') {
      const dir = await territory.dir();
      const wanted = new Set(keys);
      for (const r of dir.byId.values()) if (wanted.has(r.regionPath)) out.set(r.regionPath, r.name);
    }
    return out;
  }

  /**
   * A region's totals over several periods and its open counts now, in one statement (the cockpit's
   * summary: the period and today). The region must overlap the actor's scope, as for `stats`.
   */
  async function periodTotals(
    actor: Actor,
    q: {
      regionPath: string;
      periods: readonly { from: string; to: string }[];
      counters?: readonly CounterKey[] | undefined;
    },
  ) {
    checkRegion(actor, q.regionPath);
    for (const p of q.periods) {
      const days = (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000;
      if (!(days >= 0 && days < MAX_STATS_DAYS))
        throw new AppError('EVENT_STATS_RANGE', { max: MAX_STATS_DAYS });
    }
    return transaction(db, actor, () => repo.periodTotals(q.regionPath, q.periods, q.counters));
  }

  /** Open events now and how many are overdue (the cockpit's 在办/超期), by region, department or in total. */
  async function openCounts(
    actor: Actor,
    q: { regionPath?: string | undefined; groupBy: 'region' | 'department' | 'total'; regionDepth?: number },
  ) {
    return transaction(db, actor, () => repo.openCounts(q.regionPath ?? null, q.groupBy, q.regionDepth));
  }

  async function recent(actor: Actor, q: { regionPath?: string | undefined; limit: number }) {
    checkRegion(actor, q.regionPath);
    // Events lie at their deepest region (grid_id): the places under the region asked about. A region of
    // a few hundred places (a town, a community, a grid) merges their newest rows; a district's newest
    // rows are simply the table's newest.
    const dir = q.regionPath ? await territory.dir() : null;
    let places: number[] | undefined = dir
      ? [...dir.byId.values()]
          .filter((r) => r.regionPath === q.regionPath || r.regionPath.startsWith(`${q.regionPath}.`))
          .map((r) => r.id)
      : undefined;
    if (places && places.length > RECENT_MERGE_PLACES) places = undefined;
    return transaction(db, actor, () =>
      repo.recentEvents(q.regionPath ?? null, Math.min(Math.max(q.limit, 1), 200), places),
    );
  }

  // ---- for the disputes module ----

  /** What a dispute needs to start from an event; 404 when out of the actor's scope. */
  async function getForLink(actor: Actor, eventId: number) {
    return transaction(db, actor, async () => {
      const r = await repo.eventById(eventId);
      if (!r) throw notFound(EVENT_WORKFLOW.label);
      const phone = r.reporterPhoneEnc ? pii.decrypt(r.reporterPhoneEnc) : null;
      if (phone)
        await audit.record({
          action: 'event.pii.read',
          objectType: 'event',
          objectId: r.id,
          diff: { for: 'link' },
        });
      return {
        id: r.id,
        ref: eventRef(r.id, r.createdAt),
        categoryCode: r.categoryCode,
        description: r.description,
        address: r.address,
        lng: r.lng,
        lat: r.lat,
        regionPath: r.regionPath,
        reporterName: r.reporterName,
        reporterPhone: phone,
      };
    });
  }

  /**
   * Records that the event became a case of another kind (a dispute): the link is kept on the event and,
   * if the event is still open, it ends as 已转办 with the other case's number in the timeline.
   */
  async function markTransferred(
    actor: Actor,
    eventId: number,
    link: { kind: 'dispute'; id: number; ref: string },
  ) {
    return transaction(db, actor, async () => {
      const r = await repo.eventById(eventId);
      if (!r) throw notFound(EVENT_WORKFLOW.label);
      await repo.setEventColumns(eventId, { linkKind: link.kind, linkId: link.id, linkRef: link.ref });
      const final = EVENT_WORKFLOW.states[r.state as keyof typeof EVENT_WORKFLOW.states]?.final === true;
      if (!final)
        await cases.apply(actor, 'event', eventId, {
          action: 'transfer',
          comment: `已转为矛盾纠纷案件 ${link.ref}`,
        });
      const after = (await repo.eventById(eventId))!;
      return {
        id: after.id,
        state: after.state,
        linkKind: after.linkKind,
        linkId: after.linkId,
        linkRef: after.linkRef,
      };
    });
  }

  /** Category and department names for presenting events. */
  async function labels() {
    return {
      categories: new Map((await categories()).map((c) => [c.code, { name: c.name, nameEn: c.nameEn }])),
      departments: new Map((await departments()).map((d) => [d.id, d.shortName])),
    };
  }

  /**
   * Open events like this one (same category, nearby, recent, similar text), for the detail drawer.
   * `loaded`: the event row this transaction already read, so it is not read again.
   */
  async function duplicatesOf(actor: Actor, id: number, loaded?: repo.EventRow) {
    return transaction(db, actor, async () => {
      const ev = loaded?.id === id ? loaded : await repo.eventById(id);
      if (!ev) throw notFound(EVENT_WORKFLOW.label);
      if (!(EVENT_OPEN_STATES as readonly string[]).includes(ev.state)) return [];
      const cat = (await categories()).find((c) => c.code === ev.categoryCode);
      return repo.duplicateCandidates({
        id: ev.id,
        categoryCode: ev.categoryCode,
        description: ev.description,
        lng: ev.lng,
        lat: ev.lat,
        radiusM: cat?.duplicateRadiusM ?? 100,
        since: new Date(+ev.createdAt - (cat?.duplicateWindowHours ?? 72) * 3_600_000),
        states: EVENT_OPEN_STATES,
      });
    });
  }

  /**
   * A report from someone without an account (resident phone page, Open311): filed by the system in the
   * located region; the phone number (encrypted) and the tracking code are the resident's way back.
   */
  async function reportPublic(
    input: Omit<ReportInput, 'channel' | 'attachments' | 'externalRef'>,
    channel: 'app' | 'open311' = 'app',
  ) {
    return report(SYSTEM_ACTOR, { ...input, channel });
  }

  return {
    report,
    /** Runs `fn` in one transaction as `actor`: the service calls inside join it (a page's several reads). */
    reading: <T>(actor: Actor, fn: () => Promise<T>) => transaction(db, actor, fn),
    /** How the intake batches went (batches, items, largest, fallbacks), for tests and diagnostics. */
    intakeStats: () => intake.stats(),
    /** Adds the pending rollup deltas to the rollups and the cube (job FOLD_ROLLUPS_JOB; reads fold too). */
    foldRollups: () => transaction(db, SYSTEM_ACTOR, () => repo.foldRollups()),
    reportPublic,
    labels,
    duplicatesOf,
    phoneIndex: (phone: string) => pii.blindIndex(phone.trim(), 'event.phone'),
    /** The reporter's number, for the outbox at delivery time only (never stored in clear). */
    decryptPhone: (enc: Buffer | Uint8Array) => pii.decrypt(enc),
    /**
     * For the registry's person 360 view: events reported with this phone number, in the actor's scope,
     * newest first (no reporter data in the answer; the lookup is audited when it finds something).
     */
    reportedByPhone: (actor: Actor, phone: string, limit = 50) =>
      transaction(db, actor, async () => {
        const rows = await repo.eventsByReporterPhoneIndex(
          pii.blindIndex(phone.trim(), 'event.phone'),
          Math.min(Math.max(limit, 1), 200),
        );
        if (rows.length)
          await audit.record({
            action: 'event.search',
            objectType: 'event',
            objectId: rows.map((r) => r.id).join(','),
            diff: { by: 'reporterPhone' },
          });
        return rows.map((r) => ({ ...r, ref: eventRef(r.id, r.createdAt) }));
      }),
    /** Open311 lists: public categories only, no scope (no personal data is shown). */
    publicList: (q: repo.PublicListQuery) => transaction(db, SYSTEM_ACTOR, () => repo.publicList(q)),
    byTrackingCode: (code: string) =>
      transaction(db, SYSTEM_ACTOR, () => repo.eventByTracking(code.toUpperCase())),
    dispatch,
    get,
    stats,
    openCounts,
    periodTotals,
    recent,
    getForLink,
    markTransferred,
    categories,
    category,
    /** Adds a routing rule (admin); routing sees it at once in this process, within 30 s elsewhere. */
    addRule: (actor: Actor, rule: Omit<repo.RuleRow, 'id' | 'version' | 'createdAt'>) =>
      transaction(db, actor, async () => {
        const r = await repo.insertRule(rule);
        await audit.record({
          action: 'event.rule.create',
          objectType: 'eventRoutingRule',
          objectId: r.id,
          diff: rule,
        });
        ruleCache.drop();
        return r;
      }),
    routeFor,
    /** Forgets the cached catalogue and rules (after an admin edit), so the next intake reads them. */
    dropCaches: () => {
      catCache.drop();
      ruleCache.drop();
    },
    listRules: () => transaction(db, SYSTEM_ACTOR, () => repo.listRules()),
  };
}

export type EventsService = ReturnType<typeof createEventsService>;
