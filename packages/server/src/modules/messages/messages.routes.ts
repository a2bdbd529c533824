import { MESSAGE_TEMPLATES, type MessageParam, renderMessage } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { idParam, paged, pageQuery, queryBool, versionField } from '../../platform/http/schemas';
import type { TerritoryService } from '../territory/territory.service';
import type { NotificationRow } from './messages.repo';
import type { MessagesService } from './messages.service';

const messageType = z.enum(Object.keys(MESSAGE_TEMPLATES) as [string, ...string[]]);

/** The bell (own notifications) and the outgoing subscriptions (robots, webhooks) of the actor's region. */
export function messagesRoutes(deps: { messages: MessagesService; territory: TerritoryService }) {
  const { messages, territory } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    const present = (n: NotificationRow, lang: 'zh-CN' | 'en') => ({
      id: n.id,
      type: n.type,
      ...renderMessage(n.type, lang, n.params as Record<string, MessageParam>),
      caseKind: n.caseKind,
      caseId: n.caseId,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    });

    r.get(
      '/api/v1/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: '我的消息 / My notifications',
          querystring: z.strictObject({ unread: queryBool.optional(), ...pageQuery }),
        },
      },
      async (req) => {
        const q = req.query;
        const { rows, total } = await messages.notifications(
          req.actor,
          q.unread ?? false,
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        const unread = await messages.unreadCount(req.actor);
        return {
          ...paged(
            rows.map((n) => present(n, req.lang)),
            total,
            q.page,
            q.pageSize,
          ),
          unread,
        };
      },
    );

    r.get(
      '/api/v1/notifications/unread-count',
      { schema: { tags: ['notifications'], summary: '未读消息数 / Unread count' } },
      async (req) => ({ count: await messages.unreadCount(req.actor) }),
    );

    r.post(
      '/api/v1/notifications/read',
      {
        schema: {
          tags: ['notifications'],
          summary: '标记已读 / Mark as read',
          body: z.union([
            z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(500) }),
            z.strictObject({ all: z.literal(true) }),
          ]),
        },
      },
      async (req) => {
        const ids = 'ids' in req.body ? req.body.ids : 'all';
        const updated = await messages.markRead(req.actor, ids);
        return { updated, unread: await messages.unreadCount(req.actor) };
      },
    );

    const subscriptionBody = {
      name: z.string().trim().min(1).max(60),
      url: z.string().trim().url().max(1000),
      secret: z.string().min(1).max(200).nullable().optional(),
      types: z.array(messageType).max(20).default([]),
      active: z.boolean().optional(),
    };

    r.get(
      '/api/v1/subscriptions',
      {
        config: { permission: 'settings:write' },
        schema: { tags: ['notifications'], summary: '推送订阅（钉钉、企业微信、Webhook）/ Subscriptions' },
      },
      async (req) => messages.listSubscriptions(req.actor),
    );

    r.post(
      '/api/v1/subscriptions',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: ['notifications'],
          summary: '新建推送订阅 / Create a subscription',
          body: z.strictObject({
            kind: z.enum(['webhook', 'dingtalk', 'wecom']),
            regionId: z.number().int().positive().optional(),
            ...subscriptionBody,
          }),
        },
      },
      async (req, reply) => {
        const { regionId, ...rest } = req.body;
        let regionPath = req.actor.scopePath;
        if (regionId !== undefined) regionPath = (await territory.getRegion(req.actor, regionId)).regionPath;
        if (regionPath === '*' || !regionPath) throw new AppError('OUT_OF_SCOPE');
        reply.code(201);
        return messages.createSubscription(req.actor, { ...rest, regionPath });
      },
    );

    r.patch(
      '/api/v1/subscriptions/:id',
      {
        config: { permission: 'settings:write' },
        schema: {
          tags: ['notifications'],
          summary: '修改推送订阅 / Update a subscription',
          params: idParam,
          body: z.strictObject({
            version: versionField,
            name: subscriptionBody.name.optional(),
            url: subscriptionBody.url.optional(),
            secret: subscriptionBody.secret,
            types: z.array(messageType).max(20).optional(),
            active: z.boolean().optional(),
          }),
        },
      },
      async (req) => {
        const { version, ...patch } = req.body;
        return messages.updateSubscription(req.actor, req.params.id, version, patch);
      },
    );

    r.delete(
      '/api/v1/subscriptions/:id',
      {
        config: { permission: 'settings:write' },
        schema: { tags: ['notifications'], summary: '删除推送订阅 / Delete a subscription', params: idParam },
      },
      async (req, reply) => {
        await messages.deleteSubscription(req.actor, req.params.id);
        reply.code(204);
      },
    );

    r.post(
      '/api/v1/subscriptions/:id/test',
      {
        config: { permission: 'settings:write' },
        schema: { tags: ['notifications'], summary: '发送测试消息 / Send a test message', params: idParam },
      },
      async (req) => messages.testSubscription(req.actor, req.params.id),
    );
  };
}
