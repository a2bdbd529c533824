/** Shapes of the API's answers that several modules share. Module-specific shapes live with the module. */
import type { Permission, Role } from '@fengqiao/domain/identity/roles';
import type { RegionLevel } from '@fengqiao/domain/territory/region-code';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface ScopeRef {
  regionId: number;
  code: string;
  name: string;
  level: RegionLevel;
  path: string;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  roleLabels: Bilingual[];
  scope: ScopeRef | null;
  departmentId: number | null;
  phoneMasked: string | null;
  status: 'active' | 'disabled';
  locked: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  version: number;
}

export interface Me extends UserView {
  permissions: Permission[];
  scopeChain: { id: number; name: string; level: RegionLevel }[];
  departmentName: string | null;
}

export interface Region {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  path: string;
  centroid: [number, number] | null;
  areaM2: number | null;
  population: number;
  households: number;
  sort: number;
  version: number;
}

export interface RegionDetail extends Region {
  boundary: GeoJsonGeometry | null;
  chain: { id: number; name: string; level: RegionLevel }[];
}

export type GeoJsonGeometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface RegionFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: number;
    properties: { id: number; code: string; name: string; level: RegionLevel; population: number };
    geometry: GeoJsonGeometry;
  }[];
}
