import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
let grid: Actor;

beforeAll(async () => {
  t = await createTestApp();
  grid = await t.actorOf('grid');
});
afterAll(async () => t?.close());

async function eventIn(gridId: number) {
  const dir = await t.services.territory.dir();
  const g = dir.byId.get(gridId)!;
  const res = await t.services.events.report(SYSTEM_ACTOR, {
    categoryCode: '0501',
    description: '路面塌陷，需网格员到场核实',
    channel: 'console',
    lng: g.centroidLng!,
    lat: g.centroidLat!,
  });
  return res.event;
}

type Worker = {
  userId: number | null;
  name: string;
  gridName: string;
  sameGrid: boolean;
  distanceM: number | null;
};

describe('nearest grid workers', () => {
  it('offers the workers of the grid and of every grid touching it, nearest first', async () => {
    const dir = await t.services.territory.dir();
    const own = dir.byId.get(
      (await t.services.territory.listPosts(SYSTEM_ACTOR, { userId: grid.userId! }))[0]!.regionId,
    )!;
    const around = dir.neighbourGrids(own.id).map((id) => dir.byId.get(id)!);
    expect(around.length).toBeGreaterThan(2);
    const ev = await eventIn(own.id);
    const here = { lng: own.centroidLng!, lat: own.centroidLat! };
    expect(
      (await t.as('grid', { method: 'POST', url: '/api/v1/me/position', payload: here })).statusCode,
    ).toBe(200);
    const res = await t.as('dispatcher', { method: 'GET', url: `/api/v1/events/${ev.id}/nearest-workers` });
    expect(res.statusCode, res.body).toBe(200);
    const workers = res.json() as Worker[];
    expect(workers[0]).toMatchObject({ userId: grid.userId, sameGrid: true });
    expect(workers[0]!.distanceM).toBeLessThan(5);
    // One worker post per demo grid: the grid itself plus each neighbour.
    expect(workers).toHaveLength(around.length + 1);
    expect(new Set(workers.map((w) => w.gridName))).toEqual(
      new Set([own.name, ...around.map((g) => g.name)]),
    );
    expect(workers.filter((w) => w.sameGrid)).toHaveLength(1);
    // Without a reported position a worker still appears, after those with one.
    expect(workers.slice(1).every((w) => w.distanceM === null)).toBe(true);
  });

  it('crosses community boundaries: a touching grid of the next community is offered too', async () => {
    const dir = await t.services.territory.dir();
    const grids = [...dir.byId.values()].filter((r) => r.level === 'grid');
    const border = grids.find((g) =>
      dir.neighbourGrids(g.id).some((n) => dir.byId.get(n)!.parentId !== g.parentId),
    )!;
    const other = dir
      .neighbourGrids(border.id)
      .map((n) => dir.byId.get(n)!)
      .find((n) => n.parentId !== border.parentId)!;
    const ev = await eventIn(border.id);
    const workers = (
      await t.as('dispatcher', { method: 'GET', url: `/api/v1/events/${ev.id}/nearest-workers` })
    ).json() as Worker[];
    expect(workers.map((w) => w.gridName)).toContain(other.name);
  });
});
