import type { Actor } from '../../db/context';

/**
 * What the cockpit reads from other modules. It never scans case tables: each source answers from its
 * own rollups (events: `event_rollups`, disputes: `dispute_rollups`, registry: aggregates). The adapters
 * in services.ts map each module's service onto these shapes, so the cockpit does not depend on their
 * internals and runs (with fewer measures) when a module is absent.
 */

/** A period of whole local days in China, both ends inclusive (`YYYY-MM-DD`). */
export interface SourceQuery {
  regionPath: string;
  from: string;
  to: string;
}

/** A region's totals over several periods (the summary's period and today), answered in one read. */
export interface TotalsQuery {
  regionPath: string;
  periods: { from: string; to: string }[];
}

export type RegionLevelName = 'town' | 'community' | 'grid' | 'microGrid';

export interface EventCounters {
  /** Events reported in the period. */
  intake: number;
  /** Events closed (结案) in the period. */
  closed: number;
  /** Of those, closed within their time limit (按期结案). */
  closedOnTime: number;
  /** 应结案数: closed in the period, or gone overdue in it and not closed since (the events module's count). */
  dueToClose: number;
  /** Open now (not only those of the period). */
  open: number;
  /** Open now and past their deadline. */
  overdue: number;
  /** Satisfaction ratings received in the period, and how many were satisfied (满意/基本满意). */
  rated: number;
  satisfied: number;
}

export interface DisputeCounters {
  /** Disputes found or registered in the period (排查发现/登记). */
  intake: number;
  /** Taken into mediation (受理). */
  accepted: number;
  /** Settled (化解, 调解成功). */
  resolved: number;
  /** Closed in the period, however they ended. */
  closed: number;
}

/** A group's key: a region's code for `region`, a category code, a department id, a day `YYYY-MM-DD`. */
export type Keyed<T> = T & { key: string; label?: string | { zh: string; en: string } | undefined };

export interface FeedItem {
  kind: 'event' | 'dispute';
  id: number;
  ref: string;
  title: string;
  category: string | null;
  state: string;
  stateLabel: { zh: string; en: string } | string;
  regionPath: string;
  at: string;
  lng: number | null;
  lat: number | null;
}

export interface EventSource {
  /** One element per period, in order (`open`/`overdue` are now's, the same in each). */
  totals(actor: Actor, q: TotalsQuery): Promise<EventCounters[]>;
  byRegion(actor: Actor, q: SourceQuery & { level: RegionLevelName }): Promise<Keyed<EventCounters>[]>;
  byCategory(actor: Actor, q: SourceQuery): Promise<Keyed<EventCounters>[]>;
  byDepartment(actor: Actor, q: SourceQuery): Promise<Keyed<EventCounters>[]>;
  byDay(actor: Actor, q: SourceQuery): Promise<Keyed<EventCounters>[]>;
  recent(actor: Actor, q: { regionPath: string; limit: number }): Promise<FeedItem[]>;
}

export interface DisputeSource {
  /** One element per period, in order. */
  totals(actor: Actor, q: TotalsQuery): Promise<DisputeCounters[]>;
  byRegion(actor: Actor, q: SourceQuery & { level: RegionLevelName }): Promise<Keyed<DisputeCounters>[]>;
  byType(actor: Actor, q: SourceQuery): Promise<Keyed<DisputeCounters>[]>;
  byDay(actor: Actor, q: SourceQuery): Promise<Keyed<DisputeCounters>[]>;
}

export interface RegistrySource {
  /** Registered residents (实有人口) per region of a level under the path; key = region code. */
  populationByRegion(
    actor: Actor,
    q: { regionPath: string; level: RegionLevelName },
  ): Promise<{ key: string; people: number }[]>;
  /** Special-group members per region (aggregates only, never a person); key = region code. */
  specialByRegion(
    actor: Actor,
    q: { regionPath: string; level: RegionLevelName; tag?: string | undefined },
  ): Promise<{ key: string; count: number }[]>;
  /** The tags the heat layer may filter by. */
  specialTags(): { code: string; zh: string; en: string }[];
}

export interface CockpitSources {
  events?: EventSource | undefined;
  disputes?: DisputeSource | undefined;
  registry?: RegistrySource | undefined;
}
