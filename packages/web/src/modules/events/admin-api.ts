import { api } from '@/shared/api/client';

/** A catalogue entry as the administrator edits it. */
export interface CategoryRow {
  code: string;
  name: string;
  nameEn: string;
  parent: string | null;
  group: string;
  limitValue: number;
  limitUnit: string;
  limitSource: string;
  acceptCondition: string;
  closeCondition: string;
  departmentType: string;
  photoRequired: boolean;
  duplicateRadiusM: number;
  duplicateWindowHours: number;
  urgent: boolean;
  active: boolean;
  sort: number;
  version: number;
  updatedAt: string;
}
export type CategoryFields = Omit<CategoryRow, 'code' | 'active' | 'version' | 'updatedAt'>;

export interface RuleRow {
  id: number;
  name: string;
  priority: number;
  active: boolean;
  regionPath: string | null;
  categoryCodes: string[];
  keywords: string[];
  hoursFrom: string | null;
  hoursTo: string | null;
  departmentId: number;
  version: number;
  /** The region by name, district first (null: anywhere, or a region that no longer exists). */
  region: { id: number; name: string; names: string[] } | null;
}
export type RuleFields = Omit<RuleRow, 'id' | 'version' | 'region'>;

export const catalogueApi = {
  categories: () => api.get<CategoryRow[]>('/api/v1/event-categories/all'),
  createCategory: (body: CategoryFields & { code: string }, idempotencyKey: string) =>
    api.post<CategoryRow>('/api/v1/event-categories', body, { idempotencyKey }),
  updateCategory: (code: string, body: CategoryFields & { version: number }) =>
    api.put<CategoryRow>(`/api/v1/event-categories/${code}`, body, { idempotencyKey: true }),
  setCategoryActive: (code: string, active: boolean) =>
    api.post<CategoryRow>(`/api/v1/event-categories/${code}/${active ? 'enable' : 'disable'}`, undefined, {
      idempotencyKey: true,
    }),
  deleteCategory: (code: string) =>
    api.del<{ code: string }>(`/api/v1/event-categories/${code}`, { idempotencyKey: true }),
  rules: () => api.get<RuleRow[]>('/api/v1/event-routing-rules'),
  createRule: (body: RuleFields, idempotencyKey: string) =>
    api.post<RuleRow>('/api/v1/event-routing-rules', body, { idempotencyKey }),
  updateRule: (id: number, body: RuleFields & { version: number }) =>
    api.put<RuleRow>(`/api/v1/event-routing-rules/${id}`, body, { idempotencyKey: true }),
  setRuleActive: (id: number, active: boolean) =>
    api.post<RuleRow>(`/api/v1/event-routing-rules/${id}/${active ? 'enable' : 'disable'}`, undefined, {
      idempotencyKey: true,
    }),
  reorderRules: (ids: number[]) =>
    api.post<RuleRow[]>('/api/v1/event-routing-rules/order', { ids }, { idempotencyKey: true }),
};
