import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import {
  documentCounters,
  documentDrafts,
  documentFiles,
  documentSigners,
  documents,
} from './documents.schema';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type DraftRow = typeof documentDrafts.$inferSelect;
export type SignerRow = typeof documentSigners.$inferSelect;

export async function nextNumber(template: string, year: number): Promise<number> {
  const [r] = await tx()
    .insert(documentCounters)
    .values({ template, year, last: 1 })
    .onConflictDoUpdate({
      target: [documentCounters.template, documentCounters.year],
      set: { last: sql`${documentCounters.last} + 1` },
    })
    .returning({ last: documentCounters.last });
  return r!.last;
}

export async function insertDocument(
  row: NewDocumentRow,
  files: { format: 'pdf' | 'docx'; bytes: Buffer }[],
): Promise<DocumentRow> {
  const [doc] = await tx().insert(documents).values(row).returning();
  await tx()
    .insert(documentFiles)
    .values(
      files.map((f) => ({ documentId: doc!.id, format: f.format, bytes: f.bytes, size: f.bytes.length })),
    );
  return doc!;
}

export async function documentById(id: number): Promise<DocumentRow | undefined> {
  const [r] = await tx()
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), inScope(documents.regionPath)))
    .limit(1);
  return r;
}

/** Public verification: looks up by code regardless of scope (the caller runs as the system). */
export async function documentByVerifyCode(code: string): Promise<DocumentRow | undefined> {
  const [r] = await tx().select().from(documents).where(eq(documents.verifyCode, code)).limit(1);
  return r;
}

export async function documentsOf(subjectType: string, subjectId: number): Promise<DocumentRow[]> {
  return tx()
    .select()
    .from(documents)
    .where(
      and(
        eq(documents.subjectType, subjectType),
        eq(documents.subjectId, subjectId),
        inScope(documents.regionPath),
      ),
    )
    .orderBy(desc(documents.issuedAt));
}

export async function fileOf(documentId: number, format: 'pdf' | 'docx'): Promise<Buffer | undefined> {
  const [r] = await tx()
    .select({ bytes: documentFiles.bytes })
    .from(documentFiles)
    .innerJoin(documents, eq(documents.id, documentFiles.documentId))
    .where(
      and(
        eq(documentFiles.documentId, documentId),
        eq(documentFiles.format, format),
        inScope(documents.regionPath),
      ),
    )
    .limit(1);
  return r?.bytes;
}

export async function revokeDocument(id: number, reason: string): Promise<DocumentRow | undefined> {
  const [r] = await tx()
    .update(documents)
    .set({ status: 'revoked', revokedReason: reason, revokedAt: new Date() })
    .where(and(eq(documents.id, id), eq(documents.status, 'valid'), inScope(documents.regionPath)))
    .returning();
  return r;
}

// ---- drafts awaiting signatures ----

export async function insertDraft(
  row: typeof documentDrafts.$inferInsert,
  signers: Omit<typeof documentSigners.$inferInsert, 'draftId' | 'regionPath'>[],
): Promise<{ draft: DraftRow; signers: SignerRow[] }> {
  const [draft] = await tx().insert(documentDrafts).values(row).returning();
  const rows = await tx()
    .insert(documentSigners)
    .values(signers.map((x) => ({ ...x, draftId: draft!.id, regionPath: draft!.regionPath })))
    .returning();
  return { draft: draft!, signers: rows.sort((a, b) => a.seq - b.seq) };
}

