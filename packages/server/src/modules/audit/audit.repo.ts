import { and, asc, count, desc, eq, gt, gte, ilike, lte, type SQL, sql } from 'drizzle-orm';
import { tx } from '../../db/context';
import { jsonInsertSql } from '../../db/json-rows';
import { containsPattern, prefixPattern } from '../../db/like';
import { rowsOf } from '../../db/rows';
import { writeBehind } from '../../db/write-behind';
import { auditChain, auditLog, auditPending } from './audit.schema';

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;

export async function insertAudit(row: NewAuditRow): Promise<number> {
  const [r] = await tx().insert(auditLog).values(row).returning({ id: auditLog.id });
  await tx().insert(auditPending).values({ auditId: r!.id });
  return r!.id;
}

/** Many rows, and their places in the chain queue, in one statement per chunk (intake batches, imports). */
export async function insertAudits(rows: NewAuditRow[]): Promise<void> {
  // The chain queue's rows name the new ids: two parts of one statement (held back in a write-behind transaction).
  for (let i = 0; i < rows.length; i += 500)
    await writeBehind([
      { sql: jsonInsertSql(auditLog, rows.slice(i, i + 500)) },
      {
        sql: (ref) =>
          sql`INSERT INTO ${auditPending} (${sql.identifier(auditPending.auditId.name)}) SELECT id FROM ${ref(0)} ORDER BY id`,
      },
    ]);
}

export interface AuditFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  success?: boolean | undefined;
}

function where(f: AuditFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.from) conds.push(gte(auditLog.occurredAt, f.from));
  if (f.to) conds.push(lte(auditLog.occurredAt, f.to));
  if (f.actor) conds.push(ilike(auditLog.actorName, containsPattern(f.actor)));
  if (f.action) conds.push(sql`${auditLog.action} LIKE ${prefixPattern(f.action)}`);
  if (f.objectType) conds.push(eq(auditLog.objectType, f.objectType));
  if (f.objectId) conds.push(eq(auditLog.objectId, f.objectId));
  if (f.success !== undefined) conds.push(eq(auditLog.success, f.success));
  return conds.length ? and(...conds) : undefined;
}

export async function searchAudit(f: AuditFilter, limit: number, offset: number) {
  const rows = await tx()
    .select()
    .from(auditLog)
    .where(where(f))
    .orderBy(desc(auditLog.occurredAt), desc(auditLog.id))
    .limit(limit)
    .offset(offset);
  const [total] = await tx().select({ n: count() }).from(auditLog).where(where(f));
  return { rows, total: total?.n ?? 0 };
}

export async function lastChainLink() {
  const [r] = await tx().select().from(auditChain).orderBy(desc(auditChain.seq)).limit(1);
  return r ?? null;
}

/** Pending rows joined to their HMACs, oldest id first. */
export async function pendingBatch(limit: number) {
  return tx()
    .select({ id: auditLog.id, hmac: auditLog.hmac })
    .from(auditPending)
    .innerJoin(auditLog, eq(auditLog.id, auditPending.auditId))
    .orderBy(asc(auditPending.auditId))
    .limit(limit);
}

export async function appendChain(links: { seq: number; auditId: number; chainHash: Buffer }[]) {
  if (links.length === 0) return;
  await tx().insert(auditChain).values(links);
  await tx()
    .delete(auditPending)
    .where(
      sql`${auditPending.auditId} IN (${sql.join(
        links.map((l) => sql`${l.auditId}`),
        sql`, `,
      )})`,
    );
}

/** Try to become the only sealer for this transaction (a no-op lock on PGlite, which has one connection). */
export async function trySealerLock(): Promise<boolean> {
  const res = await tx().execute(sql`SELECT pg_try_advisory_xact_lock(72700002) AS ok`);
  return rowsOf<{ ok: boolean }>(res)[0]?.ok === true;
}

export async function auditPage(afterId: number, limit: number) {
  return tx().select().from(auditLog).where(gt(auditLog.id, afterId)).orderBy(asc(auditLog.id)).limit(limit);
}

export async function chainPage(afterSeq: number, limit: number) {
  return tx()
    .select()
    .from(auditChain)
    .where(gt(auditChain.seq, afterSeq))
    .orderBy(asc(auditChain.seq))
    .limit(limit);
}

export async function auditHmacsByIds(ids: number[]) {
  if (ids.length === 0) return [];
  return tx()
    .select({ id: auditLog.id, hmac: auditLog.hmac })
    .from(auditLog)
    .where(
      sql`${auditLog.id} IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
}

/** Audit rows that are neither chained nor waiting to be: inserted behind the sealer's back. */
export async function unchainedRows(limit: number) {
  return tx()
    .select({ id: auditLog.id, occurredAt: auditLog.occurredAt })
    .from(auditLog)
    .where(
      sql`NOT EXISTS (SELECT 1 FROM ${auditChain} c WHERE c.audit_id = ${auditLog.id})
          AND NOT EXISTS (SELECT 1 FROM ${auditPending} p WHERE p.audit_id = ${auditLog.id})`,
    )
    .orderBy(asc(auditLog.id))
    .limit(limit);
}

export async function pendingOlderThan(cutoff: Date) {
  const [r] = await tx()
    .select({ n: count() })
    .from(auditPending)
    .innerJoin(auditLog, eq(auditLog.id, auditPending.auditId))
    .where(lte(auditLog.occurredAt, cutoff));
  return r?.n ?? 0;
}
