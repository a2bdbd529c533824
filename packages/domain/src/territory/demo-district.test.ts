import { describe, expect, it } from 'vitest';
import { generateDemoDistrict } from './demo-district';
import { RegionLocator } from './locator';

describe('demo district', () => {
  const regions = generateDemoDistrict();
  const byLevel = (l: string) => regions.filter((r) => r.level === l);

  it('has the seeds’ scale: 1 district, 8 towns, 80 communities, ~740 grids', () => {
    expect(byLevel('district')).toHaveLength(1);
    expect(byLevel('town')).toHaveLength(8);
    expect(byLevel('community')).toHaveLength(80);
    expect(byLevel('grid').length).toBeGreaterThanOrEqual(720);
    expect(byLevel('grid').length).toBeLessThanOrEqual(760);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(generateDemoDistrict())).toBe(JSON.stringify(regions));
  });

  it('children tile their parent: areas add up and populations sum', () => {
    for (const parent of regions.filter((r) => r.level !== 'grid')) {
      const kids = regions.filter((r) => r.parentCode === parent.code);
      const area = kids.reduce((s, k) => s + k.areaM2, 0);
      expect(Math.abs(area - parent.areaM2) / parent.areaM2).toBeLessThan(1e-3);
      expect(kids.reduce((s, k) => s + k.population, 0)).toBe(parent.population);
    }
  });

  it('no two grids overlap: every sample point lies in exactly one grid', () => {
    const grids = byLevel('grid');
    const locators = grids.map((g, i) => new RegionLocator([{ id: i, depth: 4, boundary: g.boundary }]));
    const [w, s, e, n] = [119.221, 26.001, 119.399, 26.119];
    for (let k = 0; k < 400; k++) {
      const x = w + (((k * 7919) % 400) / 400) * (e - w);
      const y = s + (((k * 104729) % 397) / 397) * (n - s);
      const inside = locators.filter((l) => l.locate(x, y) !== null).length;
      expect(inside).toBeLessThanOrEqual(1);
    }
  });

  it('every grid code extends its community code and every centroid lies in its own grid', () => {
    const grids = byLevel('grid');
    const loc = new RegionLocator(grids.map((g, i) => ({ id: i, depth: 4, boundary: g.boundary })));
    grids.forEach((g, i) => {
      expect(g.code.startsWith(g.parentCode!)).toBe(true);
      expect(loc.locate(g.centroid[0], g.centroid[1])).toBe(i);
    });
  });
});

describe('benchmark district', () => {
  it('has the Licheng report’s 2,078 grids, in 12 towns and 240 communities, tiling like the demo', async () => {
    const { BENCH_DISTRICT_LAYOUT, generateDistrict } = await import('./demo-district');
    const regions = generateDistrict(BENCH_DISTRICT_LAYOUT);
    const n = (l: string) => regions.filter((r) => r.level === l).length;
    expect([n('district'), n('town'), n('community'), n('grid')]).toEqual([1, 12, 240, 2078]);
    const district = regions[0]!;
    const towns = regions.filter((r) => r.level === 'town');
    const sum = towns.reduce((s, t) => s + t.areaM2, 0);
    expect(Math.abs(sum - district.areaM2) / district.areaM2).toBeLessThan(1e-3);
  });

  it('leaves the default demo district exactly as it was', async () => {
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha256').update(JSON.stringify(generateDemoDistrict())).digest('hex');
    expect(hash).toBe('6ef8c4e110ae59940beb6caf20c82fbe12301550dcc20fe9d1fe9b0da30bdf41');
  });
});
