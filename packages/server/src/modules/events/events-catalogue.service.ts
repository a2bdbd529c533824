import { type CatalogueProblem, type CategoryDraft, checkCategory, checkDisable } from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { AuditService } from '../audit/audit.service';
import type { TerritoryService } from '../territory/territory.service';
import type { CategoryRow, RuleRow } from './events.repo';
import type { EventsService } from './events.service';
import * as repo from './events-catalogue.repo';

const CATEGORY = { zh: '事件类别', en: 'Event category' };
const RULE = { zh: '派单规则', en: 'Routing rule' };

export interface RuleInput {
  name: string;
  priority: number;
  active: boolean;
  regionPath: string | null;
  categoryCodes: string[];
  keywords: string[];
  hoursFrom: string | null;
  hoursTo: string | null;
  departmentId: number;
}

/**
 * The administrator's editor for the event-category catalogue and the routing rules (issue #4). Both
 * are district-wide reference data, so only an administrator whose scope is the whole district changes
 * them. Changes apply to events reported afterwards: an event keeps the limit it was reported with.
 * This process sees a change at once; other processes within the events service's 30 s cache.
 */
export function createEventCatalogueService(deps: {
  db: Database;
  audit: AuditService;
  events: EventsService;
  territory: TerritoryService;
}) {
  const { db, audit, events, territory } = deps;

  function checkScope(actor: Actor) {
    if (actor.scopePath !== '*' && actor.scopePath.includes('.')) throw new AppError('EVENT_CATALOGUE_SCOPE');
  }
  const raise = (p: CatalogueProblem | null) => {
    if (p) throw new AppError(p.code, p.params);
  };
  // The seed catalogue is written on first use (events.categories); read it only after that.
  const entries = async () =>
    (await list()).map((c) => ({
      code: c.code,
      parent: c.parent,
      group: c.group,
      active: c.active,
    }));

  async function list(): Promise<CategoryRow[]> {
    await events.categories();
    return transaction(db, SYSTEM_ACTOR, () => repo.listAllCategories());
  }

  async function create(actor: Actor, draft: CategoryDraft) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      raise(checkCategory(draft, await entries(), 'create'));
      const row = await repo.insertCategory({ ...draft, active: true });
      await audit.record({
        action: 'event.category.create',
        objectType: 'eventCategory',
        objectId: row.code,
        diff: { ...draft },
      });
      events.dropCaches();
      return row;
    });
  }

  async function update(actor: Actor, code: string, draft: Omit<CategoryDraft, 'code'>, version: number) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      const before = await repo.categoryByCode(code);
      if (!before) throw notFound(CATEGORY);
      raise(checkCategory({ ...draft, code }, await entries(), 'update'));
      const row = await repo.updateCategory(code, version, draft);
      if (!row) throw new AppError('CONFLICT');
      await audit.record({
        action: 'event.category.update',
        objectType: 'eventCategory',
        objectId: code,
        diff: changed(before, row),
      });
      events.dropCaches();
      return row;
    });
  }

  async function setActive(actor: Actor, code: string, active: boolean) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      const before = await repo.categoryByCode(code);
      if (!before) throw notFound(CATEGORY);
      const all = await entries();
      if (!active) raise(checkDisable(code, all));
      // A sub-category comes back only under an active class.
      if (active && before.parent && !all.find((c) => c.code === before.parent)?.active)
        raise(checkCategory(draftOf({ ...before, active }), all, 'update'));
      if (before.active === active) return before;
      const row = (await repo.updateCategory(code, before.version, { active }))!;
      await audit.record({
        action: active ? 'event.category.enable' : 'event.category.disable',
        objectType: 'eventCategory',
        objectId: code,
        diff: { active: [before.active, active] },
      });
      events.dropCaches();
      return row;
    });
  }

  /** Deletes a category nobody used yet (a typing slip); one in use can only be disabled. */
  async function remove(actor: Actor, code: string) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      const before = await repo.categoryByCode(code);
      if (!before) throw notFound(CATEGORY);
      const all = await entries();
      if (all.some((c) => c.parent === code))
        throw new AppError('EVENT_CATEGORY_HAS_CHILDREN', {
          code,
          children: all
            .filter((c) => c.parent === code)
            .map((c) => c.code)
            .join('、'),
        });
      if (await transaction(db, SYSTEM_ACTOR, () => repo.categoryInUse(code)))
        throw new AppError('EVENT_CATEGORY_IN_USE', { code });
      await repo.deleteCategory(code);
      await audit.record({
        action: 'event.category.delete',
        objectType: 'eventCategory',
        objectId: code,
        diff: { ...draftOf(before) },
      });
      events.dropCaches();
      return { code };
    });
  }

  // ---- routing rules ----

  async function checkRule(r: RuleInput) {
    if (
      (r.hoursFrom === null) !== (r.hoursTo === null) ||
      (r.hoursFrom !== null && r.hoursFrom === r.hoursTo)
    )
      throw new AppError('EVENT_RULE_HOURS');
    const depts = await territory.listDepartments(SYSTEM_ACTOR, { active: true });
    if (!depts.some((d) => d.id === r.departmentId))
      throw new AppError('EVENT_DEPARTMENT_UNKNOWN', { id: r.departmentId });
    const known = new Set((await events.categories()).filter((c) => c.active).map((c) => c.code));
    const unknown = r.categoryCodes.find((c) => !known.has(c));
    if (unknown) throw new AppError('EVENT_CATEGORY_UNKNOWN', { code: unknown });
    if (r.regionPath) {
      const dir = await territory.dir();
      if (![...dir.byId.values()].some((x) => x.regionPath === r.regionPath))
        throw notFound({ zh: '区域', en: 'Region' });
    }
  }
  const ruleColumns = ({ regionPath, ...r }: RuleInput) => ({ ...r, matchPath: regionPath });

  async function createRule(actor: Actor, input: RuleInput) {
    checkScope(actor);
    await checkRule(input);
    return events.addRule(actor, ruleColumns(input));
  }

  async function updateRule(actor: Actor, id: number, input: RuleInput, version: number) {
    checkScope(actor);
    await checkRule(input);
    return transaction(db, actor, async () => {
      const before = await repo.ruleById(id);
      if (!before) throw notFound(RULE);
      const row = await repo.updateRule(id, version, ruleColumns(input));
      if (!row) throw new AppError('CONFLICT');
      await audit.record({
        action: 'event.rule.update',
        objectType: 'eventRoutingRule',
        objectId: id,
        diff: changed(before, row),
      });
      events.dropCaches();
      return row;
    });
  }

  async function setRuleActive(actor: Actor, id: number, active: boolean) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      const before = await repo.ruleById(id);
      if (!before) throw notFound(RULE);
      if (before.active === active) return before;
      const row = (await repo.updateRule(id, null, { active }))!;
      await audit.record({
        action: active ? 'event.rule.enable' : 'event.rule.disable',
        objectType: 'eventRoutingRule',
        objectId: id,
        diff: { active: [before.active, active] },
      });
      events.dropCaches();
      return row;
    });
  }

  /**
   * Puts the rules in the given order (first match wins): priorities become 10, 20, 30… The list must
   * name every rule exactly once, so an order built on a stale page is refused (409).
   */
  async function reorderRules(actor: Actor, ids: number[]) {
    checkScope(actor);
    return transaction(db, actor, async () => {
      const rules = await repo.listAllRules();
      const want = new Set(ids);
      if (want.size !== ids.length || rules.length !== ids.length || rules.some((r) => !want.has(r.id)))
        throw new AppError('CONFLICT');
      const out: RuleRow[] = [];
      for (const [i, id] of ids.entries()) {
        const r = rules.find((x) => x.id === id)!;
        const priority = (i + 1) * 10;
        out.push(r.priority === priority ? r : (await repo.updateRule(id, null, { priority }))!);
      }
      await audit.record({
        action: 'event.rule.reorder',
        objectType: 'eventRoutingRule',
        objectId: ids.join(','),
        diff: { order: ids },
      });
      events.dropCaches();
      return out;
    });
  }

  /**
   * The region each rule is limited to, by name (the rule stores the region's path): `names` runs from
   * the district down to the region itself. A path no region has any more (a region removed after the
   * rule was written) answers null, and the page shows the raw path.
   */
  async function ruleRegions(
    paths: (string | null)[],
  ): Promise<Map<string, { id: number; name: string; names: string[] }>> {
    const dir = await territory.dir();
    const want = new Set(paths.filter((p): p is string => p !== null));
    const out = new Map<string, { id: number; name: string; names: string[] }>();
    if (!want.size) return out;
    for (const r of dir.byId.values()) {
      if (!want.has(r.regionPath)) continue;
      const names = dir.chain(r.id).map((x) => x.name); // root first
      out.set(r.regionPath, { id: r.id, name: r.name, names });
    }
    return out;
  }

  return {
    list,
    create,
    update,
    setActive,
    remove,
    createRule,
    updateRule,
    setRuleActive,
    reorderRules,
    ruleRegions,
  };
}

export type EventCatalogueService = ReturnType<typeof createEventCatalogueService>;

function draftOf(c: CategoryRow): CategoryDraft {
  return {
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    parent: c.parent,
    group: c.group as CategoryDraft['group'],
    limitValue: c.limitValue,
    limitUnit: c.limitUnit as CategoryDraft['limitUnit'],
    limitSource: c.limitSource,
    acceptCondition: c.acceptCondition,
    closeCondition: c.closeCondition,
    departmentType: c.departmentType as CategoryDraft['departmentType'],
    photoRequired: c.photoRequired,
    duplicateRadiusM: c.duplicateRadiusM,
    duplicateWindowHours: c.duplicateWindowHours,
    urgent: c.urgent,
    sort: c.sort,
  };
}

/** Fields that changed, as [before, after] (the audit diff). */
function changed<T extends object>(before: T, after: T): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    if (k === 'version' || k === 'updatedAt') continue;
    const a = before[k];
    const b = after[k];
    if (JSON.stringify(a) !== JSON.stringify(b)) out[String(k)] = [a, b];
  }
  return out;
}
