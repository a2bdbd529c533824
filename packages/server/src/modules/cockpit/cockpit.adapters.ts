import { EVENT_WORKFLOW, SPECIAL_GROUP_LABELS, SPECIAL_GROUPS, type SpecialGroup } from '@fengqiao/domain';
import type { Actor } from '../../db/context';
import { SCREENING_TYPE } from '../disputes/disputes.screening';
import type { DisputesService } from '../disputes/disputes.service';
import type { EventsService } from '../events/events.service';
import { eventRef } from '../events/events.service';
import type { RegistryService } from '../registry/registry.service';
import type {
  DisputeCounters,
  DisputeSource,
  EventCounters,
  EventSource,
  Keyed,
  RegionLevelName,
  RegistrySource,
  SourceQuery,
} from './cockpit.sources';

/**
 * Adapters from other modules' services onto the cockpit's source ports. Each reads that module's own
 * rollups through its service (events: `event_rollups` plus a count of open events), never a case table.
 * The cockpit calls them inside one transaction per widget, so each adapter awaits its reads one after
 * another: they share one connection anyway, and a catalogue cache refreshing as the system (a nested
 * scope switch) must never run beside a read in the user's scope.
 */

/** ltree depth of a level: district 1, town 2, community 3, grid 4, micro-grid 5. */
export const LEVEL_DEPTH: Record<RegionLevelName, number> = { town: 2, community: 3, grid: 4, microGrid: 5 };

type EventStats = Awaited<ReturnType<EventsService['stats']>>;
type StatCounters = EventStats['total']['counters'];

/** The event counters the cockpit shows (the cube's level index covers exactly these). */
const READ_COUNTERS = ['reported', 'closed', 'closedOnTime', 'dueToClose', 'rated', 'satisfied'] as const;

function counters(c: StatCounters): Omit<EventCounters, 'open' | 'overdue'> {
  // 上报数 is the intake; 按期结案率 and 满意率 use the module's own 应结案数 and 回访数.
  return {
    intake: c.reported,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    dueToClose: c.dueToClose,
    rated: c.rated,
    satisfied: c.satisfied,
  };
}

export function eventSource(events: EventsService): EventSource {
  const stats = (
    actor: Actor,
    q: SourceQuery,
    groupBy: 'region' | 'category' | 'department' | 'day',
    level?: RegionLevelName,
  ) =>
    events.stats(actor, {
      regionPath: q.regionPath,
      from: q.from,
      to: q.to,
      groupBy,
      counters: READ_COUNTERS,
      ...(level ? { regionDepth: LEVEL_DEPTH[level] } : {}),
    });
  const merge = (
    s: EventStats,
    open: { key: string; open: number; overdue: number }[] = [],
  ): Keyed<EventCounters>[] => {
    const byKey = new Map(open.map((o) => [o.key, o]));
    const out: Keyed<EventCounters>[] = s.rows.map((r) => ({
      key: r.key,
      label: r.label,
      ...counters(r.counters),
      open: byKey.get(r.key)?.open ?? 0,
      overdue: byKey.get(r.key)?.overdue ?? 0,
    }));
    // A region or department with open events but no rollup row in the period still counts.
    const seen = new Set(s.rows.map((r) => r.key));
    for (const o of open)
      if (!seen.has(o.key))
        out.push({
          key: o.key,
          intake: 0,
          closed: 0,
          closedOnTime: 0,
          dueToClose: 0,
          rated: 0,
          satisfied: 0,
          open: o.open,
          overdue: o.overdue,
        });
    return out;
  };
  return {
    async totals(actor, q) {
      // The periods' sums and the open counts in one statement.
      const t = await events.periodTotals(actor, { ...q, counters: READ_COUNTERS });
      return t.totals.map((c) => ({ ...counters(c), open: t.open, overdue: t.overdue }));
    },
    async byRegion(actor, q) {
      const s = await stats(actor, q, 'region', q.level);
      const o = await events.openCounts(actor, {
        regionPath: q.regionPath,
        groupBy: 'region',
        regionDepth: LEVEL_DEPTH[q.level],
      });
      return merge(s, o);
    },
    async byCategory(actor, q) {
      // Category names in both languages from the catalogue (the wall can be switched to English).
      const s = await stats(actor, q, 'category');
      const cats = await events.categories();
      const names = new Map(cats.map((c) => [c.code, { zh: c.name, en: c.nameEn }]));
      return merge(s).map((r) => ({ ...r, label: names.get(r.key) ?? r.label }));
    },
    async byDepartment(actor, q) {
      const s = await stats(actor, q, 'department');
      const o = await events.openCounts(actor, { regionPath: q.regionPath, groupBy: 'department' });
      // Labels for departments that only have open events (no rollup row in the period).
      const labels = new Map(s.rows.map((r) => [r.key, r.label]));
      return merge(s, o).map((r) => ({ ...r, label: labels.get(r.key) ?? r.label ?? r.key }));
    },
    byDay: async (actor, q) => merge(await stats(actor, q, 'day')),
    async recent(actor, q) {
      const rows = await events.recent(actor, q);
      const cats = await events.categories();
      const catName = new Map(cats.map((c) => [c.code, c.name]));
      return rows.map((e) => {
        const state = EVENT_WORKFLOW.states[e.state as keyof typeof EVENT_WORKFLOW.states];
        return {
          kind: 'event' as const,
          id: e.id,
          ref: eventRef(e.id, e.createdAt),
          title: `${catName.get(e.categoryCode) ?? e.categoryCode}：${e.description.slice(0, 60)}`,
          category: e.categoryCode,
          state: e.state,
          stateLabel: state?.label ?? e.state,
          regionPath: e.regionPath,
          at: e.createdAt.toISOString(),
          lng: e.lng,
          lat: e.lat,
        };
      });
    },
  };
}

