import type { RegionLevel } from '@fengqiao/domain/territory/region-code';
import { api, type Query } from '@/shared/api/client';
import type { GeoJsonGeometry, Region } from '@/shared/api/types';
import type { Department } from '@/shared/org/departments';

export interface RegionCreate {
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  boundary?: GeoJsonGeometry | null;
  population?: number;
  households?: number;
  sort?: number;
}

export interface RegionPatch {
  version: number;
  name?: string;
  boundary?: GeoJsonGeometry | null;
  population?: number;
  households?: number;
  sort?: number;
}

export interface DepartmentCreate {
  code: string;
  name: string;
  shortName: string;
  type: string;
  regionId: number;
  phone?: string;
  duties?: string;
}

export interface DepartmentPatch {
  version: number;
  name?: string;
  shortName?: string;
  type?: string;
  phone?: string;
  duties?: string;
  active?: boolean;
}

export type PostType = 'gridLeader' | 'gridWorker' | 'unitLeader';
export const POST_TYPES: PostType[] = ['gridLeader', 'gridWorker', 'unitLeader'];

export interface Post {
  id: number;
  regionId: number;
  postType: PostType;
  userId: number | null;
  personName: string;
  phoneMasked: string | null;
  startedOn: string | null;
  endedOn: string | null;
  createdAt: string;
}

export interface PostCreate {
  regionId: number;
  postType: PostType;
  personName: string;
  phone?: string;
  userId?: number;
  startedOn?: string;
}

export interface ImportReport {
  dryRun: boolean;
  features: number;
  created: number;
  updated: number;
  errors: { index: number; code: string | null; message: string }[];
  warnings: { kind: string; codes: string[]; message: string; areaM2?: number }[];
}

export const territoryApi = {
  createRegion: (body: RegionCreate, key: string) =>
    api.post<Region>('/api/v1/regions', body, { idempotencyKey: key }),
  updateRegion: (id: number, body: RegionPatch) => api.patch<Region>(`/api/v1/regions/${id}`, body),
  deleteRegion: (id: number) => api.del<{ ok: true }>(`/api/v1/regions/${id}`),
  departments: (q: Query) => api.get<{ items: Department[] }>('/api/v1/departments', q).then((r) => r.items),
  createDepartment: (body: DepartmentCreate, key: string) =>
    api.post<Department>('/api/v1/departments', body, { idempotencyKey: key }),
  updateDepartment: (id: number, body: DepartmentPatch) =>
    api.patch<Department>(`/api/v1/departments/${id}`, body),
  posts: (regionId?: number) =>
    api.get<{ items: Post[] }>('/api/v1/posts', { regionId }).then((r) => r.items),
  createPost: (body: PostCreate, key: string) =>
    api.post<Post>('/api/v1/posts', body, { idempotencyKey: key }),
  endPost: (id: number) => api.del<unknown>(`/api/v1/posts/${id}`),
  importGeojson: (collection: unknown, dryRun: boolean, key?: string) =>
    api.post<ImportReport>('/api/v1/regions/import', collection, {
      query: { dryRun },
      idempotencyKey: dryRun ? undefined : key,
    }),
};

/** A GeoJSON Polygon/MultiPolygon (or a Feature / single-feature collection holding one), else null. */
export function geometryFrom(value: unknown): GeoJsonGeometry | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { type?: string; geometry?: unknown; features?: unknown[]; coordinates?: unknown };
  if (v.type === 'Feature') return geometryFrom(v.geometry);
  if (v.type === 'FeatureCollection' && Array.isArray(v.features) && v.features.length === 1)
    return geometryFrom(v.features[0]);
  if ((v.type === 'Polygon' || v.type === 'MultiPolygon') && Array.isArray(v.coordinates))
    return v as GeoJsonGeometry;
  return null;
}

export function vertexCount(g: GeoJsonGeometry | null): number {
  if (!g) return 0;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  return rings.reduce((n, ring) => n + ring.length, 0);
}
