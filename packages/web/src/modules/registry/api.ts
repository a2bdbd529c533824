import { api } from '@/shared/api/client';

export interface Person {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  sex: 'male' | 'female';
  birthDate: string;
  age: number;
  residenceType: string;
  residenceTypeLabel: { zh: string; en: string };
  address: { id: number; fullName: string | null };
  workplace: string | null;
  path: string;
  version: number;
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SpecialItem {
  id: number;
  tag: string;
  tagLabel: { zh: string; en: string };
  since: string;
  lastVisitOn: string | null;
  everyDays: number;
  dueOn: string;
  status: 'overdue' | 'due' | 'ok';
  person: { id: number; name: string; sex: string; age: number };
  address: { id: number; fullName: string; point: [number, number] | null } | null;
}

/** A standard address element (一标) as the server presents it. */
export interface StdAddress {
  id: number;
  code: string;
  parentId: number | null;
  kind: 'road' | 'doorplate' | 'compound' | 'building' | 'unit' | 'room';
  kindLabel: { zh: string; en: string };
  name: string;
  fullName: string;
  gridId: number | null;
  path: string;
  point: [number, number] | null;
  version: number;
}

export interface ImportJob {
  id: number;
  entity: string;
  fileName: string;
  format: string;
  encoding: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  totalRows: number;
  processed: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  warnings: number;
  error: string | null;
  createdAt: string;
}

export const registryApi = {
  people: (q: Record<string, string | number | undefined>) =>
    api.get<Paged<Person> & { totalExact: boolean }>('/api/v1/registry/people', q),
  person360: (id: number) => api.get<Record<string, unknown>>(`/api/v1/registry/people/${id}/360`),
  unmask: (id: number, field: 'idNumber' | 'phone', reason: string) =>
    api.post<{ field: string; value: string | null }>(
      `/api/v1/registry/people/${id}/unmask`,
      { field, reason },
      { idempotencyKey: true },
    ),
  houses: (q: Record<string, string | number | undefined>) =>
    api.get<Paged<Record<string, unknown>>>('/api/v1/registry/houses', q),
  orgs: (q: Record<string, string | number | undefined>) =>
    api.get<Paged<Record<string, unknown>>>('/api/v1/registry/organisations', q),
  special: (q: Record<string, string | undefined>) =>
    api.get<{ items: SpecialItem[]; counts: { overdue: number; due: number; total: number } }>(
      '/api/v1/registry/special',
      q,
    ),
  visit: (tagId: number, body: Record<string, unknown>) =>
    api.post<{ id: number; eventId: number | null }>(`/api/v1/registry/tags/${tagId}/visits`, body, {
      idempotencyKey: true,
    }),
  imports: () => api.get<{ items: ImportJob[] }>('/api/v1/registry/imports'),
  importJob: (id: number) => api.get<ImportJob>(`/api/v1/registry/imports/${id}`),
  issues: (id: number) =>
    api.get<{ items: { rowNo: number; column: string; severity: string; reason: string }[] }>(
      `/api/v1/registry/imports/${id}/issues`,
      { limit: 100 },
    ),
  upload: (entity: string, file: File) => {
    const fd = new FormData();
    fd.append('entity', entity);
    fd.append('file', file);
    return api.post<ImportJob>('/api/v1/registry/imports', fd);
  },
  match: (q: string, limit = 5) =>
    api.get<{ items: (StdAddress & { score: number; similarity: number })[] }>(
      '/api/v1/registry/addresses/match',
      { q, limit },
    ),
  addressChildren: (parentId: number | null) =>
    api
      .get<{ items: StdAddress[] }>('/api/v1/registry/addresses', { parentId: parentId ?? undefined })
      .then((r) => r.items),
  address: (id: number) => api.get<StdAddress>(`/api/v1/registry/addresses/${id}`),
};
