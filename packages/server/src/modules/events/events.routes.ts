import { EVENT_STATES, SUPERVISION_LEVELS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { presentAttachment } from '../attachments/attachments.service';
import type { CasesService } from '../cases/cases.service';
import { presentEvent, presentPublicEvent } from './events.present';
import { EVENT_CHANNELS, type EventsService } from './events.service';
import { statsWorkbook } from './events.xlsx';
import type { EventOpsService } from './events-ops.service';

const id = z.coerce.number().int().positive();
const idParams = z.strictObject({ id });
const path = z.string().regex(/^[0-9A-Za-z_]+(\.[0-9A-Za-z_]+)*$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const lng = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const phone = z.string().regex(/^1[3-9]\d{9}$/);

const reportBody = z.strictObject({
  categoryCode: z.string().min(1).max(10),
  description: z.string().trim().min(2).max(2000),
  address: z.string().trim().max(200).optional(),
  lng,
  lat,
  attachments: z.array(id).max(9).optional(),
  channel: z.enum(['grid', 'app', 'hotline', 'console']).optional(),
  reporterName: z.string().trim().max(50).optional(),
  reporterPhone: phone.optional(),
  urgent: z.boolean().optional(),
});

const queueQuery = z.strictObject({
  state: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(',') : undefined))
    .pipe(z.array(z.enum(EVENT_STATES)).optional()),
  category: z.string().max(10).optional(),
  regionPath: path.optional(),
  departmentId: id.optional(),
  overdue: z.enum(['true', 'false']).optional(),
  channel: z.enum(EVENT_CHANNELS).optional(),
  mine: z.enum(['reported', 'onsite']).optional(),
  q: z.string().max(100).optional(),
  before: id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});

const statsQuery = z.strictObject({
  regionPath: path.optional(),
  from: day,
  to: day,
  groupBy: z.enum(['region', 'category', 'department', 'day']).default('region'),
});

