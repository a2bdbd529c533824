import { makeIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
let town1: Actor;
let grid: Actor;
let room: number;
let otherRoom: number;
let gridId: number;
beforeAll(async () => {
  t = await createTestApp();
  town1 = await t.actorOf('town1');
  grid = await t.actorOf('grid');
  room = (await t.services.registry.matchAddress(grid, '1栋1单元101室', 1))[0]!.address.id;
  otherRoom = (await t.services.registry.matchAddress(town1, '1栋2单元202室', 1))[0]!.address.id;
  gridId = (await t.services.registry.getAddress(grid, room)).gridId!;
});
afterAll(async () => t.close());

const idNumber = makeIdNumber('350104', '1979-03-08', 321);
const phone = '13900001111';

/** Residents per grid as the cockpit reads them (kept counters), for the whole district. */
async function residentsByGrid() {
  const rows = await t.services.registry.populationByRegion(SYSTEM_ACTOR, {
    regionPath: town1.scopePath.split('.')[0]!,
    level: 'grid',
  });
  return new Map(rows.map((r) => [r.path, r.residents]));
}

async function tagsByGrid(tag?: 'petition') {
  const rows = await t.services.registry.specialPopulationDensity(SYSTEM_ACTOR, {
    regionPath: town1.scopePath.split('.')[0]!,
    level: 'grid',
    tag,
  });
  return new Map(rows.map((r) => [r.path, r.count]));
}

describe('person 360: events and disputes the person appears in', () => {
  let personId: number;

  it('lists the events reported with the person’s phone and the disputes they are a party of', async () => {
    const p = await t.services.registry.createPerson(grid, {
      name: '周全',
      idNumber,
      phone,
      residenceType: 'registered',
      addressId: room,
    });
    personId = p.id;
    const address = await t.services.registry.getAddress(grid, room);
    const reported = await t.services.events.reportPublic({
      categoryCode: '0301',
      description: '小区门口堆放建筑垃圾，影响通行',
      address: address.fullName,
      lng: address.lng!,
      lat: address.lat!,
      reporterName: '周先生',
      reporterPhone: phone,
    });
    const dispute = await t.services.disputes.register(town1, {
      title: '邻里噪音纠纷',
      type: 'neighbour',
      source: 'walkIn',
      facts: '楼上夜间噪音，双方多次争执。',
      regionId: gridId,
      parties: [
        { kind: 'person', role: '申请人', name: '周全', idNumber, phone },
        {
          kind: 'person',
          role: '被申请人',
          name: '吴楼上',
          idNumber: makeIdNumber('350104', '1988-01-02', 5),
        },
      ],
    });

    const res = await t.as('town1', { method: 'GET', url: `/api/v1/registry/people/${personId}/360` });
    expect(res.statusCode).toBe(200);
    const v = res.json();
    expect(v.events).toEqual([
      expect.objectContaining({
        id: reported.event.id,
        state: 'reported',
        stateLabel: { zh: '待受理', en: 'Reported' },
        summary: '小区门口堆放建筑垃圾，影响通行',
      }),
    ]);
    expect(v.disputes).toEqual([
      expect.objectContaining({
        id: dispute.id,
        refNo: dispute.refNo,
        role: '申请人',
        typeLabel: { zh: '邻里', en: 'Neighbours' },
      }),
    ]);
    // The lists carry no personal data of the reporter or the parties.
    expect(res.body).not.toContain(phone);
    expect(res.body).not.toContain(idNumber);
    // Each module audited its own lookup.
    const { rows } = await t.services.audit.search(SYSTEM_ACTOR, { action: 'dispute.search' }, 10, 0);
    expect(rows.some((r) => String(r.objectId) === String(dispute.id))).toBe(true);
  });

  it('shows no events or disputes to a role that may not read them, and nothing of another town', async () => {
    // The corrections officer reads the registry but neither events nor disputes.
    const res = await t.as('corrections', { method: 'GET', url: `/api/v1/registry/people/${personId}/360` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ person: { id: personId }, events: [], disputes: [] });
    expect(
      (await t.as('town2', { method: 'GET', url: `/api/v1/registry/people/${personId}/360` })).statusCode,
    ).toBe(404);
  });
});

describe('kept counters for the cockpit', () => {
  it('follow every create, move, tag and end of a tag, and agree with a recount', async () => {
    const gridPath = (await t.services.registry.getAddress(grid, room)).regionPath;
    const otherPath = (await t.services.registry.getAddress(town1, otherRoom)).regionPath;
    const before = await residentsByGrid();
    const p = await t.services.registry.createPerson(grid, {
      name: '计数人',
      idNumber: makeIdNumber('350104', '1990-09-09', 77),
      residenceType: 'floating',
      addressId: room,
    });
    let now = await residentsByGrid();
    expect(now.get(gridPath)).toBe(before.get(gridPath)! + 1);

    const moved = await t.services.registry.updatePerson(town1, p.id, p.version, {
      name: '计数人',
      idNumber: makeIdNumber('350104', '1990-09-09', 77),
      residenceType: 'floating',
      addressId: otherRoom,
    });
    now = await residentsByGrid();
    if (otherPath !== gridPath) {
      expect(now.get(gridPath)).toBe(before.get(gridPath));
      expect(now.get(otherPath)).toBe(before.get(otherPath)! + 1);
    }

    const tagsBefore = await tagsByGrid('petition');
    const tag = await t.services.registry.addTag(town1, moved.id, { tag: 'petition', since: '2026-10-01' });
    expect((await tagsByGrid('petition')).get(otherPath)).toBe(tagsBefore.get(otherPath)! + 1);
    await t.services.registry.updateTag(town1, tag.id, tag.version, { endedOn: '2026-11-30' });
    expect((await tagsByGrid('petition')).get(otherPath)).toBe(tagsBefore.get(otherPath));

    // The counters are what a full recount gives.
    const kept = { residents: await residentsByGrid(), tags: await tagsByGrid() };
    await t.services.registry.rebuildCounters(SYSTEM_ACTOR);
    expect(await residentsByGrid()).toEqual(kept.residents);
    expect(await tagsByGrid()).toEqual(kept.tags);
    await expect(t.services.registry.rebuildCounters(town1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
