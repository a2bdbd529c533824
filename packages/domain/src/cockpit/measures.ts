/**
 * The cockpit's measures and the arithmetic behind its rates. A rate whose denominator is zero is
 * `null` ("no data"), never 0 % or 100 %: a town without a closed case has no 按期结案率 yet.
 */

/** What the map can colour regions by. */
export const MAP_MEASURES = [
  'eventsPer1000',
  'events',
  'openEvents',
  'overdue',
  'disputes',
  'disputeDensity',
  'specialDensity',
  'population',
  'populationDensity',
] as const;
export type MapMeasure = (typeof MAP_MEASURES)[number];

/** Which data each measure needs; a measure whose source module is not installed is refused (400). */
export const MEASURE_SOURCE: Record<MapMeasure, 'events' | 'disputes' | 'registry' | 'territory'> = {
  eventsPer1000: 'events',
  events: 'events',
  openEvents: 'events',
  overdue: 'events',
  disputes: 'disputes',
  disputeDensity: 'disputes',
  specialDensity: 'registry',
  population: 'territory',
  populationDensity: 'territory',
};

export const MEASURE_LABELS: Record<
  MapMeasure,
  { zh: string; en: string; unit: { zh: string; en: string } }
> = {
  eventsPer1000: { zh: '每千人事件数', en: 'Events per 1,000 residents', unit: { zh: '件/千人', en: '/1k' } },
  events: { zh: '事件数', en: 'Events', unit: { zh: '件', en: '' } },
  openEvents: { zh: '在办事件', en: 'Open events', unit: { zh: '件', en: '' } },
  overdue: { zh: '超期事件', en: 'Overdue events', unit: { zh: '件', en: '' } },
  disputes: { zh: '矛盾纠纷', en: 'Disputes', unit: { zh: '件', en: '' } },
  disputeDensity: {
    zh: '每千人纠纷数',
    en: 'Disputes per 1,000 residents',
    unit: { zh: '件/千人', en: '/1k' },
  },
  specialDensity: { zh: '特殊人群密度', en: 'Special groups per km²', unit: { zh: '人/km²', en: '/km²' } },
  population: { zh: '人口', en: 'Population', unit: { zh: '人', en: '' } },
  populationDensity: { zh: '人口密度', en: 'Population density', unit: { zh: '人/km²', en: '/km²' } },
};

/** A share in percent with one decimal, or null when nothing was counted. */
export function ratePercent(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.round((Math.min(part, whole) / whole) * 1000) / 10;
}

/** Count per 1,000 residents with two decimals, or null without a population. */
export function per1000(count: number, population: number | null | undefined): number | null {
  if (!population || population <= 0) return null;
  return Math.round((count / population) * 1000 * 100) / 100;
}

/**
 * The colour scale of a choropleth over the values drawn: their smallest and largest. When they are all
 * equal (a grid drawn alone at the bottom of a drill-down) that range is a point and the region would take
 * the scale's first, empty colour, so the scale runs from 0 to the value instead and the region fills.
 */
export function colourScale(values: readonly (number | null)[]): { min: number | null; max: number | null } {
  const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (!nums.length) return { min: null, max: null };
  const min = Math.min(...nums);
  const max = Math.max(...nums);
  if (min !== max) return { min, max };
  return min >= 0 ? { min: 0, max } : { min, max: 0 };
}

/** Count per square kilometre with two decimals, or null without an area. */
export function perKm2(count: number, areaM2: number | null | undefined): number | null {
  if (!areaM2 || areaM2 <= 0) return null;
  return Math.round((count / (areaM2 / 1_000_000)) * 100) / 100;
}

/**
 * Ranks rows by a value, highest first; equal values share a rank (1, 2, 2, 4) and rows without a value
 * come last, unranked. Ties keep the input order (the caller sorts by code first).
 */
export function rankBy<T>(
  rows: readonly T[],
  value: (r: T) => number | null,
): (T & { rank: number | null; value: number | null })[] {
  const withValue = rows.map((r, i) => ({ r, i, v: value(r) }));
  withValue.sort((a, b) => {
    if (a.v === null && b.v === null) return a.i - b.i;
    if (a.v === null) return 1;
    if (b.v === null) return -1;
    return b.v - a.v || a.i - b.i;
  });
  let rank = 0;
  let prev: number | null = null;
  return withValue.map(({ r, v }, i) => {
    if (v !== null && v !== prev) rank = i + 1;
    prev = v;
    return { ...r, rank: v === null ? null : rank, value: v };
  });
}
