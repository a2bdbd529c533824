import { api, type Query } from '../api/client';

export interface Department {
  id: number;
  code: string;
  name: string;
  shortName: string;
  type: string;
  regionId: number;
  phone: string | null;
  duties: string;
  active: boolean;
  sort: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Departments are reference data: every signed-in user with `region:read` may list them. */
export function listDepartments(query: Query = {}): Promise<Department[]> {
  return api.get<{ items: Department[] }>('/api/v1/departments', query).then((r) => r.items);
}
