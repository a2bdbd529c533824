import type { Permission } from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import type { DocumentInput, DocumentsService, PreparedDocument } from '../documents/documents.service';

export type DocumentRow = Awaited<ReturnType<DocumentsService['store']>>;

/**
 * A step that issues a document: `plan` reads and checks in a short transaction and says what to draw;
 * the document is rendered OUTSIDE any transaction; `commit` re-checks what may have changed meanwhile
 * and writes the document together with its own change in a second short transaction. Bad input fails
 * in `plan`, before anything is written; a failing `commit` writes nothing either.
 */
export function documentSteps(db: Database, documents: DocumentsService) {
  return async function withDocument<C, T>(
    actor: Actor,
    plan: () => Promise<{
      ctx: C;
      /** A plain document, or a prepared one (a signed draft rendered by the caller). */
      doc: DocumentInput | null;
      permissions: ReadonlySet<Permission>;
    }>,
    commit: (ctx: C, doc: DocumentRow | null) => Promise<T>,
  ): Promise<T> {
    const p = await transaction(db, actor, plan);
    const prepared: PreparedDocument | null = p.doc
      ? await documents.prepare(actor, p.doc, p.permissions)
      : null;
    return transaction(db, actor, async () =>
      commit(p.ctx, prepared ? await documents.store(actor, prepared) : null),
    );
  };
}
