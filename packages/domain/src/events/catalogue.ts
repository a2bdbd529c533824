import { DEPARTMENT_TYPE_KEYS, type DepartmentType } from '../territory/department-types';
import type { LimitUnit } from './categories';

/**
 * Rules for editing the event-category catalogue (issue #4). The catalogue is data an administrator
 * changes at run time; these checks keep it usable by intake, routing and the queue filters, which
 * match a major class by code prefix (so a sub-category's code must start with its class's code).
 */
export const CATEGORY_GROUPS = ['cityManagement', 'governance', 'hotline'] as const;
export type CategoryGroup = (typeof CATEGORY_GROUPS)[number];
export const LIMIT_UNITS = ['workingHours', 'workingDays', 'calendarHours', 'calendarDays'] as const;

/**
 * Bounds of a handling limit per unit. These are sanity settings, not law: they refuse typing slips
 * (0 days, 5000 hours), while every limit the reference quotes (2 hours … 30 days) fits inside.
 */
export const LIMIT_BOUNDS: Record<LimitUnit, { min: number; max: number }> = {
  workingHours: { min: 0.5, max: 400 },
  calendarHours: { min: 0.5, max: 720 },
  workingDays: { min: 0.5, max: 120 },
  calendarDays: { min: 0.5, max: 180 },
};

export interface CategoryDraft {
  code: string;
  name: string;
  nameEn: string;
  parent: string | null;
  group: CategoryGroup;
  limitValue: number;
  limitUnit: LimitUnit;
  limitSource: string;
  acceptCondition: string;
  closeCondition: string;
  departmentType: DepartmentType;
  photoRequired: boolean;
  duplicateRadiusM: number;
  duplicateWindowHours: number;
  urgent: boolean;
  sort: number;
}

/** What the catalogue already holds, as far as the checks need it. */
export interface CatalogueEntry {
  code: string;
  parent: string | null;
  group: string;
  active: boolean;
}

export type CatalogueProblem =
  | { code: 'EVENT_CATEGORY_CODE'; params: { code: string } }
  | { code: 'EVENT_CATEGORY_EXISTS'; params: { code: string } }
  | {
      code: 'EVENT_CATEGORY_PARENT';
      params: { parent: string; reason: { zh: string; en: string } };
    }
  | { code: 'EVENT_CATEGORY_LIMIT'; params: { min: number; max: number; unit: { zh: string; en: string } } }
  | { code: 'EVENT_CATEGORY_HAS_CHILDREN'; params: { code: string; children: string } };

export const LIMIT_UNIT_LABELS: Record<LimitUnit, { zh: string; en: string }> = {
  workingHours: { zh: '工作小时', en: 'working hours' },
  workingDays: { zh: '工作日', en: 'working days' },
  calendarHours: { zh: '自然小时', en: 'calendar hours' },
  calendarDays: { zh: '自然日', en: 'calendar days' },
};

const CODE_RE = /^[0-9A-Z]{2,8}$/;

/**
 * Checks a new or changed category against the catalogue; the first problem found, or null.
 * `mode: 'update'` keeps the code (the key events refer to) and the parent's children rule.
 */
export function checkCategory(
  draft: CategoryDraft,
  catalogue: readonly CatalogueEntry[],
  mode: 'create' | 'update',
): CatalogueProblem | null {
  const byCode = new Map(catalogue.map((c) => [c.code, c]));
  if (!CODE_RE.test(draft.code)) return { code: 'EVENT_CATEGORY_CODE', params: { code: draft.code } };
  if (mode === 'create' && byCode.has(draft.code))
    return { code: 'EVENT_CATEGORY_EXISTS', params: { code: draft.code } };
  if (draft.parent !== null) {
    const parent = byCode.get(draft.parent);
    const bad = (zh: string, en: string): CatalogueProblem => ({
      code: 'EVENT_CATEGORY_PARENT',
      params: { parent: draft.parent!, reason: { zh, en } },
    });
    if (!parent || parent.code === draft.code) return bad('大类不存在', 'no such major class');
    if (parent.parent !== null) return bad('它本身是小类', 'it is itself a sub-category');
    if (!parent.active) return bad('大类已停用', 'the major class is disabled');
    if (parent.group !== draft.group) return bad('分组与大类不一致', 'its group differs from the class');
    if (!draft.code.startsWith(parent.code) || draft.code.length <= parent.code.length)
      return bad('小类编码须以大类编码开头', 'a sub-category code must start with the class code');
    if (mode === 'update') {
      const children = catalogue.filter((c) => c.parent === draft.code);
      if (children.length)
        return {
          code: 'EVENT_CATEGORY_HAS_CHILDREN',
          params: { code: draft.code, children: children.map((c) => c.code).join('、') },
        };
    }
  }
  const b = LIMIT_BOUNDS[draft.limitUnit];
  if (!(b && Number.isFinite(draft.limitValue) && draft.limitValue >= b.min && draft.limitValue <= b.max))
    return {
      code: 'EVENT_CATEGORY_LIMIT',
      params: { min: b?.min ?? 0, max: b?.max ?? 0, unit: LIMIT_UNIT_LABELS[draft.limitUnit] },
    };
  return null;
}

/** A major class cannot be disabled while any of its sub-categories is still in use. */
export function checkDisable(code: string, catalogue: readonly CatalogueEntry[]): CatalogueProblem | null {
  const active = catalogue.filter((c) => c.parent === code && c.active);
  if (!active.length) return null;
  return {
    code: 'EVENT_CATEGORY_HAS_CHILDREN',
    params: { code, children: active.map((c) => c.code).join('、') },
  };
}

export const isDepartmentType = (t: string): t is DepartmentType =>
  (DEPARTMENT_TYPE_KEYS as readonly string[]).includes(t);
