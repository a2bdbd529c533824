/**
 * 派单: ordered routing rules (issue #4). A rule matches on any combination of region (the event lies in
 * or under its path), category (the code or its major class), keywords (any one in the description) and
 * time of day (Asia/Shanghai, a window may wrap past midnight). Rules are tried by priority, then id;
 * the first match wins. Without a match the category's default department takes it, and a matter with
 * no clear department goes to the town government (属地兜底, 北京市接诉即办工作条例 第12条,
 * cn_governance.md §3.1).
 */
export interface RoutingRule {
  id: number;
  priority: number;
  active: boolean;
  /** ltree path; null = anywhere. */
  regionPath: string | null;
  /** Category codes (a major-class code covers its subclasses); empty = any. */
  categoryCodes: readonly string[];
  /** Any one of these in the description; empty = any. */
  keywords: readonly string[];
  /** 'HH:MM' local time window [from, to); null = any time. */
  hoursFrom: string | null;
  hoursTo: string | null;
  departmentId: number;
}

export interface RoutingInput {
  regionPath: string;
  categoryCode: string;
  /** Major class of the category (null when it is one). */
  categoryParent: string | null;
  description: string;
  at: Date;
}

export type RoutingDecision =
  | { departmentId: number; by: 'rule'; ruleId: number }
  | { departmentId: number; by: 'category'; ruleId: null }
  | { departmentId: number | null; by: 'fallback'; ruleId: null };

/** Minutes since local midnight in China Standard Time (UTC+8, no DST). */
export function localMinutes(at: Date): number {
  const m = Math.floor(at.getTime() / 60_000) + 8 * 60;
  return ((m % 1440) + 1440) % 1440;
}

function parseHm(hm: string): number {
  const [h, m] = hm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export function inWindow(minutes: number, from: string, to: string): boolean {
  const a = parseHm(from);
  const b = parseHm(to);
  if (a === b) return true;
  return a < b ? minutes >= a && minutes < b : minutes >= a || minutes < b;
}

const underPath = (path: string, ancestor: string) => path === ancestor || path.startsWith(`${ancestor}.`);

export function ruleMatches(rule: RoutingRule, ev: RoutingInput): boolean {
  if (!rule.active) return false;
  if (rule.regionPath && !underPath(ev.regionPath, rule.regionPath)) return false;
  if (
    rule.categoryCodes.length &&
    !rule.categoryCodes.some(
      (c) => c === ev.categoryCode || (ev.categoryParent !== null && c === ev.categoryParent),
    )
  )
    return false;
  if (
    rule.keywords.length &&
    !rule.keywords.some((k) => k.trim() !== '' && ev.description.includes(k.trim()))
  )
    return false;
  if (rule.hoursFrom && rule.hoursTo && !inWindow(localMinutes(ev.at), rule.hoursFrom, rule.hoursTo))
    return false;
  return true;
}

export function sortRules(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || a.id - b.id);
}

export function route(
  rules: readonly RoutingRule[],
  ev: RoutingInput,
  defaults: { categoryDepartmentId: number | null; townDepartmentId: number | null },
): RoutingDecision {
  for (const r of sortRules(rules))
    if (ruleMatches(r, ev)) return { departmentId: r.departmentId, by: 'rule', ruleId: r.id };
  if (defaults.categoryDepartmentId !== null)
    return { departmentId: defaults.categoryDepartmentId, by: 'category', ruleId: null };
  return { departmentId: defaults.townDepartmentId, by: 'fallback', ruleId: null };
}
