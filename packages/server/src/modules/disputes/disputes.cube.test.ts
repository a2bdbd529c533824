import { DISPUTE_COUNTERS } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeDifferences } from '../../../test/cube-check';
import { createTestApp, type TestApp } from '../../../test/harness';
import type { Actor } from '../../db/context';

/**
 * `dispute_cube` (the rollups summed up the region tree by day and month, kept by triggers) must equal a
 * recount of `dispute_rollups` after registrations, acceptances and a bulk load over two months; the
 * statistics read from it must match sums of the rollups.
 */
let t: TestApp;
let town1: Actor;

beforeAll(async () => {
  t = await createTestApp();
  town1 = await t.actorOf('town1');
});
afterAll(async () => t?.close());

const expectKept = async () =>
  expect(
    await cubeDifferences(t.services.db, {
      rollups: 'dispute_rollups',
      cube: 'dispute_cube',
      dims: [{ column: 'type', all: '' }],
      counters: DISPUTE_COUNTERS.map((c) => c.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`)),
    }),
  ).toEqual([]);

describe('the dispute cube', () => {
  it('equals a recount of the rollups after registrations, acceptances and a bulk load', async () => {
    await expectKept();
    const dir = await t.services.territory.dir();
    const grid = [...dir.byId.values()].find(
      (r) => r.level === 'grid' && r.regionPath.startsWith(`${town1.scopePath}.`),
    )!;
    for (const [n, type] of [
      [1, 'neighbour'],
      [2, 'family'],
    ] as const) {
      const d = await t.services.disputes.register(town1, {
        title: `纠纷${n}`,
        type,
        source: 'walkIn',
        facts: '双方就费用争执。',
        regionId: grid.id,
        parties: [
          { kind: 'person', role: '申请人', name: `甲${n}`, phone: '13800138001' },
          { kind: 'person', role: '被申请人', name: `乙${n}`, phone: '13800138002' },
        ],
      });
      await t.services.cases.apply(town1, 'dispute', d.id, { action: 'accept' });
    }
    await expectKept();
    await t.services.disputes.bulkLoad(2_000, { days: 75, batch: 700 });
    await expectKept();
    // The loaders' one-pass rebuild gives the same cube (run as the owner, as the loaders do).
    await t.services.db.orm.execute('SELECT dispute_cube_rebuild()' as never);
    await expectKept();

    // Statistics from the cube: by day over the whole range equals by region, by type and by level (rollups).
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const from = new Date(Date.now() - 80 * 86_400_000).toISOString().slice(0, 10);
    const total = async (groupBy: 'day' | 'region' | 'type' | 'level') =>
      (await t.services.disputes.stats(town1, { from, to: today, groupBy })).total.found;
    const byDay = await total('day');
    expect(byDay).toBeGreaterThan(2);
    expect(await total('region')).toBe(byDay);
    expect(await total('type')).toBe(byDay);
    expect(await total('level')).toBe(byDay);
  }, 300_000);
});