/**
 * Registry aggregates (counts per region, never a person). The registry answers for levels below the
 * region asked about; for a grid itself (the bottom of a drill-down) ask its parent and keep the grid.
 */
export function registrySource(registry: RegistryService): RegistrySource {
  const level = (l: RegionLevelName) => (l === 'microGrid' ? 'grid' : l);
  const around = (regionPath: string, l: RegionLevelName) => {
    const parts = regionPath.split('.');
    return LEVEL_DEPTH[level(l)] <= parts.length
      ? { path: parts.slice(0, LEVEL_DEPTH[level(l)] - 1).join('.'), keep: regionPath }
      : { path: regionPath, keep: null };
  };
  return {
    async populationByRegion(actor, q) {
      const a = around(q.regionPath, q.level);
      const rows = await registry.populationByRegion(actor, { regionPath: a.path, level: level(q.level) });
      return rows
        .filter((r) => !a.keep || r.path === a.keep)
        .map((r) => ({ key: r.code, people: r.residents }));
    },
    async specialByRegion(actor, q) {
      const a = around(q.regionPath, q.level);
      const tag =
        q.tag && (SPECIAL_GROUPS as readonly string[]).includes(q.tag) ? (q.tag as SpecialGroup) : undefined;
      const rows = await registry.specialPopulationDensity(actor, {
        regionPath: a.path,
        level: level(q.level),
        ...(tag ? { tag } : {}),
      });
      return rows.filter((r) => !a.keep || r.path === a.keep).map((r) => ({ key: r.code, count: r.count }));
    },
    specialTags: () => SPECIAL_GROUPS.map((code) => ({ code, ...SPECIAL_GROUP_LABELS[code] })),
  };
}

type DisputeStats = Awaited<ReturnType<DisputesService['stats']>>;
type DisputeStatRow = DisputeStats['total'];

function disputeCounters(c: DisputeStatRow): DisputeCounters {
  // 排查发现/登记 is the intake; 化解率 = 调解成功 / 受理 (the disputes module's resolutionRate); a dispute is
  // closed when it was settled, failed, ended by a party's refusal or closed with guidance.
  return {
    intake: c.found,
    accepted: c.accepted,
    resolved: c.settled,
    closed: c.settled + c.failed + c.ended + c.closed,
  };
}

/**
 * Disputes through `disputes.stats` (its `dispute_rollups`, the contract in ARCHITECTURE.md). Screening
 * rows (type `_screening`) count no dispute, so the by-type list leaves them out.
 */
export function disputeSource(disputes: DisputesService): DisputeSource {
  const stats = (actor: Actor, q: SourceQuery, groupBy: 'region' | 'type' | 'day', level?: RegionLevelName) =>
    disputes.stats(actor, {
      regionPath: q.regionPath,
      from: q.from,
      to: q.to,
      groupBy,
      ...(level ? { regionDepth: LEVEL_DEPTH[level] } : {}),
    });
  const rows = (s: DisputeStats): Keyed<DisputeCounters>[] =>
    s.rows.map((r) => ({ key: r.key, label: r.label, ...disputeCounters(r) }));
  return {
    totals: async (actor, q) => (await disputes.periodTotals(actor, q)).map(disputeCounters),
    byRegion: async (actor, q) => rows(await stats(actor, q, 'region', q.level)),
    byType: async (actor, q) => rows(await stats(actor, q, 'type')).filter((r) => r.key !== SCREENING_TYPE),
    byDay: async (actor, q) => rows(await stats(actor, q, 'day')),
  };
}
