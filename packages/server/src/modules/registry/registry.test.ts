import { makeIdNumber, maskIdNumber } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, transaction } from '../../db/context';
import * as repo from './registry.repo';

let t: TestApp;
let town1Room: number;
let town2Room: number;
let grid1Path: string;
beforeAll(async () => {
  t = await createTestApp();
  const grid = await t.actorOf('grid');
  grid1Path = grid.scopePath;
  const rooms = await t.services.registry.matchAddress(grid, '1栋1单元101室', 1);
  town1Room = rooms[0]!.address.id;
  const town2 = await t.actorOf('town2');
  town2Room = (await t.services.registry.matchAddress(town2, '临江街道江滨大道1号1栋2单元202室', 1))[0]!
    .address.id;
});
afterAll(async () => t.close());

const goodId = makeIdNumber('350104', '1985-06-15', 123);
const badId = `${goodId.slice(0, 17)}${goodId[17] === '0' ? '1' : '0'}`;

async function audits(action: string, objectId: string) {
  const { rows } = await t.services.audit.search(SYSTEM_ACTOR, { action, objectId }, 50, 0);
  return rows;
}

describe('people', () => {
  let personId: number;

  it('registers a person with sex and birth date derived, ID number and phone masked', async () => {
    const res = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/people',
      payload: {
        name: '测试人',
        idNumber: goodId,
        phone: '13812345678',
        residenceType: 'registered',
        addressId: town1Room,
      },
    });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    personId = p.id;
    expect(p).toMatchObject({
      name: '测试人',
      idNumber: maskIdNumber(goodId),
      phone: '138****5678',
      sex: 'male',
      birthDate: '1985-06-15',
      residenceType: 'registered',
    });
    expect(res.body).not.toContain(goodId);
    expect(res.body).not.toContain('13812345678');
  });

  it('stores ciphertext, never the plain ID number', async () => {
    const raw = await t.runtime.services.db.orm.execute(
      `SELECT encode(id_number_enc, 'escape') AS enc, id_number_idx FROM people WHERE id = ${personId}` as never,
    );
    const row = (raw as unknown as { rows: { enc: string; id_number_idx: string }[] }).rows[0]!;
    expect(row.enc).not.toContain(goodId);
    expect(row.id_number_idx).toBe(t.services.pii.blindIndex(goodId, 'idNumber'));
  });

  it('refuses a wrong check digit with a clear reason, and a duplicate ID number', async () => {
    const bad = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/people',
      payload: { name: '错号', idNumber: badId, residenceType: 'registered', addressId: town1Room },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'ID_NUMBER_INVALID',
      message: '身份证号码不正确：校验位错误',
    });
    const dupe = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/people',
      payload: { name: '重复', idNumber: goodId, residenceType: 'floating', addressId: town1Room },
    });
    expect(dupe.statusCode).toBe(409);
    expect(dupe.json().error.code).toBe('PERSON_DUPLICATE');
  });

  it('finds a person by full ID number through the blind index, and audits the lookup', async () => {
    const res = await t.as('grid', { method: 'GET', url: `/api/v1/registry/people?q=${goodId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((p: { id: number }) => p.id)).toEqual([personId]);
    expect((await audits('person.search', String(personId))).length).toBeGreaterThan(0);
  });

  it('finds people by surname (one character = name prefix), taking % and _ literally', async () => {
    for (const [name, seq] of [
      ['欧阳测', 201],
      ['测欧阳', 202],
    ] as const) {
      const res = await t.as('grid', {
        method: 'POST',
        url: '/api/v1/registry/people',
        payload: {
          name,
          idNumber: makeIdNumber('350104', '1990-01-01', seq),
          residenceType: 'floating',
          addressId: town1Room,
        },
      });
      expect(res.statusCode).toBe(201);
    }
    const names = async (q: string) => {
      const res = await t.as('grid', {
        method: 'GET',
        url: `/api/v1/registry/people?q=${encodeURIComponent(q)}`,
      });
      expect(res.statusCode).toBe(200);
      return res.json().items.map((p: { name: string }) => p.name) as string[];
    };
    expect(await names('欧')).toEqual(['欧阳测']);
    expect(await names('测')).toEqual(expect.arrayContaining(['测欧阳', '测试人']));
    expect(await names('测')).not.toContain('欧阳测');
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
  });

  it('counts a search up to a cap and says when there are more; a region-only count comes from the counters', async () => {
    const grid = await t.actorOf('grid');
    const { capped, exact, byRegion } = await transaction(t.services.db, grid, async () => ({
      capped: await repo.countPeople({ name: '测' }, 1),
      exact: await repo.countPeople({ name: '测' }, 10),
      byRegion: await repo.countPeople({}, 10),
    }));
    // The recount: the grid worker's people, counted row by row as the owner.
    const byRows = await ownerQuery<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM people WHERE region_path <@ '${grid.scopePath}'`,
    );
    expect(capped).toEqual({ n: 1, exact: false });
    expect(exact).toEqual({ n: 2, exact: true });
    expect(byRegion).toEqual({ n: byRows[0]!.n, exact: true });
    const res = await t.as('grid', { method: 'GET', url: '/api/v1/registry/people' });
    expect(res.json()).toMatchObject({ total: byRows[0]!.n, totalExact: true });
  });

  it('audits each read of a record', async () => {
    const before = (await audits('person.read', String(personId))).length;
    expect(
      (await t.as('grid', { method: 'GET', url: `/api/v1/registry/people/${personId}` })).statusCode,
    ).toBe(200);
    expect((await audits('person.read', String(personId))).length).toBe(before + 1);
  });

  it('unmasks only with the permission and a reason, and audits the reason', async () => {
    const denied = await t.as('leader', {
      method: 'POST',
      url: `/api/v1/registry/people/${personId}/unmask`,
      payload: { field: 'idNumber', reason: '核实身份' },
    });
    expect(denied.statusCode).toBe(403);
    const noReason = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/people/${personId}/unmask`,
      payload: { field: 'idNumber', reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const ok = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/people/${personId}/unmask`,
      payload: { field: 'idNumber', reason: '入户核实身份' },
    });
    expect(ok.json()).toEqual({ field: 'idNumber', value: goodId });
    const [entry] = await audits('person.unmask', String(personId));
    expect(entry!.diff).toEqual({ field: 'idNumber', reason: '入户核实身份' });
  });

  it('keeps town-2 people out of reach (404) and answers 401 without a session', async () => {
    const town2 = await t.actorOf('town2');
    const [p] = await t.services.registry.insertPeopleBulk(town2, [
      {
        name: '临江人',
        idNumber: makeIdNumber('350104', '1990-01-01', 7),
        residenceType: 'registered',
        addressId: town2Room,
      },
    ]);
    expect((await t.as('town1', { method: 'GET', url: `/api/v1/registry/people/${p!.id}` })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/registry/people/${p!.id}` })).statusCode).toBe(
      401,
    );
  });

  it('fuzzy-searches names', async () => {
    const res = await t.as('grid', {
      method: 'GET',
      url: `/api/v1/registry/people?q=${encodeURIComponent('测试人')}`,
    });
    expect(res.json().items[0].name).toBe('测试人');
  });

  it('shows special-population data in the 360 view only to roles that need it', async () => {
    const tag = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/people/${personId}/tags`,
      payload: { tag: 'petition', since: '2026-01-01' },
    });
    expect(tag.statusCode).toBe(201);
    const asGrid = (
      await t.as('grid', { method: 'GET', url: `/api/v1/registry/people/${personId}/360` })
    ).json();
    expect(asGrid.tags.map((x: { tag: string }) => x.tag)).toEqual(['petition']);
    expect(asGrid.houses.length).toBeGreaterThanOrEqual(0);
    const asDispatcher = (
      await t.as('town1', { method: 'GET', url: `/api/v1/registry/people/${personId}/360` })
    ).json();
    expect(asDispatcher.tags).toBeNull();
    expect(asDispatcher.person.id).toBe(personId);
    expect((await t.as('town1', { method: 'GET', url: '/api/v1/registry/special' })).statusCode).toBe(403);
  });
});

