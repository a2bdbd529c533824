import { createHash, randomBytes } from 'node:crypto';
import {
  EVENT_OPEN_STATES,
  EVENT_WORKFLOW,
  SUPERVISION_LEVELS,
  SUPERVISION_WORKFLOW,
  type SupervisionLevel,
  WHISTLE_WORKFLOW,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import type { CasesService } from '../cases/cases.service';
import type { MessagesService } from '../messages/messages.service';
import type { TerritoryService } from '../territory/territory.service';
import type { UsersService } from '../users/users.service';
import * as repo from './events.repo';
import { type EventsService, eventRef, type ReportInput } from './events.service';
import * as ops from './events-ops.repo';

const INBOX_NEW = ['dispatched'];
const PHONE_RECIPIENT = 'eventReporter';

/**
 * A reporter reached only by phone: a resident without an account or a hotline caller (their event
 * has a tracking code and a number). Account holders who reported in the app hear of it in the app.
 */
const phoneReporter = (e: repo.EventRow) =>
  e.reporterPhoneEnc !== null && e.trackingCode !== null && (e.reporterId === null || e.channel !== 'app');
const INBOX_DOING = ['handling', 'feedback', 'suspended'];

/** Metres between two WGS-84 points (haversine). */
export function distanceM(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLng = (bLng - aLng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
}

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * The dispatcher's and departments' work around events (issue #4): queue and inbox, bulk actions,
 * merging duplicates, 吹哨报到, 督办, the nearest grid worker, API keys for linked systems and the
 * resident's tracking-code follow-up.
 */
export function createEventOpsService(deps: {
  db: Database;
  audit: AuditService;
  cases: CasesService;
  events: EventsService;
  messages: MessagesService;
  territory: TerritoryService;
  users: UsersService;
}) {
  const { db, audit, cases, events, messages, territory, users } = deps;

  cases.register({
    workflow: WHISTLE_WORKFLOW,
    store: ops.whistleStore,
    describe: (c) => ({ ref: `CS${String(c.id).padStart(6, '0')}`, title: String(c.row.note).slice(0, 40) }),
    facts: (c) => ({ limitHours: c.row.limitHours }),
    afterTransition: async ({ transition, updated, actor }) => {
      if (transition.action !== 'report') return;
      // 报到: the department joins the event as an assisting department.
      const w = updated.row as ops.WhistleRow;
      const ev = await repo.eventById(w.eventId);
      if (
        !ev ||
        ev.assistingDepartmentIds.includes(w.departmentId) ||
        ev.assigneeDepartmentId === w.departmentId
      )
        return;
      await repo.setEventColumns(ev.id, {
        assistingDepartmentIds: [...ev.assistingDepartmentIds, w.departmentId],
      });
      if (!EVENT_WORKFLOW.states[ev.state as keyof typeof EVENT_WORKFLOW.states]?.final)
        await cases.apply(actor, 'event', ev.id, {
          action: 'note',
          comment: `吹哨报到：${updated.row.note}`,
        });
    },
  });
  cases.register({
    workflow: SUPERVISION_WORKFLOW,
    store: ops.supervisionStore,
    describe: (c) => ({
      ref: `DB${String(c.id).padStart(6, '0')}`,
      title: `${SUPERVISION_LEVELS[c.row.level as SupervisionLevel]?.zh ?? ''}：${String(c.row.requirement).slice(0, 30)}`,
    }),
    facts: (c) => ({ limitDays: c.row.limitDays, level: c.row.level }),
    onTransition: ({ transition, input }) =>
      transition.action === 'answer' ? { answer: input.comment ?? null } : {},
  });

  // SMS to a resident known only by phone: the outbox names the event; the number is decrypted at delivery.
  messages.registerPhoneResolver(PHONE_RECIPIENT, async (eventId) => {
    const ev = await transaction(db, SYSTEM_ACTOR, () => repo.eventById(eventId));
    return ev?.reporterPhoneEnc ? events.decryptPhone(ev.reporterPhoneEnc) : null;
  });

  async function eventInScope(_actor: Actor, id: number) {
    const ev = await repo.eventById(id);
    if (!ev) throw notFound(EVENT_WORKFLOW.label);
    return ev;
  }

  // ---- queue, inbox ----

  async function queue(actor: Actor, f: ops.QueueFilter) {
    return transaction(db, actor, async () => {
      const rows = await ops.listQueue({ ...f, limit: f.limit + 1 });
      const more = rows.length > f.limit;
      const items = rows.slice(0, f.limit);
      return { items, nextCursor: more ? items.at(-1)!.id : null };
    });
  }

  async function inbox(actor: Actor, tab: 'new' | 'doing' | 'overdue', before?: number, limit = 50) {
    if (actor.departmentId === null) throw new AppError('FORBIDDEN');
    const departmentId = actor.departmentId;
    return transaction(db, actor, async () => {
      const f: ops.QueueFilter =
        tab === 'new'
          ? { departmentId, states: INBOX_NEW, before, limit: limit + 1 }
          : tab === 'doing'
            ? { departmentId, states: INBOX_DOING, before, limit: limit + 1 }
            : { departmentId, overdue: true, states: EVENT_OPEN_STATES, before, limit: limit + 1 };
      const rows = await ops.listQueue(f);
      const items = rows.slice(0, limit);
      const counts = await ops.countByState({ departmentId });
      const sum = (states: string[]) =>
        counts.filter((c) => states.includes(c.state)).reduce((s, c) => s + c.n, 0);
      const orders = await ops.openOrdersFor(departmentId);
      return {
        items,
        nextCursor: rows.length > limit ? items.at(-1)!.id : null,
        counts: {
          new: sum(INBOX_NEW),
          doing: sum(INBOX_DOING),
          overdue: counts
            .filter((c) => c.overdue && (EVENT_OPEN_STATES as string[]).includes(c.state))
            .reduce((s, c) => s + c.n, 0),
        },
        whistles: orders.whistles,
        supervisions: orders.supervisions,
      };
    });
  }

  /** Bulk 受理 / 派遣: each event in its own transaction, so one refusal does not undo the others. */
  async function bulk(
    actor: Actor,
    input: {
      action: 'accept' | 'dispatch';
      ids: number[];
      departmentId?: number | undefined;
      assisting?: number[] | undefined;
    },
  ) {
    // Every id must be visible first: an id out of scope is a 404 for the whole request, nothing done.
    await transaction(db, actor, async () => {
      const seen = new Set((await repo.eventsByIds(input.ids)).map((e) => e.id));
      if (input.ids.some((i) => !seen.has(i))) throw notFound(EVENT_WORKFLOW.label);
    });
    const results: { id: number; ok: boolean; state?: string; error?: { code: string; params?: unknown } }[] =
      [];
    for (const id of input.ids) {
      try {
        const r =
          input.action === 'accept'
            ? await cases.apply(actor, 'event', id, { action: 'accept' })
            : await events.dispatch(actor, id, {
                departmentId: input.departmentId!,
                assisting: input.assisting ?? [],
              });
        results.push({ id, ok: true, state: r.case.state });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        results.push({ id, ok: false, error: { code: e.code, params: e.params } });
      }
    }
    return results;
  }

  // ---- duplicates ----

  /**
   * Merges event `id` into `intoId` (the one kept). Every reporter with an account of the kept event and
   * of everything merged into it hears of it; phone-only reporters see it on their tracking page.
   */
  async function merge(actor: Actor, id: number, intoId: number, comment?: string) {
    return transaction(db, actor, async () => {
      await eventInScope(actor, id);
      if (id === intoId)
        throw new AppError('EVENT_MERGE_INVALID', { reason: { zh: '不能合并到自身', en: 'same event' } });
      const target = await eventInScope(actor, intoId);
      if (!(EVENT_OPEN_STATES as string[]).includes(target.state) || target.mergedInto)
        throw new AppError('EVENT_MERGE_INVALID', {
          reason: { zh: '保留的事件已办结或已合并', en: 'the kept event is finished or merged' },
        });
      const ref = eventRef(target.id, target.createdAt);
      const res = await cases.apply(actor, 'event', id, {
        action: 'merge',
        comment: comment ?? `与 ${ref} 为同一问题，合并办理`,
        fields: { intoId },
      });
      // Residents known only by a phone number (public page, hotline callers) are texted, each with
      // their own tracking code: the merged event's reporter and those merged into it before.
      const texted = [(await repo.eventById(id))!, ...(await repo.mergedInto(id))].filter(phoneReporter);
      for (const e of texted)
        await messages.send({
          type: 'event.merged',
          params: { code: e.trackingCode!, ref },
          channels: ['sms'],
          recipients: [{ kind: PHONE_RECIPIENT, id: e.id }],
          regionPath: target.regionPath,
          case: { kind: 'event', id: intoId },
        });
      const merged = await repo.mergedInto(intoId);
      const reporters = [target.reporterId, ...merged.map((m) => m.reporterId)].filter(
        (u): u is number => u !== null && u !== actor.userId,
      );
      await messages.send({
        type: 'case.transition',
        params: {
          kind: EVENT_WORKFLOW.label,
          ref,
          action: { zh: '合并重复事件', en: 'Duplicates merged' },
          actor: actor.username,
          state: EVENT_WORKFLOW.states[target.state as keyof typeof EVENT_WORKFLOW.states].label,
          comment: `已有 ${merged.length + 1} 位群众反映同一问题，合并为 ${ref} 统一办理。`,
        },
        users: reporters,
        channels: ['inapp'],
        regionPath: target.regionPath,
        case: { kind: 'event', id: intoId },
      });
      return { merged: res.case, into: target, reporters: merged.length + 1, texted: texted.length };
    });
  }

  // ---- 吹哨 and 督办 ----

  async function whistle(
    actor: Actor,
    eventId: number,
    input: { departmentIds: number[]; limitHours: number; note: string },
  ) {
    return transaction(db, actor, async () => {
      const ev = await eventInScope(actor, eventId);
      const known = new Set(
        (await territory.listDepartments(SYSTEM_ACTOR, { active: true })).map((d) => d.id),
      );
      const out: ops.WhistleRow[] = [];
      for (const departmentId of [...new Set(input.departmentIds)]) {
        if (!known.has(departmentId)) throw new AppError('EVENT_DEPARTMENT_UNKNOWN', { id: departmentId });
        const row = await ops.insertWhistle({
          state: WHISTLE_WORKFLOW.initial,
          regionPath: ev.regionPath,
          reporterId: actor.userId,
          assigneeDepartmentId: departmentId,
          eventId,
          departmentId,
          note: input.note,
          limitHours: input.limitHours,
        });
        await cases.open(actor, 'whistle', row.id, {
          comment: input.note,
          data: { eventId, limitHours: input.limitHours },
        });
        out.push(row);
      }
      await cases.apply(actor, 'event', eventId, {
        action: 'note',
        comment: `吹哨：${input.note}（${input.limitHours} 小时内报到）`,
      });
      return out;
    });
  }

  async function supervise(
    actor: Actor,
    eventId: number,
    input: {
      level: SupervisionLevel;
      requirement: string;
      limitDays: number;
      departmentId?: number | undefined;
    },
  ) {
    return transaction(db, actor, async () => {
      const ev = await eventInScope(actor, eventId);
      const departmentId = input.departmentId ?? ev.assigneeDepartmentId;
      if (!departmentId) throw new AppError('EVENT_DEPARTMENT_UNKNOWN', { id: '—' });
      const row = await ops.insertSupervision({
        state: SUPERVISION_WORKFLOW.initial,
        regionPath: ev.regionPath,
        reporterId: actor.userId,
        assigneeDepartmentId: departmentId,
        eventId,
        level: input.level,
        requirement: input.requirement,
        limitDays: input.limitDays,
      });
      await cases.open(actor, 'supervision', row.id, {
        comment: input.requirement,
        data: { eventId, level: input.level, limitDays: input.limitDays },
      });
      await cases.apply(actor, 'event', eventId, {
        action: 'note',
        comment: `${SUPERVISION_LEVELS[input.level].zh}：${input.requirement}（${input.limitDays} 个工作日内书面答复）`,
      });
      return row;
    });
  }

  const ordersOf = (actor: Actor, eventId: number) =>
    transaction(db, actor, async () => {
      await eventInScope(actor, eventId);
      return { whistles: await ops.whistlesOf(eventId), supervisions: await ops.supervisionsOf(eventId) };
    });

  // ---- nearest grid worker ----

  async function reportPosition(
    actor: Actor,
    p: { lng: number; lat: number; accuracyM?: number | undefined },
  ) {
    if (actor.userId === null) throw new AppError('FORBIDDEN');
    const chain = await territory.locate(p.lng, p.lat);
    const path = chain?.at(-1)?.regionPath;
    const inside = path && (path === actor.scopePath || path.startsWith(`${actor.scopePath}.`));
    // Outside their own area the position is still the worker's; it is filed under their own grid.
    const regionPath = inside ? path : actor.scopePath;
    return transaction(db, actor, () =>
      ops.upsertPosition({
        userId: actor.userId!,
        regionPath,
        lng: p.lng,
        lat: p.lat,
        accuracyM: p.accuracyM ?? null,
        at: new Date(),
      }),
    );
  }

  /**
   * Grid workers of the event's grid and of the grids whose boundaries touch it (whatever community or
   * town they belong to), nearest first by their last reported position; those without one come last.
   */
  async function nearestWorkers(actor: Actor, eventId: number) {
    return transaction(db, actor, async () => {
      const ev = await eventInScope(actor, eventId);
      const dir = await territory.dir();
      let grid = dir.byId.get(ev.gridId);
      while (grid && grid.level !== 'grid' && grid.parentId != null) grid = dir.byId.get(grid.parentId);
      const gridPaths = grid
        ? [grid, ...dir.neighbourGrids(grid.id).flatMap((id) => dir.byId.get(id) ?? [])].map(
            (g) => g.regionPath,
          )
        : [ev.regionPath];
      const posts: Awaited<ReturnType<TerritoryService['listPosts']>> = [];
      for (const underPath of gridPaths)
        for (const p of await territory.listPosts(SYSTEM_ACTOR, { underPath }))
          if (p.postType === 'gridWorker' && !p.endedOn) posts.push(p);
      const ownGrid = gridPaths[0]!;
      const positions = new Map(
        (
          await transaction(db, SYSTEM_ACTOR, () =>
            ops.positionsOf(posts.flatMap((p) => (p.userId ? [p.userId] : []))),
          )
        ).map((p) => [p.userId, p]),
      );
      return posts
        .map((p) => {
          const pos = p.userId ? positions.get(p.userId) : undefined;
          return {
            postId: p.id,
            userId: p.userId,
            name: p.personName,
            gridName: dir.byId.get(p.regionId)?.name ?? '',
            sameGrid: p.regionPath === ownGrid || p.regionPath.startsWith(`${ownGrid}.`),
            distanceM: pos ? Math.round(distanceM(ev.lng, ev.lat, pos.lng, pos.lat)) : null,
            positionAt: pos?.at.toISOString() ?? null,
          };
        })
        .sort(
          (a, b) =>
            (a.distanceM ?? Number.POSITIVE_INFINITY) - (b.distanceM ?? Number.POSITIVE_INFINITY) ||
            Number(b.sameGrid) - Number(a.sameGrid),
        );
    });
  }

  /** Sends a grid worker to check on site; the arrival is timed from this moment. */
  async function requestOnsite(actor: Actor, eventId: number, userId: number) {
    return transaction(db, actor, async () => {
      const ev = await eventInScope(actor, eventId);
      const names = await users.displayNames([userId]);
      if (!names.has(userId)) throw new AppError('VALIDATION_FAILED');
      await repo.setEventColumns(eventId, {
        onsiteUserId: userId,
        onsiteRequestedAt: new Date(),
        onsiteArrivedAt: null,
      });
      await cases.apply(actor, 'event', eventId, {
        action: 'note',
        comment: `请网格员${names.get(userId)}立即到现场核查`,
      });
      await messages.send({
        type: 'case.assigned',
        params: {
          kind: EVENT_WORKFLOW.label,
          ref: eventRef(ev.id, ev.createdAt),
          title: ev.description.slice(0, 40),
          actor: actor.username,
          state: { zh: '请立即到现场核查', en: 'Please check on site now' },
          comment: ev.address,
        },
        users: [userId],
        channels: ['inapp', 'sms'],
        regionPath: ev.regionPath,
        case: { kind: 'event', id: eventId },
      });
      return repo.eventById(eventId);
    });
  }

  async function arrive(actor: Actor, eventId: number) {
    return transaction(db, actor, async () => {
      const ev = await eventInScope(actor, eventId);
      if (ev.onsiteUserId !== actor.userId || !ev.onsiteRequestedAt) throw new AppError('FORBIDDEN');
      const now = new Date();
      const minutes = Math.max(0, Math.round((+now - +ev.onsiteRequestedAt) / 60_000));
      await repo.setEventColumns(eventId, { onsiteArrivedAt: now });
      await cases.apply(actor, 'event', eventId, {
        action: 'note',
        comment: `已到达现场（用时 ${minutes} 分钟）`,
      });
      return { arrivedAt: now.toISOString(), minutes };
    });
  }

  // ---- API keys for 110 linkage, video/IoT and Open311 ----

  async function createApiKey(
    actor: Actor,
    input: { name: string; channel: 'police110' | 'iot' | 'open311' },
  ) {
    const key = `fq_${randomBytes(24).toString('base64url')}`;
    const row = await transaction(db, actor, async () => {
      const r = await ops.insertApiKey({
        name: input.name,
        channel: input.channel,
        prefix: key.slice(0, 7),
        keyHash: hashApiKey(key),
        createdBy: actor.userId,
      });
      await audit.record({
        action: 'event.apiKey.create',
        objectType: 'eventApiKey',
        objectId: r.id,
        diff: input,
      });
      return r;
    });
    return { row, key };
  }

  async function revokeApiKey(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const r = await ops.updateApiKey(id, { active: false });
      if (!r) throw notFound({ zh: 'API 密钥', en: 'API key' });
      await audit.record({
        action: 'event.apiKey.revoke',
        objectType: 'eventApiKey',
        objectId: id,
        diff: {},
      });
      return r;
    });
  }

  /** The key's row if it is valid and active (401 otherwise); notes its last use. */
  async function checkApiKey(key: string | undefined, channels: readonly string[]) {
    if (!key) throw new AppError('EVENT_API_KEY_INVALID');
    return transaction(db, SYSTEM_ACTOR, async () => {
      const r = await ops.apiKeyByHash(hashApiKey(key));
      if (!r?.active || !channels.includes(r.channel)) throw new AppError('EVENT_API_KEY_INVALID');
      await ops.updateApiKey(r.id, { lastUsedAt: new Date() });
      return r;
    });
  }

  /** 110 linkage or a video/IoT alert: the outside system's own number makes a repeat harmless. */
  async function integrationReport(apiKey: string | undefined, input: Omit<ReportInput, 'channel'>) {
    const key = await checkApiKey(apiKey, ['police110', 'iot']);
    return events.report(SYSTEM_ACTOR, { ...input, channel: key.channel as ReportInput['channel'] });
  }

  // ---- resident follow-up by tracking code ----

  async function byTracking(code: string, phone: string) {
    return transaction(db, SYSTEM_ACTOR, async () => {
      const ev = await repo.eventByTracking(code.trim().toUpperCase());
      if (!ev?.reporterPhoneIndex || ev.reporterPhoneIndex !== events.phoneIndex(phone))
        throw new AppError('EVENT_TRACKING_UNKNOWN');
      return ev;
    });
  }

  /** The case a merged one lives on in: the one kept, through any later merge of that one too. */
  async function keptOf(ev: repo.EventRow): Promise<repo.EventRow | null> {
    let kept: repo.EventRow | null = null;
    for (let hop = 0, next = ev.mergedInto; next !== null && hop < 10; hop++) {
      const into: repo.EventRow | undefined = await transaction(db, SYSTEM_ACTOR, () =>
        repo.eventById(next!),
      );
      if (!into) break;
      kept = into;
      next = into.mergedInto;
    }
    return kept;
  }

  async function follow(code: string, phone: string) {
    const ev = await byTracking(code, phone);
    const kept = await keptOf(ev);
    const timeline = await cases.timeline(SYSTEM_ACTOR, 'event', (kept ?? ev).id);
    return { event: ev, kept, timeline };
  }

  async function rate(
    code: string,
    phone: string,
    input: {
      satisfaction: 'satisfied' | 'basic' | 'unsatisfied';
      resolved: boolean;
      comment?: string | undefined;
    },
  ) {
    const ev = await byTracking(code, phone);
    // A resident whose report was merged rates the case that was kept (the one their tracking page shows);
    // the first rating of that case counts, as for its own reporter.
    const kept = await keptOf(ev);
    const target = kept ?? ev;
    const via = kept ? `（合并件 ${eventRef(ev.id, ev.createdAt)} 的反映人评价）` : '';
    const comment = input.comment?.trim();
    if (input.satisfaction === 'unsatisfied')
      return cases.apply(SYSTEM_ACTOR, 'event', target.id, {
        action: 'rateUnsatisfied',
        comment: `${comment || '群众评价不满意，申请重办'}${via}`,
      });
    return cases.apply(SYSTEM_ACTOR, 'event', target.id, {
      action: 'rate',
      ...(comment || via ? { comment: `${comment ?? ''}${via}` } : {}),
      fields: { satisfaction: input.satisfaction, resolved: input.resolved },
    });
  }

  return {
    queue,
    inbox,
    bulk,
    merge,
    whistle,
    supervise,
    ordersOf,
    reportPosition,
    nearestWorkers,
    requestOnsite,
    arrive,
    createApiKey,
    revokeApiKey,
    listApiKeys: (actor: Actor) => transaction(db, actor, () => ops.listApiKeys()),
    checkApiKey,
    integrationReport,
    follow,
    rate,
  };
}

export type EventOpsService = ReturnType<typeof createEventOpsService>;
