import { type LocatableRegion, RegionLocator, touchingRegions } from '@fengqiao/domain';
import type { RegionSummary } from './territory.repo';

/**
 * The whole region tree in memory (a district has a few thousand nodes): id → summary, plus the
 * locator over leaf boundaries. Built from the database and replaced as a whole when a region changes,
 * so readers never see a half-updated index.
 */
export class RegionDirectory {
  readonly byId: Map<number, RegionSummary>;
  readonly byCode: Map<string, RegionSummary>;
  readonly locator: RegionLocator;
  private readonly boundaries: readonly LocatableRegion[];
  private touching: Map<number, number[]> | null = null;

  constructor(regions: RegionSummary[], boundaries: LocatableRegion[]) {
    this.byId = new Map(regions.map((r) => [r.id, r]));
    this.byCode = new Map(regions.map((r) => [r.code, r]));
    this.locator = new RegionLocator(boundaries);
    this.boundaries = boundaries;
  }

  /**
   * Grids whose boundary touches this grid's (shared edge or corner), computed once per directory —
   * that is, once per territory version, since any change replaces the directory (a few hundred ms
   * for a district of 741 grids).
   */
  neighbourGrids(gridId: number): number[] {
    if (!this.touching) {
      const grids = this.boundaries.filter((b) => this.byId.get(b.id)?.level === 'grid');
      this.touching = touchingRegions(grids);
    }
    return this.touching.get(gridId) ?? [];
  }

  /** district → … → the region itself. */
  chain(id: number): RegionSummary[] {
    const out: RegionSummary[] = [];
    let cur = this.byId.get(id);
    while (cur) {
      out.push(cur);
      cur = cur.parentId == null ? undefined : this.byId.get(cur.parentId);
    }
    return out.reverse();
  }

  locate(lng: number, lat: number): RegionSummary[] | null {
    const id = this.locator.locate(lng, lat);
    return id === null ? null : this.chain(id);
  }
}
