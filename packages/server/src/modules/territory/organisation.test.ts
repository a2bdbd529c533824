import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
let ids: { district: number; town1: number; town2: number; community1: number; grid1: number; grid2: number };
beforeAll(async () => {
  t = await createTestApp();
  const dir = await t.services.territory.dir();
  const byCode = (c: string) => dir.byCode.get(c)!.id;
  ids = {
    district: byCode('350199'),
    town1: byCode('350199001'),
    town2: byCode('350199002'),
    community1: byCode('350199001001'),
    grid1: byCode('350199001001001'),
    grid2: byCode('350199002001001'),
  };
  await t.services.users.createSystemUsers(SYSTEM_ACTOR, [
    {
      username: 'townadmin1',
      displayName: '街道管理员一',
      roles: ['admin'],
      scopeRegionId: ids.town1,
      passwordHash: await t.services.hasher.hash(DEMO_PASSWORD),
    },
  ]);
});
afterAll(async () => t.close());

const newDepartment = (over: Record<string, unknown> = {}) => ({
  code: 'D-LAW-01',
  name: '东湖街道司法所',
  shortName: '司法所',
  type: 'justice',
  regionId: ids.town1,
  phone: '0591-83301234',
  duties: '人民调解指导、社区矫正日常管理',
  ...over,
});

describe('POST /api/v1/departments', () => {
  it('creates a department in scope (201), audited, and lists it', async () => {
    const res = await t.as('townadmin1', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({
      code: 'D-LAW-01',
      name: '东湖街道司法所',
      type: 'justice',
      regionId: ids.town1,
      phone: '0591-83301234',
      active: true,
      version: 1,
    });
    expect(d.regionPath).toBeUndefined();
    const list = await t.as('leader', { method: 'GET', url: `/api/v1/departments?regionId=${ids.town1}` });
    expect(list.json().items.map((x: { code: string }) => x.code)).toContain('D-LAW-01');
    const audit = await t.services.audit.search(
      SYSTEM_ACTOR,
      { action: 'department.create', objectId: String(d.id) },
      5,
      0,
    );
    expect(audit.rows[0]).toMatchObject({
      actorName: 'townadmin1',
      diff: { name: [null, '东湖街道司法所'] },
    });
  });

  it('400 for an unknown type, an unknown field or a missing short name; 409 for a code in use', async () => {
    const bad = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment({ code: 'X1', type: 'ministryOfMagic' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('body.type');
    const extra = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment({ code: 'X2', colour: 'red' }),
    });
    expect(extra.statusCode).toBe(400);
    const { shortName: _s, ...noShort } = newDepartment({ code: 'X3' });
    expect(
      (await t.as('admin', { method: 'POST', url: '/api/v1/departments', payload: noShort })).statusCode,
    ).toBe(400);
    const dup = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment({ code: 'T1', regionId: ids.district }),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE', message: '代码已存在' });
  });

  it('401 without a session, 403 without department:write, 404 for a region outside the scope', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/departments', payload: newDepartment() });
    expect(anon.statusCode).toBe(401);
    const leader = await t.as('leader', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment(),
    });
    expect(leader.statusCode).toBe(403);
    const out = await t.as('townadmin1', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment({ code: 'X4', regionId: ids.town2 }),
    });
    expect(out.statusCode).toBe(404);
    // A district bureau is above a town administrator's scope too.
    const up = await t.as('townadmin1', {
      method: 'POST',
      url: '/api/v1/departments',
      payload: newDepartment({ code: 'X5', regionId: ids.district }),
    });
    expect(up.statusCode).toBe(404);
  });
});

