export interface AuditEntry {
  id: number;
  occurredAt: string;
  actorId: number | null;
  actorName: string;
  actorRoles: string[];
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  success: boolean;
  diff: Record<string, unknown> | null;
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

/** `{ field: [before, after] }` is how the server records a change; anything else is context. */
export function splitDiff(diff: Record<string, unknown> | null): {
  changes: { field: string; before: unknown; after: unknown }[];
  context: { key: string; value: unknown }[];
} {
  const changes: { field: string; before: unknown; after: unknown }[] = [];
  const context: { key: string; value: unknown }[] = [];
  for (const [k, v] of Object.entries(diff ?? {})) {
    if (Array.isArray(v) && v.length === 2) changes.push({ field: k, before: v[0], after: v[1] });
    else context.push({ key: k, value: v });
  }
  return { changes, context };
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v, null, 1);
}