/** Voids the open drafts of a subject and purpose (a new draft replaces them); returns their ids. */
export async function voidOpenDrafts(
  subjectType: string,
  subjectId: number,
  purpose: string,
): Promise<number[]> {
  const rows = await tx()
    .update(documentDrafts)
    .set({ status: 'void', closedAt: new Date() })
    .where(
      and(
        eq(documentDrafts.subjectType, subjectType),
        eq(documentDrafts.subjectId, subjectId),
        eq(documentDrafts.purpose, purpose),
        eq(documentDrafts.status, 'open'),
        inScope(documentDrafts.regionPath),
      ),
    )
    .returning({ id: documentDrafts.id });
  if (rows.length)
    // Unused links die with their draft.
    await tx()
      .update(documentSigners)
      .set({ linkTokenSha256: null, linkExpiresAt: null })
      .where(
        and(
          inArray(
            documentSigners.draftId,
            rows.map((r) => r.id),
          ),
          isNull(documentSigners.signedAt),
        ),
      );
  return rows.map((r) => r.id);
}

export async function latestDraft(
  subjectType: string,
  subjectId: number,
  purpose: string,
): Promise<DraftRow | undefined> {
  const [r] = await tx()
    .select()
    .from(documentDrafts)
    .where(
      and(
        eq(documentDrafts.subjectType, subjectType),
        eq(documentDrafts.subjectId, subjectId),
        eq(documentDrafts.purpose, purpose),
        inScope(documentDrafts.regionPath),
      ),
    )
    .orderBy(desc(documentDrafts.id))
    .limit(1);
  return r;
}

export async function draftById(id: number, opts: { lock?: boolean } = {}): Promise<DraftRow | undefined> {
  const q = tx()
    .select()
    .from(documentDrafts)
    .where(and(eq(documentDrafts.id, id), inScope(documentDrafts.regionPath)))
    .limit(1);
  const [r] = opts.lock ? await q.for('update') : await q;
  return r;
}

export async function signersOf(draftId: number): Promise<SignerRow[]> {
  return tx()
    .select()
    .from(documentSigners)
    .where(and(eq(documentSigners.draftId, draftId), inScope(documentSigners.regionPath)))
    .orderBy(asc(documentSigners.seq));
}

export async function signerById(id: number): Promise<SignerRow | undefined> {
  const [r] = await tx()
    .select()
    .from(documentSigners)
    .where(and(eq(documentSigners.id, id), inScope(documentSigners.regionPath)))
    .limit(1);
  return r;
}

/** Public signing: by the link token's hash, regardless of scope (the caller runs as the system). */
export async function signerByToken(tokenSha256: string): Promise<SignerRow | undefined> {
  const [r] = await tx()
    .select()
    .from(documentSigners)
    .where(eq(documentSigners.linkTokenSha256, tokenSha256))
    .limit(1);
  return r;
}

export async function setLink(id: number, tokenSha256: string, expiresAt: Date): Promise<void> {
  await tx()
    .update(documentSigners)
    .set({ linkTokenSha256: tokenSha256, linkExpiresAt: expiresAt, linkSentAt: new Date() })
    .where(and(eq(documentSigners.id, id), inScope(documentSigners.regionPath)));
}

/** Records a signature once: only an unsigned signer row is updated (a second signature finds none). */
export async function recordSignature(
  id: number,
  s: Pick<
    SignerRow,
    'signedAt' | 'signedSha256' | 'imageSha256' | 'attachmentId' | 'method' | 'witnessUserId' | 'evidence'
  >,
): Promise<SignerRow | undefined> {
  const [r] = await tx()
    .update(documentSigners)
    // The link is used up with the signature.
    .set({ ...s, linkTokenSha256: null, linkExpiresAt: null })
    .where(
      and(eq(documentSigners.id, id), isNull(documentSigners.signedAt), inScope(documentSigners.regionPath)),
    )
    .returning();
  return r;
}

/** Closes an open draft as issued; false when it was no longer open (replaced or issued meanwhile). */
export async function markDraftIssued(id: number, documentId: number): Promise<boolean> {
  const rows = await tx()
    .update(documentDrafts)
    .set({ status: 'issued', documentId, closedAt: new Date() })
    .where(
      and(eq(documentDrafts.id, id), eq(documentDrafts.status, 'open'), inScope(documentDrafts.regionPath)),
    )
    .returning({ id: documentDrafts.id });
  return rows.length === 1;
}
