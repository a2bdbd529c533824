import { pathWithin } from '@fengqiao/domain';
import type { Logger } from 'pino';
import type { Database } from '../../db/client';
import { type Actor, inTransaction } from '../../db/context';
import { notify, notifyMany } from '../../db/notify';

export const LIVE_CHANNEL = 'fq_live';

/** What travels between processes: small, so it fits NOTIFY's 8000-byte payload. */
export type LiveEvent =
  | {
      type: 'case';
      kind: string;
      id: number;
      regionPath: string;
      state: string;
      version: number;
      action: string | null;
      reporterId: number | null;
      at: string;
    }
  | { type: 'notification'; userIds: number[]; count?: number; at: string };

export interface LiveClient {
  actor: Actor;
  permissions: ReadonlySet<string>;
  send(event: string, data: unknown): void;
}

/**
 * Live updates (issue #3). Changes are published with NOTIFY inside the transaction that made them, so
 * listeners hear only committed changes; every process LISTENs and forwards each event to its own
 * connected clients that may see it (region scope plus the kind's read permission, or the user it is for).
 * PGlite delivers NOTIFY in process, PostgreSQL across processes: the same code serves both.
 */
export function createLiveService(deps: { db: Database; log: Logger }) {
  const { db, log } = deps;
  const clients = new Set<LiveClient>();
  const readPermission = new Map<string, string>();

  function maySee(c: LiveClient, e: LiveEvent): boolean {
    if (e.type === 'notification') return c.actor.userId !== null && e.userIds.includes(c.actor.userId);
    if (c.actor.userId !== null && e.reporterId === c.actor.userId) return true;
    const perm = readPermission.get(e.kind);
    if (!perm || !c.permissions.has(perm)) return false;
    return c.actor.scopePath === '*' || pathWithin(e.regionPath, c.actor.scopePath);
  }

  function dispatch(payload: string) {
    let e: LiveEvent;
    try {
      e = JSON.parse(payload) as LiveEvent;
    } catch {
      return;
    }
    for (const c of clients) {
      if (!maySee(c, e)) continue;
      try {
        c.send(e.type, e);
      } catch (err) {
        log.debug({ err }, 'live client write failed');
      }
    }
  }

  /** Publishes inside the current transaction (heard on commit only); outside one, at once. */
  async function publish(e: LiveEvent): Promise<void> {
    if (e.type === 'notification' && e.userIds.length > 500) {
      for (let i = 0; i < e.userIds.length; i += 500)
        await publish({ ...e, userIds: e.userIds.slice(i, i + 500) });
      return;
    }
    const payload = JSON.stringify(e);
    if (inTransaction()) await notify(LIVE_CHANNEL, payload);
    else dispatch(payload);
  }

  /** Several case changes at once (a batch of intakes): one statement in a transaction. */
  async function publishMany(list: readonly LiveEvent[]): Promise<void> {
    if (!inTransaction() || list.some((e) => e.type === 'notification')) {
      for (const e of list) await publish(e);
      return;
    }
    await notifyMany(
      LIVE_CHANNEL,
      list.map((e) => JSON.stringify(e)),
    );
  }

  return {
    publish,
    publishMany,
    /** The permission that lets a user follow cases of a kind (the case engine registers each workflow's). */
    setReadPermission: (kind: string, permission: string) => readPermission.set(kind, permission),
    start: () => db.listen(LIVE_CHANNEL, dispatch),
    subscribe(c: LiveClient): () => void {
      clients.add(c);
      return () => clients.delete(c);
    },
    clientCount: () => clients.size,
  };
}

export type LiveService = ReturnType<typeof createLiveService>;
