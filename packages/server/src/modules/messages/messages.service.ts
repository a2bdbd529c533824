import { randomUUID } from 'node:crypto';
import { type Channel, type Lang, type MessageParam, renderMessage } from '@fengqiao/domain';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, inTransaction, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import type { ClaimedJob, JobsService } from '../jobs/jobs.service';
import type { LiveService } from '../live/live.service';
import type { UsersService } from '../users/users.service';
import { sendDingTalk } from './channels/dingtalk';
import type { SmsProvider } from './channels/sms';
import { sendWebhook } from './channels/webhook';
import { sendWeCom } from './channels/wecom';
import * as repo from './messages.repo';
import type { OutboxChannel, SubscriptionKind } from './messages.schema';

export const DELIVER_JOB = 'outbox.deliver';
const SUBSCRIPTION = { zh: '推送订阅', en: 'Subscription' };

/** A message to send: who hears it (users, and/or the robots and webhooks subscribed to its region). */
export interface OutgoingMessage {
  type: string;
  params: Record<string, MessageParam>;
  /** Users to notify: in the app, and by SMS when `sms` is among the channels. */
  users?: readonly number[];
  channels: readonly Channel[];
  /** Region of the thing the message is about; robots and webhooks subscribed above it hear it. */
  regionPath?: string | null;
  case?: { kind: string; id: number } | null;
  /** Machine-readable data for webhook subscribers. */
  data?: Record<string, unknown>;
  /**
   * People who are not users (a dispute's parties): texted by SMS when `sms` is among the channels. The
   * outbox keeps only the reference; the number is looked up (and decrypted) at delivery by the resolver
   * the owning module registered for `kind`.
   */
  recipients?: readonly { kind: string; id: number }[];
  /**
   * Params that are secrets (a one-time signing link): the outbox keeps them encrypted, they are opened
   * only to render the text at delivery, and the delivered row keeps `REDACTED` in their place. In-app
   * notifications never see them.
   */
  secretParams?: readonly string[];
}

/** What a delivered message keeps in place of a secret param. */
export const REDACTED = '（已删除）';
type Sealed = { sealed: string };
const isSealed = (v: unknown): v is Sealed =>
  typeof v === 'object' && v !== null && typeof (v as Sealed).sealed === 'string';

/** Finds the phone number of a non-user recipient at delivery time (null: nobody to text). */
export type PhoneResolver = (id: number) => Promise<string | null>;

export interface SubscriptionInput {
  kind: SubscriptionKind;
  name: string;
  url: string;
  secret?: string | null;
  types: string[];
  regionPath: string;
  active?: boolean;
}

/**
 * Notifications and the transactional outbox (issue #3). `send` writes in the caller's transaction:
 * in-app notifications directly (they do not leave the process), everything else as outbox rows plus a
 * delivery job each. Deliveries run after commit with retries; every attempt carries the same
 * idempotency key, so a receiver can drop a repeat after a crash between sending and marking.
 */
