import { and, desc, eq, inArray } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { tableCaseStore } from '../cases/case-store.repo';
import { caseExtensions } from './extensions.schema';

export type ExtensionRow = typeof caseExtensions.$inferSelect;

export const extensionStore = tableCaseStore(caseExtensions);

export async function insertExtension(row: typeof caseExtensions.$inferInsert): Promise<ExtensionRow> {
  const [r] = await tx().insert(caseExtensions).values(row).returning();
  return r!;
}

export async function extensionsOf(kind: string, id: number): Promise<ExtensionRow[]> {
  return tx()
    .select()
    .from(caseExtensions)
    .where(
      and(
        eq(caseExtensions.parentKind, kind),
        eq(caseExtensions.parentId, id),
        inScope(caseExtensions.regionPath),
      ),
    )
    .orderBy(desc(caseExtensions.id));
}

export async function openExtension(
  kind: string,
  id: number,
  clock: string,
): Promise<ExtensionRow | undefined> {
  const [r] = await tx()
    .select()
    .from(caseExtensions)
    .where(
      and(
        eq(caseExtensions.parentKind, kind),
        eq(caseExtensions.parentId, id),
        eq(caseExtensions.clockName, clock),
        inArray(caseExtensions.state, ['submitted']),
      ),
    )
    .limit(1);
  return r;
}
