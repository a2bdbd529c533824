import {
  checkPeriod,
  childLevel,
  chinaDay,
  colourScale,
  dayNumber,
  fillDays,
  type Geometry,
  lastDays,
  MAP_MEASURES,
  type MapMeasure,
  MEASURE_LABELS,
  MEASURE_SOURCE,
  type Period,
  pathWithin,
  per1000,
  perKm2,
  REGION_LEVEL_LABELS,
  type RegionLevel,
  rankBy,
  ratePercent,
  SIMPLIFY_TOLERANCE,
  simplifyGeometry,
} from '@fengqiao/domain';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import { AppError, notFound, THINGS } from '../../platform/errors';
import type { SettingsService } from '../platform/settings.service';
import type { RegionDirectory } from '../territory/region-directory';
import type { RegionSummary } from '../territory/territory.repo';
import type { TerritoryService } from '../territory/territory.service';
import { cachedSources, SourceCache } from './cockpit.cache';
import type {
  CockpitSources,
  DisputeCounters,
  EventCounters,
  Keyed,
  RegionLevelName,
  SourceQuery,
} from './cockpit.sources';

export const COCKPIT_SETTINGS_KEY = 'cockpit';
export const cockpitSettingsSchema = z.object({
  /** Longest period a widget accepts (no statute; a year plus a leap day by default). */
  maxPeriodDays: z.number().int().min(7).max(3660),
  /** Days of the trend chart. */
  trendDays: z.number().int().min(7).max(90),
  /** Items in the live feed. */
  feedLimit: z.number().int().min(5).max(100),
});
export type CockpitSettings = z.infer<typeof cockpitSettingsSchema>;
export const COCKPIT_DEFAULTS: CockpitSettings = { maxPeriodDays: 366, trendDays: 30, feedLimit: 20 };

export interface RegionRef {
  regionId?: number | undefined;
  regionCode?: string | undefined;
}

export interface PeriodInput {
  from?: string | undefined;
  to?: string | undefined;
}

export const RANK_MEASURES = [
  'intake',
  'closed',
  'overdue',
  'closedOnTimeRate',
  'satisfactionRate',
  'eventsPer1000',
] as const;
export type RankMeasure = (typeof RANK_MEASURES)[number];

const ZERO_EVENTS: EventCounters = {
  intake: 0,
  closed: 0,
  closedOnTime: 0,
  dueToClose: 0,
  open: 0,
  overdue: 0,
  rated: 0,
  satisfied: 0,
};
const ZERO_DISPUTES: DisputeCounters = { intake: 0, accepted: 0, resolved: 0, closed: 0 };

/** A group key may come as a region code or a whole ltree path; the code is its last label. */
const codeOf = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** Per-directory indexes (the directory is replaced as a whole on every region change). */
interface DirIndex {
  children: Map<number | null, RegionSummary[]>;
  population: Map<number, number>;
  /** Count of descendants per level, per region id. */
  counts: Map<number, Record<RegionLevel, number>>;
}

