import type { RegionLevel } from '@fengqiao/domain/territory/region-code';
import { api, type Query } from '@/shared/api/client';
import type { GeoJsonGeometry } from '@/shared/api/types';

export type L10n = { zh: string; en: string };

export interface CockpitRegion {
  id: number;
  code: string;
  name: string;
  level: RegionLevel;
  path: string;
  chain: { id: number; code: string; name: string; level: RegionLevel }[];
}

export interface Period {
  from: string;
  to: string;
  days: number;
}

export interface CockpitConfig {
  scope: CockpitRegion;
  tileUrl: string | null;
  maxPeriodDays: number;
  trendDays: number;
  today: string;
  sources: { events: boolean; disputes: boolean; registry: boolean };
  measures: ({ code: string; unit: L10n } & L10n)[];
  specialTags: ({ code: string } & L10n)[];
}

export interface EventPeriod {
  intake: number;
  closed: number;
  closedOnTime: number;
  dueToClose: number;
  open: number;
  overdue: number;
  rated: number;
  satisfied: number;
  closedOnTimeRate: number | null;
  satisfactionRate: number | null;
}

export interface Summary {
  region: CockpitRegion;
  period: Period;
  today: string;
  territory: {
    population: number;
    households: number | null;
    areaKm2: number | null;
    towns: number;
    communities: number;
    grids: number;
  };
  events: {
    today: { intake: number; closed: number };
    period: EventPeriod;
    open: number;
    overdue: number;
    per1000: number | null;
  } | null;
  disputes: {
    today: { intake: number; resolved: number };
    period: {
      intake: number;
      accepted: number;
      closed: number;
      resolved: number;
      resolveRate: number | null;
    };
    per1000: number | null;
  } | null;
  registry: { people: number; special: number } | null;
}

export interface MapData {
  region: CockpitRegion;
  level: RegionLevel;
  measure: string;
  label: L10n & { unit: L10n };
  min: number | null;
  max: number | null;
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: number;
    properties: {
      id: number;
      code: string;
      name: string;
      level: RegionLevel;
      value: number | null;
      population: number;
    };
    geometry: GeoJsonGeometry;
  }[];
}

export interface Points {
  items: {
    code: string;
    name: string;
    lng: number;
    lat: number;
    events: number;
    open: number;
    overdue: number;
  }[];
}
export interface Heat {
  items: { code: string; lng: number; lat: number; count: number }[];
}
export interface Trend {
  period: Period;
  series: { events: boolean; disputes: boolean };
  days: { day: string; events: number; closed: number; disputes: number; resolved: number }[];
}
/** A group's name: a string, or both languages (dispute types). */
export type Name = string | L10n;

export interface Categories {
  items: { code: string; name: Name; events: number; closed: number }[];
}
export interface Rankings {
  by: 'region' | 'department';
  measure: string;
  items: {
    id: number;
    code: string;
    name: string;
    rank: number | null;
    value: number | null;
    events: number;
  }[];
}
export interface DisputeTypes {
  items: {
    code: string;
    name: string;
    intake: number;
    resolved: number;
    closed: number;
    resolveRate: number | null;
  }[];
}
export interface FeedItem {
  kind: 'event' | 'dispute';
  id: number;
  ref: string;
  title: string;
  category: string | null;
  state: string;
  stateLabel: L10n | string;
  regionPath: string;
  at: string;
}
export interface Feed {
  items: FeedItem[] | null;
}

const base = '/api/v1/cockpit';
export const cockpitApi = {
  config: () => api.get<CockpitConfig>(`${base}/config`),
  summary: (q: Query) => api.get<Summary>(`${base}/summary`, q),
  map: (q: Query) => api.get<MapData>(`${base}/map`, q),
  points: (q: Query) => api.get<Points>(`${base}/points`, q),
  heat: (q: Query) => api.get<Heat>(`${base}/heat`, q),
  trend: (q: Query) => api.get<Trend>(`${base}/trend`, q),
  categories: (q: Query) => api.get<Categories>(`${base}/categories`, q),
  rankings: (q: Query) => api.get<Rankings>(`${base}/rankings`, q),
  disputes: (q: Query) => api.get<DisputeTypes>(`${base}/disputes`, q),
  feed: (q: Query) => api.get<Feed>(`${base}/feed`, q),
};
