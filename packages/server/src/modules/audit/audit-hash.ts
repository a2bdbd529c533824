import { createHmac } from 'node:crypto';

/** The fields of an audit row that its HMAC covers. */
export interface AuditContent {
  occurredAt: Date;
  actorId: number | null;
  actorName: string;
  actorRoles: readonly string[];
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  success: boolean;
  diff: Record<string, unknown> | null;
}

/** JSON with sorted keys, so a value read back from jsonb hashes exactly as it was written. */
export function canonicalJson(value: unknown): string {
  const normal = value === undefined ? null : JSON.parse(JSON.stringify(value));
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = walk((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(walk(normal));
}

export function auditRowHmac(key: Buffer, row: AuditContent): Buffer {
  const content = canonicalJson([
    row.occurredAt.toISOString(),
    row.actorId,
    row.actorName,
    [...row.actorRoles],
    row.ip,
    row.requestId,
    row.action,
    row.objectType,
    row.objectId,
    row.success,
    row.diff,
  ]);
  return createHmac('sha256', key).update(content).digest();
}

const GENESIS = Buffer.alloc(32);

/** Link n of the chain: HMAC(prev link ‖ audit id ‖ row HMAC). Deleting or reordering a row breaks it. */
export function chainLink(key: Buffer, prev: Buffer | null, auditId: number, rowHmac: Buffer): Buffer {
  const id = Buffer.alloc(8);
  id.writeBigUInt64BE(BigInt(auditId));
  return createHmac('sha256', key)
    .update(prev ?? GENESIS)
    .update(id)
    .update(rowHmac)
    .digest();
}

/** `{ field: [before, after] }` for the fields that changed; personal fields are left to the caller to mask. */
export function diffObjects(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  ignore: readonly string[] = ['updatedAt', 'version', 'passwordHash'],
): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const k of keys) {
    if (ignore.includes(k)) continue;
    const a = before?.[k] ?? null;
    const b = after?.[k] ?? null;
    if (canonicalJson(a) !== canonicalJson(b)) out[k] = [a, b];
  }
  return out;
}
