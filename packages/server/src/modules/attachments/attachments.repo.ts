import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { attachments } from './attachments.schema';

export type AttachmentRow = typeof attachments.$inferSelect;
export type NewAttachmentRow = typeof attachments.$inferInsert;

export async function insertAttachments(rows: NewAttachmentRow[]): Promise<AttachmentRow[]> {
  if (!rows.length) return [];
  return tx().insert(attachments).values(rows).returning();
}

export async function attachmentById(id: number): Promise<AttachmentRow | undefined> {
  const [r] = await tx()
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, id), inScope(attachments.regionPath)))
    .limit(1);
  return r;
}

export async function attachmentsByIds(ids: readonly number[]): Promise<AttachmentRow[]> {
  if (!ids.length) return [];
  return tx()
    .select()
    .from(attachments)
    .where(and(inArray(attachments.id, [...ids]), inScope(attachments.regionPath)));
}

/**
 * Attaches uploads to their owner: only the uploader's own unattached files, or files already on the
 * same owner. Returns the ids that were (or already were) attached.
 */
export async function attach(
  ids: readonly number[],
  uploader: number | null,
  owner: { kind: string; id: number; regionPath: string },
): Promise<number[]> {
  if (!ids.length) return [];
  const res = await tx()
    .update(attachments)
    .set({ ownerKind: owner.kind, ownerId: owner.id, regionPath: owner.regionPath })
    .where(
      and(
        inArray(attachments.id, [...ids]),
        inScope(attachments.regionPath),
        or(
          and(
            isNull(attachments.ownerKind),
            uploader === null ? sql`false` : eq(attachments.uploadedBy, uploader),
          ),
          and(eq(attachments.ownerKind, owner.kind), eq(attachments.ownerId, owner.id)),
        ),
      ),
    )
    .returning({ id: attachments.id });
  return res.map((r) => r.id);
}

export async function attachmentsOf(kind: string, id: number): Promise<AttachmentRow[]> {
  return tx()
    .select()
    .from(attachments)
    .where(and(eq(attachments.ownerKind, kind), eq(attachments.ownerId, id), inScope(attachments.regionPath)))
    .orderBy(attachments.id);
}

/** Claims unattached uploads of people without an account (see PUBLIC_UPLOAD_PATH) for their owner. */
export async function claimPublic(
  ids: readonly number[],
  publicPath: string,
  owner: { kind: string; id: number; regionPath: string },
): Promise<number[]> {
  if (!ids.length) return [];
  const res = await tx()
    .update(attachments)
    .set({ ownerKind: owner.kind, ownerId: owner.id, regionPath: owner.regionPath })
    .where(
      and(
        inArray(attachments.id, [...ids]),
        isNull(attachments.ownerKind),
        isNull(attachments.uploadedBy),
        sql`${attachments.regionPath} = ${publicPath}::ltree`,
      ),
    )
    .returning({ id: attachments.id });
  return res.map((r) => r.id);
}

/**
 * Deletes up to `limit` uploads of people without an account that no report claimed and that were
 * uploaded before `before`; returns what was deleted (the caller removes unreferenced files).
 */
export async function deleteUnclaimedPublic(
  publicPath: string,
  before: Date,
  limit: number,
): Promise<Pick<AttachmentRow, 'id' | 'sha256' | 'name' | 'size'>[]> {
  const doomed = tx()
    .select({ id: attachments.id })
    .from(attachments)
    .where(
      and(
        isNull(attachments.ownerKind),
        isNull(attachments.uploadedBy),
        sql`${attachments.regionPath} = ${publicPath}::ltree`,
        lt(attachments.createdAt, before),
      ),
    )
    .orderBy(attachments.id)
    .limit(limit);
  return tx().delete(attachments).where(inArray(attachments.id, doomed)).returning({
    id: attachments.id,
    sha256: attachments.sha256,
    name: attachments.name,
    size: attachments.size,
  });
}

/** Which of these contents some attachment row (any scope; run as the system) still points at. */
export async function shasInUse(shas: readonly string[]): Promise<Set<string>> {
  if (!shas.length) return new Set();
  const rows = await tx()
    .selectDistinct({ sha256: attachments.sha256 })
    .from(attachments)
    .where(inArray(attachments.sha256, [...shas]));
  return new Set(rows.map((r) => r.sha256));
}
