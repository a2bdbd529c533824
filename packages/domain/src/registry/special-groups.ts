/**
 * Special populations (特殊人群) as tags on a person (reference/cn_governance.md §2.1: GB/T 31000 lists the
 * module; the member list is marked UNVERIFIED there, so the tags and their visit frequencies are settings
 * with these defaults, not law).
 */
export const SPECIAL_GROUPS = [
  'released', // 刑满释放人员 / 安置帮教
  'corrections', // 社区矫正对象
  'mentalDisorder', // 严重精神障碍患者
  'drug', // 吸毒人员 / 社区戒毒、社区康复
  'youth', // 重点青少年
  'petition', // 重点上访人员
] as const;
export type SpecialGroup = (typeof SPECIAL_GROUPS)[number];

export const SPECIAL_GROUP_LABELS: Record<SpecialGroup, { zh: string; en: string }> = {
  released: { zh: '刑满释放（安置帮教）', en: 'Released prisoner (resettlement)' },
  corrections: { zh: '社区矫正', en: 'Community corrections' },
  mentalDisorder: { zh: '严重精神障碍', en: 'Severe mental disorder' },
  drug: { zh: '吸毒（社区戒毒）', en: 'Drug user (community rehab)' },
  youth: { zh: '重点青少年', en: 'At-risk youth' },
  petition: { zh: '重点上访', en: 'Frequent petitioner' },
};

/** Default days between visits per tag; settable (`registry.visitFrequency`). No legal number is known. */
export const DEFAULT_VISIT_DAYS: Record<SpecialGroup, number> = {
  released: 30,
  corrections: 7,
  mentalDisorder: 30,
  drug: 30,
  youth: 30,
  petition: 14,
};

export type VisitStatus = 'overdue' | 'due' | 'ok';

const DAY = 86_400_000;

/** The date (YYYY-MM-DD, China time) the next visit is due: last visit (or the tag's start) + every days. */
export function nextVisitDue(lastVisitOn: string | null, since: string, everyDays: number): string {
  const base = Date.parse(`${lastVisitOn ?? since}T00:00:00+08:00`);
  return new Date(base + everyDays * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Overdue after the due date; due within `dueSoonDays` of it; otherwise fine. Dates are YYYY-MM-DD. */
export function visitStatus(dueOn: string, today: string, dueSoonDays = 3): VisitStatus {
  if (today > dueOn) return 'overdue';
  const days = (Date.parse(dueOn) - Date.parse(today)) / DAY;
  return days <= dueSoonDays ? 'due' : 'ok';
}