describe('PATCH /api/v1/departments/:id', () => {
  it('changes fields with the current version, refuses a stale one (409), and deactivates', async () => {
    const created = (
      await t.as('admin', {
        method: 'POST',
        url: '/api/v1/departments',
        payload: newDepartment({
          code: 'D-FIRE-01',
          name: '东湖消防站',
          shortName: '消防站',
          type: 'fireRescue',
        }),
      })
    ).json();
    const url = `/api/v1/departments/${created.id}`;
    const ok = await t.as('admin', {
      method: 'PATCH',
      url,
      payload: { version: 1, name: '东湖街道消防救援站', phone: '119', duties: '火灾扑救、应急救援' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      name: '东湖街道消防救援站',
      phone: '119',
      version: 2,
      shortName: '消防站',
    });
    const stale = await t.as('admin', { method: 'PATCH', url, payload: { version: 1, active: false } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const off = await t.as('admin', { method: 'PATCH', url, payload: { version: 2, active: false } });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const audit = await t.services.audit.search(
      SYSTEM_ACTOR,
      { action: 'department.update', objectId: String(created.id) },
      5,
      0,
    );
    expect(audit.rows.map((r) => r.diff)).toContainEqual({ active: [true, false] });
  });

  it('400 for a bad body, 401, 403, and 404 for a department outside the scope or missing', async () => {
    const t2 = (await t.services.territory.listDepartments(SYSTEM_ACTOR, {})).find((d) => d.code === 'T2')!;
    const url = `/api/v1/departments/${t2.id}`;
    expect((await t.as('admin', { method: 'PATCH', url, payload: { name: 'no version' } })).statusCode).toBe(
      400,
    );
    expect(
      (await t.as('admin', { method: 'PATCH', url, payload: { version: 1, regionId: 3 } })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'PATCH', url, payload: { version: 1, name: 'x' } })).statusCode,
    ).toBe(401);
    expect(
      (await t.as('dispatcher', { method: 'PATCH', url, payload: { version: 1, name: 'x' } })).statusCode,
    ).toBe(403);
    const out = await t.as('townadmin1', { method: 'PATCH', url, payload: { version: 1, name: 'x' } });
    expect(out.statusCode).toBe(404);
    const gone = await t.as('admin', {
      method: 'PATCH',
      url: '/api/v1/departments/999999',
      payload: { version: 1 },
    });
    expect(gone.statusCode).toBe(404);
  });
});

describe('POST and DELETE /api/v1/posts', () => {
  it('appoints a grid worker (201) with the phone encrypted and masked, and ends the post', async () => {
    const res = await t.as('townadmin1', {
      method: 'POST',
      url: '/api/v1/posts',
      payload: {
        regionId: ids.grid1,
        postType: 'gridWorker',
        personName: '林晓东',
        phone: '13805911234',
        startedOn: '2026-03-01',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const post = res.json();
    expect(post).toMatchObject({
      regionId: ids.grid1,
      postType: 'gridWorker',
      personName: '林晓东',
      phoneMasked: '138****1234',
      startedOn: '2026-03-01',
      endedOn: null,
    });
    expect(post.phoneEnc).toBeUndefined();
    expect(JSON.stringify(post)).not.toContain('13805911234');
    const stored = (await t.services.territory.listPosts(SYSTEM_ACTOR, { regionId: ids.grid1 })).find(
      (p) => p.id === post.id,
    )!;
    expect(t.services.pii.decrypt(stored.phoneEnc!)).toBe('13805911234');
    const audit = await t.services.audit.search(
      SYSTEM_ACTOR,
      { action: 'post.', objectId: String(post.id) },
      5,
      0,
    );
    expect(JSON.stringify(audit.rows)).not.toContain('13805911234');

    const ended = await t.as('townadmin1', { method: 'DELETE', url: `/api/v1/posts/${post.id}` });
    expect(ended.statusCode).toBe(200);
    expect(ended.json().endedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const list = await t.as('townadmin1', { method: 'GET', url: `/api/v1/posts?regionId=${ids.grid1}` });
    expect(list.json().items.map((p: { id: number }) => p.id)).not.toContain(post.id);
    const again = await t.as('townadmin1', { method: 'DELETE', url: `/api/v1/posts/${post.id}` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('POST_ALREADY_ENDED');
  });

  it('puts a grid leader on a community, and refuses a grid worker there (400)', async () => {
    const leader = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/posts',
      payload: { regionId: ids.community1, postType: 'gridLeader', personName: '陈美华' },
    });
    expect(leader.statusCode).toBe(201);
    expect(leader.json().startedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const worker = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/posts',
      payload: { regionId: ids.community1, postType: 'gridWorker', personName: '陈美华' },
    });
    expect(worker.statusCode).toBe(400);
    expect(worker.json().error).toEqual({ code: 'POST_REGION_LEVEL', message: '网格员只能设在网格或微网格' });
    const unit = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/posts',
      payload: { regionId: ids.town1, postType: 'unitLeader', personName: '陈美华' },
      headers: { 'accept-language': 'en' },
    });
    expect(unit.json().error.message).toBe('A unit leader post belongs to a grid or micro-grid');
  });

  it('400 for a bad phone, date or type; 401; 403; 404 out of scope or for an unseen account', async () => {
    const post = (payload: Record<string, unknown>, user = 'admin') =>
      t.as(user, {
        method: 'POST',
        url: '/api/v1/posts',
        payload: { regionId: ids.grid1, postType: 'gridWorker', personName: '王五', ...payload },
      });
    expect((await post({ phone: '12345' })).statusCode).toBe(400);
    expect((await post({ startedOn: '2026-02-30' })).statusCode).toBe(400);
    expect((await post({ postType: 'mayor' })).statusCode).toBe(400);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/posts',
      payload: { regionId: ids.grid1, postType: 'gridWorker', personName: '王五' },
    });
    expect(anon.statusCode).toBe(401);
    expect((await post({}, 'dispatcher')).statusCode).toBe(403);
    expect((await post({ regionId: ids.grid2 }, 'townadmin1')).statusCode).toBe(404);
    const town2User = (await t.services.users.list(SYSTEM_ACTOR, { q: 'town2' }, 5, 0)).rows.find(
      (u) => u.username === 'town2',
    )!;
    expect((await post({ userId: town2User.id }, 'townadmin1')).statusCode).toBe(404);
    const town2Post = (await t.services.territory.listPosts(SYSTEM_ACTOR, { regionId: ids.grid2 }))[0]!;
    const del = await t.as('townadmin1', { method: 'DELETE', url: `/api/v1/posts/${town2Post.id}` });
    expect(del.statusCode).toBe(404);
    expect(
      (await t.as('leader', { method: 'DELETE', url: `/api/v1/posts/${town2Post.id}` })).statusCode,
    ).toBe(403);
  });
});
