import { api } from '../api/client';
import type { Region, RegionDetail, RegionFeatureCollection } from '../api/types';

/** Territory reads shared by the picker, the map and list pages. */
export const regionApi = {
  get: (id: number) => api.get<RegionDetail>(`/api/v1/regions/${id}`),
  children: (id: number) =>
    api.get<{ items: Region[] }>(`/api/v1/regions/${id}/children`).then((r) => r.items),
  tree: (rootId?: number, depth = 2) =>
    api.get<{ root: number; items: Region[] }>('/api/v1/regions/tree', { rootId, depth }),
  search: (q: string, limit = 20) =>
    api
      .get<{ items: (Region & { chainNames: string[] })[] }>('/api/v1/regions/search', { q, limit })
      .then((r) => r.items),
  geojson: (parentId: number | undefined, level: string) =>
    api.get<RegionFeatureCollection>('/api/v1/regions/geojson', { parentId, level }),
};

/** Small cache of region names, so tables can show a name for a region id without a request per row. */
const names = new Map<number, string>();

export function rememberRegions(rows: { id: number; name: string }[]): void {
  for (const r of rows) names.set(r.id, r.name);
}

export function regionName(id: number | null | undefined): string | undefined {
  return id == null ? undefined : names.get(id);
}

/** Loads (once) the names of every region under `rootId` down to `depth` levels. */
export async function preloadRegionNames(rootId: number | undefined, depth: number): Promise<void> {
  const { items } = await regionApi.tree(rootId, depth);
  rememberRegions(items);
}