export function createMessagesService(deps: {
  db: Database;
  audit: AuditService;
  jobs: JobsService;
  users: UsersService;
  live: LiveService;
  pii: PiiCipher;
  sms: SmsProvider;
  log: Logger;
  maxAttempts: number;
  /** Fault injection for tests: runs after a message went out and before it is marked delivered. */
  afterSend?: (row: repo.OutboxRow) => void;
}) {
  const { db, audit, jobs, users, live, pii, sms, log } = deps;
  const lang: Lang = 'zh-CN'; // outgoing SMS and robot texts read in the platform's first language

  const phoneResolvers = new Map<string, PhoneResolver>();
  const inTx = <T>(fn: () => Promise<T>) => (inTransaction() ? fn() : transaction(db, SYSTEM_ACTOR, fn));

  async function send(m: OutgoingMessage): Promise<void> {
    await inTx(async () => {
      const userIds = [...new Set(m.users ?? [])];
      const rows: Parameters<typeof repo.insertOutbox>[0] = [];
      const secret = new Set(m.secretParams ?? []);
      const withSecrets = (f: (v: MessageParam) => unknown) =>
        Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, secret.has(k) ? f(v) : v])) as Record<
          string,
          unknown
        >;
      const sealed: Record<string, unknown> = secret.size
        ? withSecrets((v) => ({ sealed: pii.encrypt(String(v)).toString('base64') }))
        : (m.params as Record<string, unknown>);
      const base = { type: m.type, params: sealed, data: m.data ?? null };
      if (m.channels.includes('inapp') && userIds.length) {
        await repo.insertNotifications(
          userIds.map((userId) => ({
            userId,
            type: m.type,
            params: secret.size ? withSecrets(() => REDACTED) : (m.params as Record<string, unknown>),
            caseKind: m.case?.kind ?? null,
            caseId: m.case?.id ?? null,
          })),
        );
        await live.publish({ type: 'notification', userIds, at: new Date().toISOString() });
      }
      if (m.channels.includes('sms'))
        for (const userId of userIds)
          rows.push({ ...base, channel: 'sms', userId, idempotencyKey: randomUUID() });
      if (m.channels.includes('sms'))
        for (const r of m.recipients ?? [])
          rows.push({
            ...base,
            data: { ...(m.data ?? {}), recipient: { kind: r.kind, id: r.id } },
            channel: 'sms',
            idempotencyKey: randomUUID(),
          });
      const kinds: SubscriptionKind[] = [];
      if (m.channels.includes('robot')) kinds.push('dingtalk', 'wecom');
      if (m.channels.includes('webhook')) kinds.push('webhook');
      if (kinds.length) {
        const subs = await transaction(db, SYSTEM_ACTOR, () =>
          repo.matchingSubscriptions(kinds, m.type, m.regionPath ?? null),
        );
        for (const s of subs)
          rows.push({ ...base, channel: s.kind, subscriptionId: s.id, idempotencyKey: randomUUID() });
      }
      await enqueueOutbox(rows);
    });
  }

  async function enqueueOutbox(rows: Parameters<typeof repo.insertOutbox>[0]) {
    const saved = await transaction(db, SYSTEM_ACTOR, () => repo.insertOutbox(rows));
    await jobs.enqueue(
      saved.map((r) => ({
        type: DELIVER_JOB,
        payload: { outboxId: r.id },
        ref: `outbox:${r.id}`,
        maxAttempts: deps.maxAttempts,
      })),
    );
    return saved;
  }

  /** The row's params with its secrets opened (for rendering only), or redacted (kept after delivery). */
  function paramsOf(row: repo.OutboxRow, secrets: 'open' | 'redact'): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(row.params).map(([k, v]) => [
        k,
        isSealed(v) ? (secrets === 'open' ? pii.decrypt(Buffer.from(v.sealed, 'base64')) : REDACTED) : v,
      ]),
    );
  }
  const hasSecrets = (row: repo.OutboxRow) => Object.values(row.params).some(isSealed);

  async function deliverRow(row: repo.OutboxRow): Promise<void> {
    // Rendered at send time, so a secret exists in clear only in this text on its way out.
    const msg = renderMessage(row.type, lang, paramsOf(row, 'open') as Record<string, MessageParam>);
    const text = msg.body || msg.title;
    if (row.channel === 'sms') {
      const recipient = row.data?.recipient as { kind: string; id: number } | undefined;
      const phone =
        row.userId === null && recipient
          ? await (phoneResolvers.get(recipient.kind)?.(recipient.id) ?? null)
          : (await users.phonesOf([row.userId!])).get(row.userId!);
      if (!phone) return; // nobody to text: nothing to retry
      await sms.send({ phone, text: `【枫桥】${text}`, idempotencyKey: row.idempotencyKey });
      return;
    }
    const sub = await transaction(db, SYSTEM_ACTOR, () => repo.subscriptionById(row.subscriptionId!));
    if (!sub?.active) return; // unsubscribed since: drop quietly
    const secret = sub.secretEnc ? pii.decrypt(sub.secretEnc) : null;
    const content = { title: msg.title, text };
    if (sub.kind === 'dingtalk') await sendDingTalk(sub.url, secret, content, row.idempotencyKey);
    else if (sub.kind === 'wecom') await sendWeCom(sub.url, content, row.idempotencyKey);
    else
      await sendWebhook(sub.url, secret, {
        id: row.idempotencyKey,
        type: row.type,
        occurredAt: row.createdAt.toISOString(),
        ...content,
        data: row.data ?? {},
      });
  }

  async function deliver(job: ClaimedJob): Promise<void> {
    const id = Number(job.payload.outboxId);
    const row = await transaction(db, SYSTEM_ACTOR, () => repo.outboxById(id));
    // A dead message whose job an administrator retried is tried again like a pending one.
    if (!row || row.status === 'delivered') return;
    try {
      await deliverRow(row);
      deps.afterSend?.(row);
    } catch (e) {
      const dead = job.attempts >= job.maxAttempts;
      const message = (e as Error).message;
      await transaction(db, SYSTEM_ACTOR, () =>
        repo.markOutbox(id, { status: dead ? 'dead' : 'pending', lastError: message }),
      );
      if (dead) log.error({ outboxId: id, channel: row.channel, err: message }, 'message dead-lettered');
      throw e;
    }
    await transaction(db, SYSTEM_ACTOR, () =>
      repo.markOutbox(id, {
        status: 'delivered',
        ...(hasSecrets(row) ? { params: paramsOf(row, 'redact') } : {}),
      }),
    );
  }

  jobs.handle(DELIVER_JOB, deliver, { transactional: false, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000 });

  function checkUrl(url: string) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new AppError('SUBSCRIPTION_URL', { detail: { zh: '不是合法的网址', en: 'not a URL' } });
    }
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      throw new AppError('SUBSCRIPTION_URL', {
        detail: { zh: '只支持 http/https', en: 'http or https only' },
      });
  }

  function presentSubscription(s: repo.SubscriptionRow) {
    const { secretEnc, ...rest } = s;
    return { ...rest, hasSecret: secretEnc !== null };
  }

  return {
    send,
    /** A module names how to find the phone of its non-user recipients (see OutgoingMessage.recipients). */
    registerPhoneResolver: (kind: string, resolve: PhoneResolver) => phoneResolvers.set(kind, resolve),
    deliver,
    unreadCount: (actor: Actor) => transaction(db, actor, () => repo.unreadCount(actor.userId ?? 0)),
    notifications: (actor: Actor, unreadOnly: boolean, limit: number, offset: number) =>
      transaction(db, actor, () => repo.listNotifications(actor.userId ?? 0, unreadOnly, limit, offset)),
    markRead: (actor: Actor, ids: number[] | 'all') =>
      transaction(db, actor, async () => {
        const n = await repo.markRead(actor.userId ?? 0, ids);
        if (n && actor.userId)
          await live.publish({ type: 'notification', userIds: [actor.userId], at: new Date().toISOString() });
        return n;
      }),

    listSubscriptions: async (actor: Actor) =>
      (await transaction(db, actor, () => repo.listSubscriptions())).map(presentSubscription),
    createSubscription: (actor: Actor, input: SubscriptionInput) => {
      checkUrl(input.url);
      return transaction(db, actor, async () => {
        const row = await repo.insertSubscription({
          kind: input.kind,
          name: input.name,
          url: input.url,
          secretEnc: input.secret ? pii.encrypt(input.secret) : null,
          types: input.types,
          regionPath: input.regionPath,
          active: input.active ?? true,
          createdBy: actor.userId,
        });
        await audit.record({
          action: 'subscription.create',
          objectType: 'subscription',
          objectId: row.id,
          diff: {
            kind: row.kind,
            name: row.name,
            url: row.url,
            types: row.types,
            regionPath: row.regionPath,
          },
        });
        return presentSubscription(row);
      });
    },
    updateSubscription: (
      actor: Actor,
      id: number,
      version: number,
      patch: Partial<Omit<SubscriptionInput, 'kind' | 'regionPath'>>,
    ) => {
      if (patch.url) checkUrl(patch.url);
      return transaction(db, actor, async () => {
        const before = await repo.subscriptionById(id);
        if (!before) throw notFound(SUBSCRIPTION);
        const set: Parameters<typeof repo.updateSubscription>[2] = {};
        if (patch.name !== undefined) set.name = patch.name;
        if (patch.url !== undefined) set.url = patch.url;
        if (patch.types !== undefined) set.types = patch.types;
        if (patch.active !== undefined) set.active = patch.active;
        if (patch.secret !== undefined) set.secretEnc = patch.secret ? pii.encrypt(patch.secret) : null;
        const after = await repo.updateSubscription(id, version, set);
        if (!after) throw new AppError('CONFLICT');
        await audit.record({
          action: 'subscription.update',
          objectType: 'subscription',
          objectId: id,
          diff: { ...patch, secret: patch.secret === undefined ? undefined : '(changed)' },
        });
        return presentSubscription(after);
      });
    },
    deleteSubscription: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        if (!(await repo.deleteSubscription(id))) throw notFound(SUBSCRIPTION);
        await audit.record({ action: 'subscription.delete', objectType: 'subscription', objectId: id });
      }),
    /** Sends a test message to one subscription through the outbox (so it is retried like any other). */
    testSubscription: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const sub = await repo.subscriptionById(id);
        if (!sub) throw notFound(SUBSCRIPTION);
        const [row] = await enqueueOutbox([
          {
            channel: sub.kind as OutboxChannel,
            type: 'system.test',
            subscriptionId: sub.id,
            params: { time: new Date().toISOString() },
            data: { test: true },
            idempotencyKey: randomUUID(),
          },
        ]);
        return { outboxId: row!.id };
      }),
    outboxRow: (id: number) => transaction(db, SYSTEM_ACTOR, () => repo.outboxById(id)),
    /** Upkeep: read notifications and delivered messages past their keeping time. */
    purgeOld: (readBefore: Date, deliveredBefore: Date) =>
      transaction(db, SYSTEM_ACTOR, async () => ({
        notifications: await repo.purgeReadNotifications(readBefore),
        outbox: await repo.purgeDeliveredOutbox(deliveredBefore),
      })),
  };
}

export type MessagesService = ReturnType<typeof createMessagesService>;