/** 事件: console queue and detail, the loop helpers, statistics, the resident's and linked systems' intake. */
export function eventsRoutes(deps: {
  events: EventsService;
  eventOps: EventOpsService;
  cases: CasesService;
}) {
  const { events, eventOps, cases } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const present = async <T extends Parameters<typeof presentEvent>[0]>(rows: T[]) => {
      const labels = await events.labels();
      return rows.map((x) => presentEvent(x, labels));
    };

    r.get(
      '/api/v1/event-categories',
      {
        config: { public: true },
        schema: { tags: ['events'], summary: '事件类别目录 / Event category catalogue' },
      },
      async () => (await events.categories()).filter((c) => c.active),
    );

    r.get(
      '/api/v1/events',
      {
        config: { permission: 'event:read' },
        schema: {
          tags: ['events'],
          summary: '事件队列（筛选、游标分页）/ Event queue',
          querystring: queueQuery,
        },
      },
      async (req) => {
        const q = req.query;
        const res = await eventOps.queue(req.actor, {
          states: q.state,
          categoryCode: q.category,
          regionPath: q.regionPath,
          departmentId: q.departmentId,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          channel: q.channel,
          reporterId: q.mine === 'reported' ? (req.actor.userId ?? -1) : undefined,
          onsiteUserId: q.mine === 'onsite' ? (req.actor.userId ?? -1) : undefined,
          q: q.q,
          before: q.before,
          limit: q.limit,
        });
        return { items: await present(res.items), nextCursor: res.nextCursor };
      },
    );

    r.post(
      '/api/v1/events',
      {
        config: { permission: 'event:report' },
        schema: { tags: ['events'], summary: '上报事件 / Report an event', body: reportBody },
      },
      async (req, reply) => {
        const b = req.body;
        const channel =
          b.channel ??
          (req.actor.roles.includes('gridWorker')
            ? 'grid'
            : req.actor.roles.includes('resident')
              ? 'app'
              : 'console');
        const res = await events.report(req.actor, { ...b, channel });
        reply.code(201);
        return {
          event: (await present([res.event]))[0],
          trackingCode: res.event.trackingCode,
          duplicates: res.duplicates.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
        };
      },
    );

    r.get(
      '/api/v1/events/inbox',
      {
        config: { permission: 'event:handle' },
        schema: {
          tags: ['events'],
          summary: '部门待办 / Department inbox',
          querystring: z.strictObject({
            tab: z.enum(['new', 'doing', 'overdue']).default('new'),
            before: id.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
        },
      },
      async (req) => {
        const res = await eventOps.inbox(req.actor, req.query.tab, req.query.before, req.query.limit);
        return { ...res, items: await present(res.items) };
      },
    );

    r.get(
      '/api/v1/events/stats',
      {
        config: { permission: ['event:read', 'cockpit:view'] },
        schema: { tags: ['events'], summary: '事件统计 / Event statistics', querystring: statsQuery },
      },
      async (req) => events.stats(req.actor, req.query),
    );

    r.get(
      '/api/v1/events/stats.xlsx',
      {
        config: { permission: ['event:read', 'cockpit:view'] },
        schema: {
          tags: ['events'],
          summary: '导出事件统计 Excel / Export statistics',
          querystring: statsQuery,
        },
      },
      async (req, reply) => {
        const stats = await events.stats(req.actor, req.query);
        const buf = await statsWorkbook(stats);
        reply
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`事件统计_${req.query.from}_${req.query.to}.xlsx`)}`,
          );
        return reply.send(buf);
      },
    );

    r.get(
      '/api/v1/events/recent',
      {
        config: { permission: ['event:read', 'cockpit:view'] },
        schema: {
          tags: ['events'],
          summary: '最新事件 / Latest events (live feed)',
          querystring: z.strictObject({
            regionPath: path.optional(),
            limit: z.coerce.number().int().min(1).max(200).default(20),
          }),
        },
      },
      async (req) => present(await events.recent(req.actor, req.query)),
    );

    r.post(
      '/api/v1/events/bulk',
      {
        config: { permission: ['event:intake', 'event:dispatch'] },
        schema: {
          tags: ['events'],
          summary: '批量受理/派遣 / Bulk accept or dispatch',
          body: z.strictObject({
            action: z.enum(['accept', 'dispatch']),
            ids: z.array(id).min(1).max(100),
            departmentId: id.optional(),
            assisting: z.array(id).max(10).optional(),
          }),
        },
      },
      async (req) => {
        if (req.body.action === 'dispatch' && !req.body.departmentId)
          throw new AppError('VALIDATION_FAILED', {}, [
            {
              path: 'departmentId',
              code: 'required',
              message: req.lang === 'en' ? 'Required' : '请选择主办部门',
            },
          ]);
        return { results: await eventOps.bulk(req.actor, req.body) };
      },
    );

    r.post(
      '/api/v1/me/position',
      {
        config: { permission: 'event:verify' },
        schema: {
          tags: ['events'],
          summary: '上报当前位置（网格员）/ Report my position',
          body: z.strictObject({ lng, lat, accuracyM: z.number().min(0).max(100_000).optional() }),
        },
      },
      async (req) => {
        await eventOps.reportPosition(req.actor, req.body);
        return { ok: true };
      },
    );

    r.get(
      '/api/v1/events/:id',
      {
        config: { permission: 'event:read' },
        schema: {
          tags: ['events'],
          summary: '事件详情（含时间轴）/ Event detail with timeline',
          params: idParams,
        },
      },
      async (req) => {
        // One transaction (one connection, one scope switch) for the row and everything beside it.
        const { row, view, timeline, orders, duplicates } = await events.reading(req.actor, async () => {
          const row = await events.get(req.actor, req.params.id);
          const view = await cases.get(req.actor, 'event', row.id);
          const timeline = await cases.timeline(req.actor, 'event', row.id);
          const orders = await eventOps.ordersOf(req.actor, row.id);
          const duplicates = await events.duplicatesOf(req.actor, row.id);
          return { row, view, timeline, orders, duplicates };
        });
        return {
          ...(await present([row]))[0],
          actions: view.actions,
          clocks: view.clocks,
          duplicates: duplicates.map((d) => ({ ...d, createdAt: d.createdAt.toISOString() })),
          whistles: orders.whistles.map((w) => ({
            id: w.id,
            state: w.state,
            departmentId: w.departmentId,
            note: w.note,
            dueAt: w.dueAt?.toISOString() ?? null,
            overdue: w.overdue,
          })),
          supervisions: orders.supervisions.map((s) => ({
            id: s.id,
            state: s.state,
            level: s.level,
            levelLabel: SUPERVISION_LEVELS[s.level as keyof typeof SUPERVISION_LEVELS],
            requirement: s.requirement,
            answer: s.answer,
            departmentId: s.assigneeDepartmentId,
            dueAt: s.dueAt?.toISOString() ?? null,
            overdue: s.overdue,
          })),
          timeline: timeline.map((e) => ({
            id: e.id,
            action: e.action,
            actionLabel: e.actionLabel,
            toLabel: e.toLabel,
            actorName: e.actorName,
            comment: e.comment,
            data: e.data,
            files: e.files.map(presentAttachment),
            occurredAt: e.occurredAt.toISOString(),
          })),
        };
      },
    );

    r.post(
      '/api/v1/events/:id/dispatch',
      {
        config: { permission: 'event:dispatch' },
        schema: {
          tags: ['events'],
          summary: '派遣/改派（主办+协办）/ Dispatch with lead and assisting departments',
          params: idParams,
          body: z.strictObject({
            departmentId: id,
            assisting: z.array(id).max(10).optional(),
            comment: z.string().trim().max(1000).optional(),
            version: z.number().int().min(1).optional(),
            action: z.enum(['dispatch', 'redispatch', 'reopen']).default('dispatch'),
          }),
        },
      },
      async (req) => {
        const { action, ...b } = req.body;
        const res = await events.dispatch(req.actor, req.params.id, b, { action });
        return (await present([await events.get(req.actor, res.case.id)]))[0];
      },
    );

    r.post(
      '/api/v1/events/:id/merge',
      {
        config: { permission: ['event:intake', 'event:dispatch'] },
        schema: {
          tags: ['events'],
          summary: '合并重复事件 / Merge into a duplicate',
          params: idParams,
          body: z.strictObject({ intoId: id, comment: z.string().trim().max(500).optional() }),
        },
      },
      async (req) => {
        const res = await eventOps.merge(req.actor, req.params.id, req.body.intoId, req.body.comment);
        return { mergedId: res.merged.id, intoId: res.into.id, reporters: res.reporters };
      },
    );

    r.post(
      '/api/v1/events/:id/whistles',
      {
        config: { permission: 'event:dispatch' },
        schema: {
          tags: ['events'],
          summary: '吹哨（部门限时报到）/ Blow the whistle',
          params: idParams,
          body: z.strictObject({
            departmentIds: z.array(id).min(1).max(10),
            limitHours: z.number().min(0.5).max(72),
            note: z.string().trim().min(2).max(500),
          }),
        },
      },
      async (req, reply) => {
        const rows = await eventOps.whistle(req.actor, req.params.id, req.body);
        reply.code(201);
        return rows.map((w) => ({ id: w.id, departmentId: w.departmentId, state: w.state }));
      },
    );

    r.post(
      '/api/v1/events/:id/supervisions',
      {
        config: { permission: 'event:supervise' },
        schema: {
          tags: ['events'],
          summary: '督办（日常/挂牌/约谈）/ Supervision order',
          params: idParams,
          body: z.strictObject({
            level: z.enum(['daily', 'listed', 'interview']),
            requirement: z.string().trim().min(2).max(1000),
            limitDays: z.number().int().min(1).max(60),
            departmentId: id.optional(),
          }),
        },
      },
      async (req, reply) => {
        const s = await eventOps.supervise(req.actor, req.params.id, req.body);
        reply.code(201);
        return { id: s.id, state: s.state, level: s.level, departmentId: s.assigneeDepartmentId };
      },
    );

    r.get(
      '/api/v1/events/:id/nearest-workers',
      {
        config: { permission: 'event:dispatch' },
        schema: { tags: ['events'], summary: '附近网格员 / Nearest grid workers', params: idParams },
      },
      async (req) => eventOps.nearestWorkers(req.actor, req.params.id),
    );

    r.post(
      '/api/v1/events/:id/onsite',
      {
        config: { permission: 'event:dispatch' },
        schema: {
          tags: ['events'],
          summary: '指派网格员到场核查 / Send a grid worker on site',
          params: idParams,
          body: z.strictObject({ userId: id }),
        },
      },
      async (req) =>
        (await present([(await eventOps.requestOnsite(req.actor, req.params.id, req.body.userId))!]))[0],
    );

    r.post(
      '/api/v1/events/:id/arrive',
      {
        config: { permission: 'event:verify' },
        schema: { tags: ['events'], summary: '到达现场 / Arrived on site', params: idParams },
      },
      async (req) => eventOps.arrive(req.actor, req.params.id),
    );

    // ---- resident without an account: phone number, then a tracking code ----

    const trackParams = z.strictObject({ code: z.string().regex(/^[A-Za-z2-9]{10}$/) });
    r.post(
      '/api/v1/public/events/:code/follow',
      {
        config: { public: true, idempotent: false },
        schema: {
          tags: ['events'],
          summary: '按查询码查询进度 / Follow by tracking code',
          params: trackParams,
          body: z.strictObject({ phone }),
        },
      },
      async (req) => {
        const res = await eventOps.follow(req.params.code, req.body.phone);
        const labels = await events.labels();
        return {
          ...presentPublicEvent(res.event, labels),
          // A merged report is rated on the case that was kept, when that one closes.
          canRate: (res.kept ?? res.event).state === 'closed',
          kept: res.kept ? presentPublicEvent(res.kept, labels) : null,
          timeline: res.timeline.map((e) => ({
            actionLabel: e.actionLabel,
            toLabel: e.toLabel,
            // Staff comments are for the resident only where they answer them.
            comment: ['cancel', 'close', 'feedback', 'merge', 'archive', 'transfer'].includes(e.action)
              ? e.comment
              : null,
            occurredAt: e.occurredAt.toISOString(),
          })),
        };
      },
    );

    r.post(
      '/api/v1/public/events/:code/rate',
      {
        config: { public: true },
        schema: {
          tags: ['events'],
          summary: '群众评价 / Rate the result',
          params: trackParams,
          body: z.strictObject({
            phone,
            satisfaction: z.enum(['satisfied', 'basic', 'unsatisfied']),
            resolved: z.boolean(),
            comment: z.string().trim().max(500).optional(),
          }),
        },
      },
      async (req) => {
        const { phone: p, ...rating } = req.body;
        const res = await eventOps.rate(req.params.code, p, rating);
        return { state: res.case.state };
      },
    );

    // ---- 110 linkage and video/IoT alerts ----

    r.post(
      '/api/v1/integrations/events',
      {
        config: { public: true },
        schema: {
          tags: ['events'],
          summary: '110 联动 / 视频与物联网告警接入（X-Api-Key）/ Linked-system intake',
          body: z.strictObject({
            externalRef: z.string().trim().min(1).max(100),
            categoryCode: z.string().min(1).max(10),
            description: z.string().trim().min(2).max(2000),
            address: z.string().trim().max(200).optional(),
            lng,
            lat,
            urgent: z.boolean().optional(),
            reporterName: z.string().trim().max(50).optional(),
            reporterPhone: phone.optional(),
          }),
        },
      },
      async (req, reply) => {
        const key = req.headers['x-api-key'];
        const res = await eventOps.integrationReport(typeof key === 'string' ? key : undefined, req.body);
        reply.code(res.created ? 201 : 200);
        const [ev] = await present([res.event]);
        return {
          id: ev!.id,
          ref: ev!.ref,
          state: ev!.state,
          created: res.created,
          regionPath: ev!.regionPath,
        };
      },
    );

    // ---- API keys (admin) ----

    const presentKey = (k: Awaited<ReturnType<EventOpsService['listApiKeys']>>[number]) => ({
      id: k.id,
      name: k.name,
      channel: k.channel,
      prefix: k.prefix,
      active: k.active,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    });
    r.get(
      '/api/v1/event-api-keys',
      {
        config: { permission: 'settings:write' },
        schema: { tags: ['events'], summary: '接入密钥 / API keys' },
      },
      async (req) => (await eventOps.listApiKeys(req.actor)).map(presentKey),
    );
    r.post(
      '/api/v1/event-api-keys',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: ['events'],
          summary: '新建接入密钥（只显示一次）/ Create an API key (shown once)',
          body: z.strictObject({
            name: z.string().trim().min(2).max(100),
            channel: z.enum(['police110', 'iot', 'open311']),
          }),
        },
      },
      async (req, reply) => {
        const { row, key } = await eventOps.createApiKey(req.actor, req.body);
        reply.code(201);
        return { ...presentKey(row), key };
      },
    );
    r.post(
      '/api/v1/event-api-keys/:id/revoke',
      {
        config: { permission: 'settings:write' },
        schema: { tags: ['events'], summary: '停用接入密钥 / Revoke an API key', params: idParams },
      },
      async (req) => presentKey(await eventOps.revokeApiKey(req.actor, req.params.id)),
    );
  };
}