export function createCockpitService(deps: {
  /** Each widget reads in one transaction of this database (without it, each source opens its own). */
  db?: Database | undefined;
  territory: TerritoryService;
  settings: SettingsService;
  sources: CockpitSources;
  tileUrl?: string | undefined;
  /** The clock (tests fix "today"). */
  now?: () => Date;
  /** Source answers are shared this long (0 = no cache; tests). */
  cacheMs?: number;
}) {
  const { territory, settings } = deps;
  const cache = new SourceCache(deps.cacheMs ?? 15_000, 1_000);
  let sources: CockpitSources = cachedSources(deps.sources, cache);
  let rawSources: CockpitSources = { ...deps.sources };
  const now = deps.now ?? (() => new Date());
  const indexes = new WeakMap<RegionDirectory, DirIndex>();
  const boundaryCache = new Map<string, { dir: RegionDirectory; features: MapFeature[] }>();

  /**
   * A widget's reads: one transaction (one connection, the scope and the parallel-worker setting made in
   * one statement), its source calls awaited one after another inside it. Region, period and settings are
   * resolved before, outside it. Sequential on purpose: a nested read as the system (a catalogue cache
   * refreshing) switches the connection's scope, which must not happen beside a scoped read.
   */
  const read = <T>(actor: Actor, fn: () => Promise<T>): Promise<T> =>
    deps.db ? transaction(deps.db, actor, fn, { smallReads: true }) : fn();

  const getSettings = () => settings.get(COCKPIT_SETTINGS_KEY, cockpitSettingsSchema, COCKPIT_DEFAULTS);

  function indexOf(dir: RegionDirectory): DirIndex {
    const hit = indexes.get(dir);
    if (hit) return hit;
    const children = new Map<number | null, RegionSummary[]>();
    for (const r of dir.byId.values()) {
      const list = children.get(r.parentId) ?? [];
      list.push(r);
      children.set(r.parentId, list);
    }
    for (const list of children.values())
      list.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
    const population = new Map<number, number>();
    const counts = new Map<number, Record<RegionLevel, number>>();
    // Leaves first: a region without its own figure takes the sum of its children.
    const walk = (r: RegionSummary): void => {
      const kids = children.get(r.id) ?? [];
      const c = { district: 0, town: 0, community: 0, grid: 0, microGrid: 0 };
      let sum = 0;
      for (const k of kids) {
        walk(k);
        sum += population.get(k.id) ?? 0;
        c[k.level]++;
        const kc = counts.get(k.id)!;
        for (const l of Object.keys(c) as RegionLevel[]) c[l] += kc[l];
      }
      population.set(r.id, r.population && r.population > 0 ? r.population : sum);
      counts.set(r.id, c);
    };
    for (const root of children.get(null) ?? []) walk(root);
    const idx = { children, population, counts };
    indexes.set(dir, idx);
    return idx;
  }

  function inScope(actor: Actor, path: string) {
    return actor.scopePath === '*' || pathWithin(path, actor.scopePath);
  }

  /** The region a widget is about: given, or the user's scope. Outside the scope it does not exist (404). */
  async function resolveRegion(actor: Actor, ref: RegionRef) {
    if (ref.regionId != null && ref.regionCode != null) throw new AppError('COCKPIT_REGION_AMBIGUOUS');
    const dir = await territory.dir();
    let region: RegionSummary | undefined;
    if (ref.regionId != null) region = dir.byId.get(ref.regionId);
    else if (ref.regionCode != null) region = dir.byCode.get(ref.regionCode);
    else if (actor.scopePath === '*') region = indexOf(dir).children.get(null)?.[0];
    else region = dir.byCode.get(codeOf(actor.scopePath));
    if (!region || !inScope(actor, region.regionPath)) throw notFound(THINGS.region);
    return { region, dir, idx: indexOf(dir) };
  }

  async function resolvePeriod(p: PeriodInput, defaultDays: number): Promise<Period> {
    const s = await getSettings();
    const today = chinaDay(now());
    const to = p.to ?? today;
    const from = p.from ?? lastDays(to, defaultDays).from;
    const checked = checkPeriod(from, to, s.maxPeriodDays);
    if (checked === 'invalid') throw new AppError('COCKPIT_PERIOD_INVALID', { detail: `${from} – ${to}` });
    if (checked === 'reversed') throw new AppError('COCKPIT_PERIOD_REVERSED', { from, to });
    if (checked === 'tooLong') {
      const days = dayNumber(to)! - dayNumber(from)! + 1;
      throw new AppError('COCKPIT_PERIOD_TOO_LONG', { max: s.maxPeriodDays, days });
    }
    return checked;
  }

  function presentRegion(r: RegionSummary, dir: RegionDirectory) {
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      level: r.level,
      path: r.regionPath,
      chain: dir.chain(r.id).map((c) => ({ id: c.id, code: c.code, name: c.name, level: c.level })),
    };
  }

  const q = (region: RegionSummary, p: Period): SourceQuery => ({
    regionPath: region.regionPath,
    from: p.from,
    to: p.to,
  });

  function eventRates(c: EventCounters) {
    return {
      ...c,
      // 按期结案率 = 按期结案数 / 应结案数 (the 数字城管 arithmetic, cn_governance.md §1.5, as the events
      // module defines it); 满意率 = (满意 + 基本满意) / 回访数 (§3.1 第32条).
      closedOnTimeRate: ratePercent(c.closedOnTime, c.dueToClose),
      satisfactionRate: ratePercent(c.satisfied, c.rated),
    };
  }

  function disputeRates(c: DisputeCounters) {
    // 化解率 = settled / accepted into mediation, as the disputes module defines it (no statute fixes it).
    return { ...c, resolveRate: ratePercent(c.resolved, c.accepted) };
  }

  async function summary(actor: Actor, ref: RegionRef, p: PeriodInput) {
    const { region, dir, idx } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 1);
    const today = chinaDay(now());
    // The period and today, each source's in one read.
    const periods = [
      { from: period.from, to: period.to },
      { from: today, to: today },
    ];
    const pair = <P extends string, T>(p: P, t: T[] | undefined) =>
      ({ [`${p}Period`]: t?.[0], [`${p}Today`]: t?.[1] }) as Record<
        `${P}Period` | `${P}Today`,
        T | undefined
      >;
    const counts = idx.counts.get(region.id)!;
    const level = drawnLevel(region, idx);
    const { evPeriod, evToday, dsPeriod, dsToday, people, special } = await read(actor, async () => ({
      ...pair('ev', await sources.events?.totals(actor, { regionPath: region.regionPath, periods })),
      ...pair('ds', await sources.disputes?.totals(actor, { regionPath: region.regionPath, periods })),
      people: await sources.registry?.populationByRegion(actor, { regionPath: region.regionPath, level }),
      special: await sources.registry?.specialByRegion(actor, { regionPath: region.regionPath, level }),
    }));
    const population = idx.population.get(region.id) ?? 0;
    return {
      region: presentRegion(region, dir),
      period,
      today,
      territory: {
        population,
        households: region.households,
        areaKm2: region.areaM2 != null ? Math.round(region.areaM2 / 10_000) / 100 : null,
        towns: counts.town,
        communities: counts.community,
        grids: counts.grid,
      },
      events: evPeriod
        ? {
            today: { intake: evToday!.intake, closed: evToday!.closed },
            period: eventRates(evPeriod),
            open: evPeriod.open,
            overdue: evPeriod.overdue,
            per1000: per1000(evPeriod.intake, population),
          }
        : null,
      disputes: dsPeriod
        ? {
            today: { intake: dsToday!.intake, resolved: dsToday!.resolved },
            period: disputeRates(dsPeriod),
            per1000: per1000(dsPeriod.intake, population),
          }
        : null,
      registry: people
        ? {
            people: people.reduce((s, r) => s + r.people, 0),
            special: (special ?? []).reduce((s, r) => s + r.count, 0),
          }
        : null,
    };
  }

  /** The level drawn under a region: its children's, or its own when it has none (a grid without micro-grids). */
  function drawnLevel(region: RegionSummary, idx: DirIndex): RegionLevelName {
    const kids = idx.children.get(region.id) ?? [];
    return ((kids.length ? kids[0]!.level : null) ??
      childLevel(region.level) ??
      region.level) as RegionLevelName;
  }
  function hasChildren(region: RegionSummary, idx: DirIndex) {
    return (idx.children.get(region.id) ?? []).length > 0;
  }

  interface MapFeature {
    type: 'Feature';
    id: number;
    properties: { id: number; code: string; name: string; level: RegionLevel };
    geometry: Geometry;
  }

  /** Simplified boundaries of a region's children (or the region itself at the bottom), cached per directory. */
  async function boundaries(
    actor: Actor,
    region: RegionSummary,
    dir: RegionDirectory,
  ): Promise<MapFeature[]> {
    const level = hasChildren(region, indexOf(dir)) ? drawnLevel(region, indexOf(dir)) : null;
    const key = `${region.id}:${level ?? 'self'}`;
    const hit = boundaryCache.get(key);
    if (hit && hit.dir === dir) return hit.features;
    const rows: { id: number; code: string; name: string; level: RegionLevel; boundary?: unknown }[] = level
      ? await territory.atLevel(actor, region.regionPath, level, true)
      : [await territory.getRegion(actor, region.id)];
    const drawn = level ?? region.level;
    const tol = SIMPLIFY_TOLERANCE[drawn] ?? 0.0001;
    const features = rows
      .filter((r) => r.boundary)
      .map((r) => ({
        type: 'Feature' as const,
        id: r.id,
        properties: { id: r.id, code: r.code, name: r.name, level: r.level },
        geometry: simplifyGeometry(r.boundary as Geometry, tol),
      }));
    if (boundaryCache.size > 2000) boundaryCache.clear();
    boundaryCache.set(key, { dir, features });
    return features;
  }

  function requireSource(measure: MapMeasure) {
    const src = MEASURE_SOURCE[measure];
    if (src !== 'territory' && !sources[src]) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure });
  }

  /** Values of a measure per child region (by code). */
  async function measureByRegion(
    actor: Actor,
    region: RegionSummary,
    idx: DirIndex,
    level: RegionLevelName,
    measure: MapMeasure,
    period: Period,
  ): Promise<Map<string, number | null>> {
    const regions = level === region.level ? [region] : regionsAt(idx, region, level);
    const out = new Map<string, number | null>();
    const pop = (r: RegionSummary) => idx.population.get(r.id) ?? 0;
    const src = MEASURE_SOURCE[measure];
    if (src === 'territory') {
      for (const r of regions) out.set(r.code, measure === 'population' ? pop(r) : perKm2(pop(r), r.areaM2));
      return out;
    }
    if (src === 'events') {
      const rows = byCode(await sources.events!.byRegion(actor, { ...q(region, period), level }));
      for (const r of regions) {
        const c = rows.get(r.code) ?? ZERO_EVENTS;
        out.set(
          r.code,
          measure === 'events'
            ? c.intake
            : measure === 'openEvents'
              ? c.open
              : measure === 'overdue'
                ? c.overdue
                : per1000(c.intake, pop(r)),
        );
      }
      return out;
    }
    if (src === 'disputes') {
      const rows = byCode(await sources.disputes!.byRegion(actor, { ...q(region, period), level }));
      for (const r of regions) {
        const c = rows.get(r.code) ?? ZERO_DISPUTES;
        out.set(r.code, measure === 'disputes' ? c.intake : per1000(c.intake, pop(r)));
      }
      return out;
    }
    const rows = new Map(
      (await sources.registry!.specialByRegion(actor, { regionPath: region.regionPath, level })).map((r) => [
        codeOf(r.key),
        r.count,
      ]),
    );
    for (const r of regions) out.set(r.code, perKm2(rows.get(r.code) ?? 0, r.areaM2));
    return out;
  }

  function byCode<T>(rows: Keyed<T>[]): Map<string, Keyed<T>> {
    return new Map(rows.map((r) => [codeOf(r.key), r]));
  }

  /** Regions of a level under a region (from the in-memory tree). */
  function regionsAt(idx: DirIndex, region: RegionSummary, level: RegionLevel): RegionSummary[] {
    const out: RegionSummary[] = [];
    const walk = (r: RegionSummary) => {
      for (const k of idx.children.get(r.id) ?? []) {
        if (k.level === level) out.push(k);
        else walk(k);
      }
    };
    walk(region);
    return out;
  }

  async function map(actor: Actor, ref: RegionRef, measure: MapMeasure, p: PeriodInput) {
    const { region, dir, idx } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 30);
    requireSource(measure);
    // At the bottom of a drill-down the region itself is drawn and measured.
    const level = hasChildren(region, idx) ? drawnLevel(region, idx) : (region.level as RegionLevelName);
    const { features, values } = await read(actor, async () => ({
      features: await boundaries(actor, region, dir),
      values: await measureByRegion(actor, region, idx, level, measure, period),
    }));
    // One region alone (the bottom of a drill-down) is scaled 0..its value, so it is filled.
    const scale = colourScale([...values.values()]);
    return {
      region: presentRegion(region, dir),
      level,
      measure,
      label: MEASURE_LABELS[measure],
      period,
      min: scale.min,
      max: scale.max,
      type: 'FeatureCollection' as const,
      features: features.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          value: values.get(f.properties.code) ?? null,
          population: idx.population.get(f.id) ?? 0,
        },
      })),
    };
  }

  /** Events as an aggregated scatter: one weighted point per grid centroid (no individual locations). */
  async function points(actor: Actor, ref: RegionRef, p: PeriodInput) {
    const { region, dir, idx } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 30);
    if (!sources.events) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure: 'events' });
    const grids = region.level === 'grid' ? [region] : regionsAt(idx, region, 'grid');
    const events = sources.events;
    const rows = byCode(
      await read(actor, () => events.byRegion(actor, { ...q(region, period), level: 'grid' })),
    );
    return {
      region: presentRegion(region, dir),
      period,
      items: grids
        .filter((g) => g.centroidLng != null && g.centroidLat != null && (rows.get(g.code)?.intake ?? 0) > 0)
        .map((g) => {
          const c = rows.get(g.code)!;
          return {
            code: g.code,
            name: g.name,
            lng: g.centroidLng!,
            lat: g.centroidLat!,
            events: c.intake,
            open: c.open,
            overdue: c.overdue,
          };
        }),
    };
  }

  /** Special groups as an aggregate heat layer per grid: counts at grid centroids, never a person. */
  async function heat(actor: Actor, ref: RegionRef, tag: string | undefined) {
    const { region, dir, idx } = await resolveRegion(actor, ref);
    const registry = sources.registry;
    if (!registry) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure: 'specialDensity' });
    const grids = region.level === 'grid' ? [region] : regionsAt(idx, region, 'grid');
    const rows = new Map(
      (
        await read(actor, () =>
          registry.specialByRegion(actor, { regionPath: region.regionPath, level: 'grid', tag }),
        )
      ).map((r) => [codeOf(r.key), r.count]),
    );
    return {
      region: presentRegion(region, dir),
      tag: tag ?? null,
      tags: registry.specialTags(),
      items: grids
        .filter((g) => g.centroidLng != null && (rows.get(g.code) ?? 0) > 0)
        .map((g) => ({ code: g.code, lng: g.centroidLng!, lat: g.centroidLat!, count: rows.get(g.code)! })),
    };
  }

  async function trend(actor: Actor, ref: RegionRef, days: number | undefined) {
    const { region, dir } = await resolveRegion(actor, ref);
    const s = await getSettings();
    const period = lastDays(chinaDay(now()), days ?? s.trendDays);
    const { ev, ds } = await read(actor, async () => ({
      ev: await sources.events?.byDay(actor, q(region, period)),
      ds: await sources.disputes?.byDay(actor, q(region, period)),
    }));
    const zero = { events: 0, closed: 0, disputes: 0, resolved: 0 };
    const rows = new Map<string, typeof zero & { day: string }>();
    const row = (day: string) => {
      let r = rows.get(day);
      if (!r) {
        r = { ...zero, day };
        rows.set(day, r);
      }
      return r;
    };
    for (const e of ev ?? []) Object.assign(row(e.key), { events: e.intake, closed: e.closed });
    for (const d of ds ?? []) Object.assign(row(d.key), { disputes: d.intake, resolved: d.resolved });
    return {
      region: presentRegion(region, dir),
      period,
      series: { events: !!ev, disputes: !!ds },
      days: fillDays(period, [...rows.values()], zero),
    };
  }

  async function categories(actor: Actor, ref: RegionRef, p: PeriodInput, limit: number) {
    const { region, dir } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 30);
    const events = sources.events;
    if (!events) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure: 'events' });
    const rows = await read(actor, () => events.byCategory(actor, q(region, period)));
    const top = rows
      .filter((r) => r.intake > 0)
      .sort((a, b) => b.intake - a.intake || a.key.localeCompare(b.key))
      .slice(0, limit);
    return {
      region: presentRegion(region, dir),
      period,
      items: top.map((r) => ({ code: r.key, name: r.label ?? r.key, events: r.intake, closed: r.closed })),
    };
  }

  async function disputeTypes(actor: Actor, ref: RegionRef, p: PeriodInput) {
    const { region, dir } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 30);
    const disputes = sources.disputes;
    if (!disputes) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure: 'disputes' });
    const rows = await read(actor, () => disputes.byType(actor, q(region, period)));
    return {
      region: presentRegion(region, dir),
      period,
      items: rows
        .filter((r) => r.intake > 0 || r.closed > 0)
        .sort((a, b) => b.intake - a.intake || a.key.localeCompare(b.key))
        .map((r) => ({ code: r.key, name: r.label ?? r.key, ...disputeRates(r) })),
    };
  }

  function rankValue(m: RankMeasure, c: EventCounters, population: number | null): number | null {
    switch (m) {
      case 'closedOnTimeRate':
        return ratePercent(c.closedOnTime, c.dueToClose);
      case 'satisfactionRate':
        return ratePercent(c.satisfied, c.rated);
      case 'eventsPer1000':
        return per1000(c.intake, population);
      default:
        return c[m];
    }
  }

  async function rankings(
    actor: Actor,
    ref: RegionRef,
    p: PeriodInput,
    by: 'region' | 'department',
    measure: RankMeasure,
    limit: number,
  ) {
    const { region, dir, idx } = await resolveRegion(actor, ref);
    const period = await resolvePeriod(p, 30);
    const events = sources.events;
    if (!events) throw new AppError('COCKPIT_MEASURE_UNAVAILABLE', { measure: 'events' });
    if (by === 'region') {
      const level = hasChildren(region, idx) ? drawnLevel(region, idx) : null;
      if (!level)
        throw new AppError('COCKPIT_LEVEL_NO_CHILDREN', { level: REGION_LEVEL_LABELS[region.level] });
      const kids = regionsAt(idx, region, level);
      const rows = byCode(
        await read(actor, () =>
          events.byRegion(actor, { ...q(region, period), level: level as RegionLevelName }),
        ),
      );
      const ranked = rankBy(kids, (k) =>
        rankValue(measure, rows.get(k.code) ?? ZERO_EVENTS, idx.population.get(k.id) ?? null),
      );
      return {
        region: presentRegion(region, dir),
        period,
        by,
        measure,
        items: ranked.slice(0, limit).map((k) => ({
          id: k.id,
          code: k.code,
          name: k.name,
          rank: k.rank,
          value: k.value,
          events: rows.get(k.code)?.intake ?? 0,
        })),
      };
    }
    const rows = await read(actor, () => events.byDepartment(actor, q(region, period)));
    const ranked = rankBy(
      rows.filter((r) => r.intake > 0 || r.closed > 0 || r.open > 0),
      (r) => rankValue(measure, r, null),
    );
    return {
      region: presentRegion(region, dir),
      period,
      by,
      measure,
      items: ranked.slice(0, limit).map((r) => ({
        id: Number(r.key),
        code: r.key,
        name: r.label ?? r.key,
        rank: r.rank,
        value: r.value,
        events: r.intake,
      })),
    };
  }

  async function feed(actor: Actor, ref: RegionRef, limit: number | undefined) {
    const { region, dir } = await resolveRegion(actor, ref);
    const s = await getSettings();
    const events = sources.events;
    const items = events
      ? await read(actor, () =>
          events.recent(actor, { regionPath: region.regionPath, limit: limit ?? s.feedLimit }),
        )
      : null;
    return { region: presentRegion(region, dir), items };
  }

  async function config(actor: Actor) {
    const s = await getSettings();
    const { region, dir } = await resolveRegion(actor, {});
    return {
      scope: presentRegion(region, dir),
      tileUrl: deps.tileUrl ?? null,
      maxPeriodDays: s.maxPeriodDays,
      trendDays: s.trendDays,
      today: chinaDay(now()),
      sources: { events: !!sources.events, disputes: !!sources.disputes, registry: !!sources.registry },
      measures: MAP_MEASURES.filter((m) => {
        const src = MEASURE_SOURCE[m];
        return src === 'territory' || !!sources[src];
      }).map((m) => ({ code: m, ...MEASURE_LABELS[m] })),
      specialTags: sources.registry?.specialTags() ?? [],
    };
  }

  return {
    resolveRegion,
    resolvePeriod,
    summary,
    map,
    points,
    heat,
    trend,
    categories,
    disputeTypes,
    rankings,
    feed,
    config,
    /** Sources are wired after the services that provide them exist. */
    setSources(s: CockpitSources) {
      rawSources = { ...rawSources, ...s };
      sources = cachedSources(rawSources, cache);
      cache.clear();
    },
    /** A case changed at this path (the live stream): cached aggregates above it go stale. */
    caseChanged: (path: string) => cache.invalidate(path),
    cache,
  };
}

export type CockpitService = ReturnType<typeof createCockpitService>;
