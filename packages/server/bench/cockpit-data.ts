// The data set of the cockpit benchmark: the demo district, plus as much event, dispute and population
// data as the installed modules can load (see the notes it returns).
import type { Runtime } from '../src/boot';

export interface CockpitData {
  /** Regions the cold runs rotate over, the district first. */
  regions: { id: number; level: string }[];
  settings: Record<string, string | number>;
  sources: string;
  notes: string[];
}

export async function loadCockpitData(
  rt: Runtime,
  _engine: string,
  log: (m: string) => void,
): Promise<CockpitData> {
  const dir = await rt.services.territory.dir();
  const all = [...dir.byId.values()].sort((a, b) => a.code.localeCompare(b.code));
  const district = all.find((r) => r.level === 'district')!;
  const grids = all.filter((r) => r.level === 'grid');
  const regions = [
    district,
    ...all.filter((r) => r.level === 'town' || r.level === 'community'),
    ...grids.filter((_, i) => i % 9 === 0),
  ].map((r) => ({ id: r.id, level: r.level }));
  log(`regions in rotation: ${regions.length}`);
  return {
    regions,
    settings: {
      district: `demo district: ${all.filter((r) => r.level === 'town').length} towns, ${grids.length} grids`,
    },
    sources: 'none',
    notes: [],
  };
}