describe('standard addresses', () => {
  it('matches many spellings of the same room and ranks the right room first', async () => {
    const grid = await t.actorOf('grid');
    const exact = (await t.services.registry.getAddress(grid, town1Room)).fullName;
    for (const spelling of [
      exact.replace('1栋1单元101室', '一幢一单元一〇一'),
      exact.replace('1栋1单元101室', '1-1-101'),
      `福建省福州市示范区${exact}`,
    ]) {
      const res = await t.as('grid', {
        method: 'GET',
        url: `/api/v1/registry/addresses/match?q=${encodeURIComponent(spelling)}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().items[0].id).toBe(town1Room);
    }
    const fuzzy = await t.as('grid', {
      method: 'GET',
      url: `/api/v1/registry/addresses/match?q=${encodeURIComponent(exact.replace('东湖街道', '').replace('101室', '101'))}`,
    });
    expect(fuzzy.json().items[0].id).toBe(town1Room);
  });

  it('builds the tree down to the room with codes', async () => {
    const grid = await t.actorOf('grid');
    const room = await t.services.registry.getAddress(grid, town1Room);
    const unit = await t.services.registry.getAddress(grid, room.parentId!);
    const res = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/addresses',
      payload: { parentId: unit.id, kind: 'room', name: '三〇一' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'room', name: '301室', fullName: `${unit.fullName}301室` });
    expect(res.json().code.startsWith(unit.code)).toBe(true);
    const again = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/addresses',
      payload: { parentId: unit.id, kind: 'room', name: '301' },
    });
    expect(again.statusCode).toBe(409);
    const wrong = await t.as('grid', {
      method: 'POST',
      url: '/api/v1/registry/addresses',
      payload: { parentId: room.id, kind: 'unit', name: '9单元' },
    });
    expect(wrong.json().error.code).toBe('ADDRESS_PARENT_KIND');
  });
});

describe('special populations and visits', () => {
  it('lists visits due and overdue for the grid worker, and a visit moves the due date', async () => {
    const res = await t.as('grid', { method: 'GET', url: '/api/v1/registry/special' });
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const x of list.items) expect(x.path.startsWith(grid1Path)).toBe(true);
    const target = list.items.find((x: { status: string }) => x.status !== 'ok') ?? list.items[0];
    const visit = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/tags/${target.id}/visits`,
      payload: {
        visitedAt: new Date().toISOString(),
        lng: 119.23,
        lat: 26.11,
        findings: '情况稳定',
        anomaly: false,
      },
    });
    expect(visit.statusCode).toBe(201);
    const after = (await t.as('grid', { method: 'GET', url: '/api/v1/registry/special' })).json();
    expect(after.items.find((x: { id: number }) => x.id === target.id).status).toBe('ok');
    const future = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/tags/${target.id}/visits`,
      payload: { visitedAt: new Date(Date.now() + 86_400_000).toISOString(), findings: 'x', anomaly: false },
    });
    expect(future.json().error.code).toBe('VISIT_IN_FUTURE');
  });

  it('reports an anomaly found on a visit as an event in the same step', async () => {
    const list = (await t.as('grid', { method: 'GET', url: '/api/v1/registry/special' })).json();
    const target = list.items[list.items.length - 1];
    const res = await t.as('grid', {
      method: 'POST',
      url: `/api/v1/registry/tags/${target.id}/visits`,
      payload: {
        visitedAt: new Date().toISOString(),
        findings: '近一周未归家，家属联系不上',
        anomaly: true,
        reportEvent: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const eventId = res.json().eventId;
    expect(eventId).toBeGreaterThan(0);
    const event = await t.services.events.get(await t.actorOf('grid'), eventId);
    expect(JSON.stringify(event)).toContain('走访发现异常');
    expect(JSON.stringify(event)).not.toContain(target.person.name);
  });

  it('counts per child region for the cockpit, within scope', async () => {
    const town1 = await t.actorOf('town1');
    const pop = await t.services.registry.populationByRegion(town1, {
      regionPath: town1.scopePath,
      level: 'community',
    });
    expect(pop.length).toBe(10);
    expect(pop.reduce((s, r) => s + r.residents, 0)).toBeGreaterThan(100);
    const dens = await t.as('leader', {
      method: 'GET',
      url: `/api/v1/registry/stats/special-density?regionPath=${town1.scopePath.split('.')[0]}&level=town`,
    });
    expect(dens.statusCode).toBe(200);
    expect(dens.json().items.length).toBe(8);
    expect(Object.keys(dens.json().items[0]).sort()).toEqual([
      'areaKm2',
      'code',
      'count',
      'name',
      'path',
      'regionId',
    ]);
    const out = await t.as('town1', {
      method: 'GET',
      url: `/api/v1/registry/stats/population?regionPath=${town1.scopePath.split('.')[0]}&level=town`,
    });
    expect(out.statusCode).toBe(404);
  });
});
