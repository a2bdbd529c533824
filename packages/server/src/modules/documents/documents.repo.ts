import { and, desc, eq, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { documentCounters, documentFiles, documents } from './documents.schema';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;

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
