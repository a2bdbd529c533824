/**
 * Widget options and the "first full render" mark shared by the wall and the console page.
 * `window.__cockpitReady` turns true (and `__cockpitReadyMs` holds the time since navigation start) once
 * the map and every chart shown have drawn with their data — the benchmark and the journey wait for it.
 */
import { computed, reactive, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { pick } from '@/shared/i18n';
import type { Name } from './api';
import {
  categoriesOption,
  disputeTypesOption,
  type Palette,
  rankingOption,
  ratesOption,
  trendOption,
} from './options';
import type { Cockpit } from './useCockpit';

declare global {
  interface Window {
    __cockpitReady?: boolean;
    __cockpitReadyMs?: number;
  }
}

export function useWidgets(c: Cockpit, palette: Palette, rankBy: () => 'region' | 'department') {
  const { t, locale } = useI18n();
  const d = c.data;
  const named = <T extends { name: Name }>(items: T[]): (Omit<T, 'name'> & { name: string })[] =>
    items.map((i) => ({ ...i, name: typeof i.name === 'string' ? i.name : pick(i.name, locale.value) }));

  const trend = computed(() =>
    d.trend && (d.trend.series.events || d.trend.series.disputes)
      ? trendOption(d.trend, palette, {
          events: t('cockpit.series.events'),
          closed: t('cockpit.series.closed'),
          disputes: t('cockpit.series.disputes'),
        })
      : null,
  );
  const rates = computed(() => {
    const list: { name: string; value: number | null }[] = [];
    if (d.summary?.events) {
      list.push({ name: t('cockpit.rates.onTime'), value: d.summary.events.period.closedOnTimeRate });
      list.push({ name: t('cockpit.rates.satisfaction'), value: d.summary.events.period.satisfactionRate });
    }
    if (d.summary?.disputes)
      list.push({ name: t('cockpit.rates.resolve'), value: d.summary.disputes.period.resolveRate });
    return list.length ? ratesOption(list, palette) : null;
  });
  const categories = computed(() =>
    d.categories?.items.length ? categoriesOption({ items: named(d.categories.items) }, palette) : null,
  );
  const ranking = computed(() => {
    const r = rankBy() === 'region' ? d.rankRegions : d.rankDepartments;
    if (!r?.items.length) return null;
    return rankingOption({ ...r, items: named(r.items) }, palette, /Rate$/.test(r.measure) ? '%' : '');
  });
  const disputes = computed(() =>
    d.disputes?.items.length ? disputeTypesOption({ items: named(d.disputes.items) }, palette) : null,
  );

  /** Which drawn widgets have reported a completed draw. */
  const drawn = reactive(new Set<string>());
  const markDrawn = (k: string) => drawn.add(k);
  const expected = computed(() => {
    const keys = ['map'];
    if (trend.value) keys.push('trend');
    if (rates.value) keys.push('rates');
    if (categories.value) keys.push('categories');
    if (ranking.value) keys.push('ranking');
    if (disputes.value) keys.push('disputes');
    return keys;
  });
  watch(
    () => [c.generation.value, c.loading.value, expected.value.every((k) => drawn.has(k))] as const,
    ([gen, loading, all]) => {
      if (gen > 0 && !loading && all && !window.__cockpitReady) {
        window.__cockpitReady = true;
        window.__cockpitReadyMs = Math.round(performance.now());
      }
    },
  );

  return { trend, rates, categories, ranking, disputes, markDrawn };
}
