import { and, eq, sql } from 'drizzle-orm';
import { tx } from '../../db/context';
import type { CategoryRow, RuleRow } from './events.repo';
import { eventCategories, eventRoutingRules, events } from './events.schema';

/** Catalogue and routing-rule editing (admin). Reference data: district-wide, no region scope. */

export { listCategories as listAllCategories, listRules as listAllRules } from './events.repo';

export async function categoryByCode(code: string): Promise<CategoryRow | undefined> {
  const [r] = await tx().select().from(eventCategories).where(eq(eventCategories.code, code)).limit(1);
  return r;
}

export async function insertCategory(row: typeof eventCategories.$inferInsert): Promise<CategoryRow> {
  const [r] = await tx().insert(eventCategories).values(row).returning();
  return r!;
}

/** Updates a category if its version still matches; undefined when someone changed it meanwhile. */
export async function updateCategory(
  code: string,
  version: number,
  set: Partial<typeof eventCategories.$inferInsert>,
): Promise<CategoryRow | undefined> {
  const [r] = await tx()
    .update(eventCategories)
    .set({ ...set, version: sql`${eventCategories.version} + 1`, updatedAt: new Date() })
    .where(and(eq(eventCategories.code, code), eq(eventCategories.version, version)))
    .returning();
  return r;
}

export async function deleteCategory(code: string): Promise<boolean> {
  const r = await tx().delete(eventCategories).where(eq(eventCategories.code, code)).returning();
  return r.length > 0;
}

/** Whether any event (any region: the caller runs as the system) or rule refers to the category. */
export async function categoryInUse(code: string): Promise<boolean> {
  const [e] = await tx().select({ id: events.id }).from(events).where(eq(events.categoryCode, code)).limit(1);
  if (e) return true;
  const [r] = await tx()
    .select({ id: eventRoutingRules.id })
    .from(eventRoutingRules)
    .where(sql`${code} = ANY(${eventRoutingRules.categoryCodes})`)
    .limit(1);
  return r !== undefined;
}

export async function ruleById(id: number): Promise<RuleRow | undefined> {
  const [r] = await tx().select().from(eventRoutingRules).where(eq(eventRoutingRules.id, id)).limit(1);
  return r;
}

export async function updateRule(
  id: number,
  version: number | null,
  set: Partial<typeof eventRoutingRules.$inferInsert>,
): Promise<RuleRow | undefined> {
  const [r] = await tx()
    .update(eventRoutingRules)
    .set({ ...set, version: sql`${eventRoutingRules.version} + 1` })
    .where(
      version === null
        ? eq(eventRoutingRules.id, id)
        : and(eq(eventRoutingRules.id, id), eq(eventRoutingRules.version, version)),
    )
    .returning();
  return r;
}
