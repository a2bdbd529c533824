/**
 * The cockpit's state, shared by the wall and the console page: the selected region (the whole screen
 * follows it), the map measure and layers, the period, and every widget's data. Case changes arrive over
 * the live stream; those inside the selected region refresh the counters, trend, map, top categories,
 * rankings and feed shortly after (coalesced, so a burst of changes costs one round of requests).
 */
import { onBeforeUnmount, reactive, ref, shallowRef } from 'vue';
import { ApiError } from '@/shared/api/client';
import { onLive } from '@/shared/live';
import {
  type Categories,
  type CockpitConfig,
  type CockpitRegion,
  cockpitApi,
  type DisputeTypes,
  type Feed,
  type Heat,
  type MapData,
  type Points,
  type Rankings,
  type Summary,
  type Trend,
} from './api';
import type { MapLayers } from './options';

export type PeriodChoice = 'today' | 'week' | 'month' | 'year';
export const PERIOD_DAYS: Record<PeriodChoice, number> = { today: 1, week: 7, month: 30, year: 365 };

function minusDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

export interface WidgetData {
  summary: Summary | null;
  map: MapData | null;
  points: Points | null;
  heat: Heat | null;
  trend: Trend | null;
  categories: Categories | null;
  rankRegions: Rankings | null;
  rankDepartments: Rankings | null;
  disputes: DisputeTypes | null;
  feed: Feed | null;
}

export function useCockpit() {
  const config = shallowRef<CockpitConfig | null>(null);
  const regionId = ref<number | null>(null);
  const region = shallowRef<CockpitRegion | null>(null);
  const measure = ref('eventsPer1000');
  const period = ref<PeriodChoice>('month');
  const rankMeasure = ref('closedOnTimeRate');
  const layers = reactive<MapLayers>({ choropleth: true, points: true, heat: false, labels: true });
  const data = reactive<WidgetData>({
    summary: null,
    map: null,
    points: null,
    heat: null,
    trend: null,
    categories: null,
    rankRegions: null,
    rankDepartments: null,
    disputes: null,
    feed: null,
  });
  /** Per widget: why it shows nothing (a module not installed, an error). */
  const problems = reactive<Partial<Record<keyof WidgetData, string>>>({});
  const loading = ref(false);
  const error = ref('');
  /** Feed items that arrived live, highlighted for a while. */
  const fresh = ref(new Set<string>());
  /** Bumped on every full load: pages wait for every widget to draw once per generation. */
  const generation = ref(0);
  let seq = 0;

  function q(extra: Record<string, string | number | undefined> = {}) {
    const today = config.value?.today;
    const days = PERIOD_DAYS[period.value];
    return {
      regionId: regionId.value ?? undefined,
      ...(today ? { from: minusDays(today, days - 1), to: today } : {}),
      ...extra,
    };
  }

  async function take<K extends keyof WidgetData>(key: K, p: Promise<WidgetData[K]>, mine: number) {
    try {
      const v = await p;
      if (mine !== seq) return;
      data[key] = v;
      delete problems[key];
    } catch (e) {
      if (mine !== seq) return;
      data[key] = null;
      problems[key] = e instanceof ApiError ? e.code : String(e);
      if (e instanceof ApiError && e.code === 'NOT_FOUND') error.value = e.message;
    }
  }

  async function loadMap(mine = seq) {
    const base = { regionId: regionId.value ?? undefined };
    const src = config.value?.sources;
    const m = config.value?.measures.some((x) => x.code === measure.value) ? measure.value : 'population';
    measure.value = m;
    const none = <T>(): Promise<T | null> => Promise.resolve(null);
    await Promise.all([
      take('map', cockpitApi.map(q({ measure: m })), mine),
      take('points', src?.events ? cockpitApi.points(q()) : none(), mine),
      take('heat', src?.registry ? cockpitApi.heat(base) : none(), mine),
    ]);
    if (data.map) region.value = data.map.region;
  }

  /** The widgets that count cases by category and rank regions and departments (a case change moves them). */
  async function loadCaseWidgets(mine: number) {
    const src = config.value?.sources;
    const none = <T>(): Promise<T | null> => Promise.resolve(null);
    await Promise.all([
      take('categories', src?.events ? cockpitApi.categories(q({ limit: 8 })) : none(), mine),
      take(
        'rankRegions',
        src?.events && region.value?.level !== 'grid'
          ? cockpitApi.rankings(q({ by: 'region', measure: rankMeasure.value, limit: 10 }))
          : none(),
        mine,
      ),
      take(
        'rankDepartments',
        src?.events
          ? cockpitApi.rankings(q({ by: 'department', measure: rankMeasure.value, limit: 10 }))
          : none(),
        mine,
      ),
    ]);
  }

  async function loadAll() {
    const mine = ++seq;
    loading.value = true;
    error.value = '';
    try {
      if (!config.value) config.value = await cockpitApi.config();
      if (regionId.value === null) regionId.value = config.value.scope.id;
      const src = config.value.sources;
      const none = <T>(): Promise<T | null> => Promise.resolve(null);
      await Promise.all([
        loadMap(mine),
        take('summary', cockpitApi.summary(q()), mine),
        take('trend', cockpitApi.trend({ regionId: regionId.value ?? undefined }), mine),
        loadCaseWidgets(mine),
        take('disputes', src.disputes ? cockpitApi.disputes(q()) : none(), mine),
        take('feed', cockpitApi.feed({ regionId: regionId.value ?? undefined, limit: 12 }), mine),
      ]);
      if (data.summary) region.value = data.summary.region;
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      if (mine === seq) {
        loading.value = false;
        generation.value++;
      }
    }
  }

  /** Drill down or back up: the whole screen follows. */
  async function select(id: number) {
    regionId.value = id;
    await loadAll();
  }

  // Live: refresh what a new or changed case moves, at most once per 1.5 s.
  let timer: ReturnType<typeof setTimeout> | null = null;
  async function refreshLive() {
    timer = null;
    const mine = seq;
    const before = new Set((data.feed?.items ?? []).map((i) => `${i.kind}:${i.id}`));
    await Promise.all([
      take('summary', cockpitApi.summary(q()), mine),
      take('feed', cockpitApi.feed({ regionId: regionId.value ?? undefined, limit: 12 }), mine),
      take('trend', cockpitApi.trend({ regionId: regionId.value ?? undefined }), mine),
      loadMap(mine),
      loadCaseWidgets(mine),
    ]);
    const added = (data.feed?.items ?? []).map((i) => `${i.kind}:${i.id}`).filter((k) => !before.has(k));
    if (added.length) {
      fresh.value = new Set([...fresh.value, ...added]);
      setTimeout(() => {
        fresh.value = new Set([...fresh.value].filter((k) => !added.includes(k)));
      }, 8000);
    }
  }
  const stop = onLive('case', (e) => {
    const path = String(e.regionPath ?? '');
    const mine = region.value?.path;
    if (!mine || !(path === mine || path.startsWith(`${mine}.`))) return;
    if (!timer) timer = setTimeout(() => void refreshLive(), 1500);
  });
  onBeforeUnmount(() => {
    stop();
    if (timer) clearTimeout(timer);
  });

  return {
    config,
    regionId,
    region,
    measure,
    period,
    rankMeasure,
    layers,
    data,
    problems,
    loading,
    error,
    fresh,
    generation,
    loadAll,
    loadMap: () => loadMap(),
    select,
  };
}

export type Cockpit = ReturnType<typeof useCockpit>;
