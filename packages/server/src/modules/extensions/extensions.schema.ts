import { bigint, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';
import { caseColumns, caseIndexes } from '../cases/case-columns.schema';

/**
 * 延期申请 (issue #3's own small workflow): a request for more time on one clock of another case, itself a
 * case on the engine. It lives in the parent's region, so it is scoped like the parent.
 */
export const caseExtensions = pgTable(
  'case_extensions',
  {
    ...caseColumns(),
    parentKind: text('parent_kind').notNull(),
    parentId: bigint('parent_id', { mode: 'number' }).notNull(),
    clockName: text('clock_name').notNull(),
    amount: doublePrecision('amount').notNull(),
    unit: text('unit').notNull(),
    reason: text('reason').notNull(),
    grantedAmount: doublePrecision('granted_amount'),
  },
  (t) => [
    ...caseIndexes('case_extensions', t),
    index('case_extensions_parent_idx').on(t.parentKind, t.parentId),
  ],
);
