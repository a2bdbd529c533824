import type { Database } from '../../db/client';
import { type Actor, currentActor, SYSTEM_ACTOR, transaction } from '../../db/context';
import * as repo from './audit.repo';
import { auditRowHmac, chainLink } from './audit-hash';

export interface AuditEntry {
  action: string;
  objectType: string;
  objectId?: string | number | null;
  success?: boolean;
  diff?: Record<string, unknown> | null;
}

export interface VerifyReport {
  rowsChecked: number;
  linksChecked: number;
  changed: number[];
  deleted: number[];
  inserted: number[];
  brokenLinks: number[];
  unsealedStale: number;
  ok: boolean;
}

/**
 * The audit trail (issue #2, GB/T 22239-2019 §8.1.4 安全审计). `record` runs inside the caller's
 * transaction so the entry commits or rolls back with the change it describes.
 */
export function createAuditService(deps: { db: Database; key: Buffer }) {
  const { db, key } = deps;

  function row(entry: AuditEntry, actor: Actor = currentActor()) {
    const content = {
      occurredAt: new Date(),
      actorId: actor.userId,
      actorName: actor.username,
      actorRoles: [...actor.roles],
      ip: actor.ip ?? null,
      requestId: actor.requestId ?? null,
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId == null ? null : String(entry.objectId),
      success: entry.success ?? true,
      diff: entry.diff ?? null,
    };
    return { ...content, hmac: auditRowHmac(key, content) };
  }

  async function record(entry: AuditEntry): Promise<void> {
    await repo.insertAudit(row(entry));
  }

  /** One entry per changed object, written in bulk (same transaction rule as `record`). */
  async function recordMany(entries: AuditEntry[]): Promise<void> {
    if (entries.length > 0) await repo.insertAudits(entries.map((e) => row(e)));
  }

  /**
   * Entries made on behalf of different callers in one transaction (a batch of intakes): each row names
   * its own actor, ip and request; they are written in order, so the sealer chains them in that order.
   */
  async function recordManyAs(list: readonly { actor: Actor; entry: AuditEntry }[]): Promise<void> {
    if (list.length > 0) await repo.insertAudits(list.map((x) => row(x.entry, x.actor)));
  }

  /** Links pending rows into the chain. One sealer at a time; returns how many rows it sealed. */
  async function seal(batch = 2000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await transaction(db, SYSTEM_ACTOR, async () => {
        if (!(await repo.trySealerLock())) return 0;
        const pending = await repo.pendingBatch(batch);
        if (pending.length === 0) return 0;
        const last = await repo.lastChainLink();
        let prev = last?.chainHash ?? null;
        let seq = last?.seq ?? 0;
        const links = pending.map((p) => {
          prev = chainLink(key, prev, p.id, p.hmac);
          seq += 1;
          return { seq, auditId: p.id, chainHash: prev };
        });
        await repo.appendChain(links);
        return links.length;
      });
      total += n;
      if (n < batch) return total;
    }
  }

  /**
   * Recomputes every row's HMAC and every chain link. Reports rows whose content changed, chain links
   * whose row is gone (deleted), rows that are in neither the chain nor the queue (inserted), and rows
   * that have waited for the sealer longer than `staleAfterMs`.
   */
  async function verify(opts: { staleAfterMs?: number; pageSize?: number } = {}): Promise<VerifyReport> {
    const pageSize = opts.pageSize ?? 5000;
    const report: VerifyReport = {
      rowsChecked: 0,
      linksChecked: 0,
      changed: [],
      deleted: [],
      inserted: [],
      brokenLinks: [],
      unsealedStale: 0,
      ok: true,
    };
    await seal();
    await transaction(db, SYSTEM_ACTOR, async () => {
      let after = 0;
      for (;;) {
        const rows = await repo.auditPage(after, pageSize);
        for (const r of rows) {
          const expected = auditRowHmac(key, {
            occurredAt: r.occurredAt,
            actorId: r.actorId,
            actorName: r.actorName,
            actorRoles: r.actorRoles,
            ip: r.ip,
            requestId: r.requestId,
            action: r.action,
            objectType: r.objectType,
            objectId: r.objectId,
            success: r.success,
            diff: r.diff,
          });
          if (!expected.equals(r.hmac)) report.changed.push(r.id);
        }
        report.rowsChecked += rows.length;
        if (rows.length < pageSize) break;
        after = rows[rows.length - 1]!.id;
      }
      let prev: Buffer | null = null;
      let expectSeq = 1;
      let afterSeq = 0;
      for (;;) {
        const links = await repo.chainPage(afterSeq, pageSize);
        const hmacs = new Map(
          (await repo.auditHmacsByIds(links.map((l) => l.auditId))).map((h) => [h.id, h.hmac]),
        );
        for (const link of links) {
          if (link.seq !== expectSeq) report.brokenLinks.push(link.seq);
          const rowHmac = hmacs.get(link.auditId);
          if (!rowHmac) {
            report.deleted.push(link.auditId);
          } else if (!chainLink(key, prev, link.auditId, rowHmac).equals(link.chainHash)) {
            report.brokenLinks.push(link.seq);
          }
          // Continue from the stored link so one break is reported once, not for every later row.
          prev = link.chainHash;
          expectSeq = link.seq + 1;
        }
        report.linksChecked += links.length;
        if (links.length < pageSize) break;
        afterSeq = links[links.length - 1]!.seq;
      }
      for (const r of await repo.unchainedRows(10_000)) report.inserted.push(r.id);
      report.unsealedStale = await repo.pendingOlderThan(
        new Date(Date.now() - (opts.staleAfterMs ?? 10 * 60_000)),
      );
    });
    report.ok =
      report.changed.length + report.deleted.length + report.inserted.length + report.brokenLinks.length ===
        0 && report.unsealedStale === 0;
    return report;
  }

  return {
    record,
    recordMany,
    recordManyAs,
    /** Record in a transaction of its own (for events that change nothing else). */
    recordAs: (actor: Actor, entry: AuditEntry) => transaction(db, actor, () => record(entry)),
    seal,
    verify,
    search: (actor: Actor, f: repo.AuditFilter, limit: number, offset: number) =>
      transaction(db, actor, () => repo.searchAudit(f, limit, offset)),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
