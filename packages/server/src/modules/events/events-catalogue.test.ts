import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../db/context';

let t: TestApp;
let d08: number;
let here: { lng: number; lat: number };

const send = (as: string, method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, payload?: object) =>
  t.as(as, { method, url, ...(payload ? { payload } : {}) });

const newCategory = {
  code: '0107',
  name: '乱堆物堆料',
  nameEn: 'Goods piled in public',
  parent: '01',
  group: 'cityManagement',
  limitValue: 2,
  limitUnit: 'workingDays',
  acceptCondition: '道路、广场等公共场所堆放物料',
  closeCondition: '物料已清走，现场恢复整洁',
  departmentType: 'urbanManagement',
  photoRequired: false,
  duplicateRadiusM: 60,
  duplicateWindowHours: 72,
};

const auditActions = async (objectId: string) =>
  (await t.services.audit.search(SYSTEM_ACTOR, { objectType: 'eventCategory', objectId }, 50, 0)).rows.map(
    (r: { action: string }) => r.action,
  );

beforeAll(async () => {
  t = await createTestApp();
  const s = t.services;
  d08 = (await s.territory.listDepartments(SYSTEM_ACTOR, {})).find((d) => d.code === 'D08')!.id;
  const dir = await s.territory.dir();
  const town1 = dir.byCode.get('350199001')!;
  await s.users.createSystemUsers(SYSTEM_ACTOR, [
    {
      username: 'catadmin1',
      displayName: '街道管理员',
      roles: ['admin'],
      scopeRegionId: town1.id,
      passwordHash: await s.hasher.hash(DEMO_PASSWORD),
    },
  ]);
  const grid = await t.actorOf('grid');
  const g = [...dir.byId.values()].find(
    (x) =>
      x.regionPath.startsWith(grid.scopePath) &&
      x.centroidLng !== null &&
      dir.locate(x.centroidLng!, x.centroidLat!)?.at(-1)?.regionPath.startsWith(grid.scopePath),
  )!;
  here = { lng: g.centroidLng!, lat: g.centroidLat! };
});
afterAll(async () => t?.close());

describe('category catalogue editor', () => {
  it('lists the seeded catalogue on a fresh database, before any report', async () => {
    const all = await send('admin', 'GET', '/api/v1/event-categories/all');
    expect(all.statusCode).toBe(200);
    expect(all.json().map((c: { code: string }) => c.code)).toEqual(
      expect.arrayContaining(['01', '0101', '11']),
    );
  });

  it('adds a sub-category that new reports can use at once, audited', async () => {
    const res = await send('admin', 'POST', '/api/v1/event-categories', newCategory);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ code: '0107', active: true, version: 1 });
    const pub = (await send('grid', 'GET', '/api/v1/event-categories')).json();
    expect(pub.map((c: { code: string }) => c.code)).toContain('0107');
    const ev = await send('grid', 'POST', '/api/v1/events', {
      categoryCode: '0107',
      description: '人行道上堆满建材',
      ...here,
    });
    expect(ev.statusCode, ev.body).toBe(201);
    expect(ev.json().event).toMatchObject({
      categoryName: '乱堆物堆料',
      categoryNameEn: 'Goods piled in public',
    });
    expect(await auditActions('0107')).toContain('event.category.create');
  });

  it('answers 400 with a stable code for bad input, 401 without a session, 403 for others', async () => {
    const bad = async (payload: object, code: string, status = 400) => {
      const r = await send('admin', 'POST', '/api/v1/event-categories', { ...newCategory, ...payload });
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().error.code).toBe(code);
    };
    await bad({ code: '0101' }, 'EVENT_CATEGORY_EXISTS', 409);
    await bad({ code: 'x1' }, 'EVENT_CATEGORY_CODE');
    await bad({ code: '0901', parent: '09' }, 'EVENT_CATEGORY_PARENT');
    await bad({ code: '0207' }, 'EVENT_CATEGORY_PARENT');
    await bad({ code: '0108', limitValue: 900, limitUnit: 'workingHours' }, 'EVENT_CATEGORY_LIMIT');
    await bad({ code: '0108', limitUnit: 'weeks' }, 'VALIDATION_FAILED');
    await bad({ code: '0108', name: '' }, 'VALIDATION_FAILED');
    const en = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/event-categories',
      payload: { ...newCategory, code: '0108', limitValue: 0.1 },
      headers: { 'accept-language': 'en' },
    });
    expect(en.json().error.message).toContain('working days');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/event-categories', payload: newCategory }))
        .statusCode,
    ).toBe(401);
    expect((await send('town1', 'POST', '/api/v1/event-categories', newCategory)).statusCode).toBe(403);
    expect((await send('town1', 'GET', '/api/v1/event-categories/all')).statusCode).toBe(403);
    const town = await send('catadmin1', 'POST', '/api/v1/event-categories', {
      ...newCategory,
      code: '0109',
    });
    expect(town.statusCode).toBe(403);
    expect(town.json().error.code).toBe('EVENT_CATALOGUE_SCOPE');
  });

  it('changes a limit for new events only, refusing a stale version', async () => {
    const before = await send('grid', 'POST', '/api/v1/events', {
      categoryCode: '0107',
      description: '店门口堆放纸箱',
      ...here,
    });
    const row = (await send('admin', 'GET', '/api/v1/event-categories/all'))
      .json()
      .find((c: { code: string }) => c.code === '0107');
    const { code: _c, ...fields } = newCategory;
    const put = await send('admin', 'PUT', '/api/v1/event-categories/0107', {
      ...fields,
      limitValue: 4,
      limitUnit: 'workingHours',
      photoRequired: true,
      version: row.version,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ limitValue: 4, limitUnit: 'workingHours', version: row.version + 1 });
    const stale = await send('admin', 'PUT', '/api/v1/event-categories/0107', {
      ...fields,
      version: row.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    expect(
      (await send('admin', 'PUT', '/api/v1/event-categories/0999', { ...fields, version: 1 })).statusCode,
    ).toBe(404);
    // The new rule (photo required) applies to new reports; the earlier event keeps its 2-day limit.
    const noPhoto = await send('grid', 'POST', '/api/v1/events', {
      categoryCode: '0107',
      description: '又有人堆放纸箱',
      ...here,
    });
    expect(noPhoto.json().error.code).toBe('EVENT_PHOTO_REQUIRED');
    const old = await t.services.events.get(SYSTEM_ACTOR, before.json().event.id);
    expect(old).toMatchObject({ limitValue: 2, limitUnit: 'workingDays' });
    expect(await auditActions('0107')).toContain('event.category.update');
  });

  it('disables a category in use (never deletes it) and deletes an unused one', async () => {
    const del = await send('admin', 'DELETE', '/api/v1/event-categories/0107');
    expect(del.statusCode).toBe(409);
    expect(del.json().error.code).toBe('EVENT_CATEGORY_IN_USE');
    const off = await send('admin', 'POST', '/api/v1/event-categories/0107/disable');
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json().active).toBe(false);
    const refused = await send('grid', 'POST', '/api/v1/events', {
      categoryCode: '0107',
      description: '停用后的类别',
      ...here,
    });
    expect(refused.json().error.code).toBe('EVENT_CATEGORY_UNKNOWN');
    expect(
      (await send('grid', 'GET', '/api/v1/event-categories')).json().map((c: { code: string }) => c.code),
    ).not.toContain('0107');
    // A major class with active sub-categories stays on.
    const cls = await send('admin', 'POST', '/api/v1/event-categories/01/disable');
    expect(cls.statusCode).toBe(409);
    expect(cls.json().error.code).toBe('EVENT_CATEGORY_HAS_CHILDREN');
    expect((await send('admin', 'POST', '/api/v1/event-categories/0107/enable')).json().active).toBe(true);
    await send('admin', 'POST', '/api/v1/event-categories', {
      ...newCategory,
      code: '0110',
      name: '试用类别',
    });
    const gone = await send('admin', 'DELETE', '/api/v1/event-categories/0110');
    expect(gone.statusCode, gone.body).toBe(200);
    expect((await send('admin', 'DELETE', '/api/v1/event-categories/0110')).statusCode).toBe(404);
    expect(await auditActions('0107')).toEqual(
      expect.arrayContaining(['event.category.disable', 'event.category.enable']),
    );
    expect(await auditActions('0110')).toContain('event.category.delete');
  });
});

describe('routing rules editor', () => {
  it('edits, disables and reorders rules; routing follows at once', async () => {
    const add = (name: string, keywords: string[]) =>
      send('admin', 'POST', '/api/v1/event-routing-rules', {
        name,
        priority: 50,
        categoryCodes: ['0301'],
        keywords,
        departmentId: d08,
      });
    const a = (await add('噪声交生态环境', ['噪声'])).json();
    const b = await add('扬尘交生态环境', ['扬尘']);
    expect(b.statusCode, b.body).toBe(201);
    const unknownDept = await send('admin', 'POST', '/api/v1/event-routing-rules', {
      name: '坏部门',
      departmentId: 999_999,
    });
    expect(unknownDept.json().error.code).toBe('EVENT_DEPARTMENT_UNKNOWN');
    const halfWindow = await send('admin', 'POST', '/api/v1/event-routing-rules', {
      name: '只有开始时间',
      hoursFrom: '22:00',
      departmentId: d08,
    });
    expect(halfWindow.json().error.code).toBe('EVENT_RULE_HOURS');
    const unknownCat = await send('admin', 'POST', '/api/v1/event-routing-rules', {
      name: '未知类别',
      categoryCodes: ['9999'],
      departmentId: d08,
    });
    expect(unknownCat.json().error.code).toBe('EVENT_CATEGORY_UNKNOWN');

    const report = () =>
      t.services.events.report(SYSTEM_ACTOR, {
        categoryCode: '0301',
        description: '工地夜间施工噪声扰民',
        channel: 'console',
        ...here,
      });
    expect((await report()).event).toMatchObject({ routedBy: 'rule', routedRuleId: a.id });
    const put = await send('admin', 'PUT', `/api/v1/event-routing-rules/${a.id}`, {
      name: '噪声交生态环境（夜间）',
      priority: 50,
      categoryCodes: ['0301'],
      keywords: ['噪声'],
      hoursFrom: '22:00',
      hoursTo: '06:00',
      departmentId: d08,
      version: a.version,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ hoursFrom: '22:00', version: a.version + 1 });
    const off = await send('admin', 'POST', `/api/v1/event-routing-rules/${a.id}/disable`);
    expect(off.json().active).toBe(false);
    expect((await report()).event.routedRuleId).not.toBe(a.id);

    const all = (await send('admin', 'GET', '/api/v1/event-routing-rules')).json() as { id: number }[];
    const order = [...all.map((r) => r.id)].reverse();
    const re = await send('admin', 'POST', '/api/v1/event-routing-rules/order', { ids: order });
    expect(re.statusCode, re.body).toBe(200);
    const after = (await send('admin', 'GET', '/api/v1/event-routing-rules')).json() as { id: number }[];
    expect(after.map((r) => r.id)).toEqual(order);
    const stale = await send('admin', 'POST', '/api/v1/event-routing-rules/order', { ids: order.slice(1) });
    expect(stale.statusCode).toBe(409);
    expect((await send('admin', 'POST', '/api/v1/event-routing-rules/999999/disable')).statusCode).toBe(404);
    expect((await send('catadmin1', 'POST', `/api/v1/event-routing-rules/${a.id}/enable`)).statusCode).toBe(
      403,
    );
    expect((await send('town1', 'POST', `/api/v1/event-routing-rules/${a.id}/enable`)).statusCode).toBe(403);
  });

  it('names the region a rule is limited to (district → the region), null when it applies anywhere', async () => {
    const dir = await t.services.territory.dir();
    const town1 = dir.byCode.get('350199001')!;
    const community = [...dir.byId.values()].find((x) => x.parentId === town1.id)!;
    const district = dir.byId.get(town1.parentId!)!;
    const res = await send('admin', 'POST', '/api/v1/event-routing-rules', {
      name: '社区内的井盖',
      regionPath: community.regionPath,
      categoryCodes: ['0301'],
      departmentId: d08,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      regionPath: community.regionPath,
      region: { id: community.id, name: community.name, names: [district.name, town1.name, community.name] },
    });
    const listed = (await send('admin', 'GET', '/api/v1/event-routing-rules')).json() as {
      id: number;
      regionPath: string | null;
      region: unknown;
    }[];
    expect(listed.find((r) => r.id === res.json().id)?.region).toMatchObject({ name: community.name });
    for (const r of listed.filter((x) => x.regionPath === null)) expect(r.region).toBeNull();
    const unknown = await send('admin', 'POST', '/api/v1/event-routing-rules', {
      name: '不存在的区域',
      regionPath: `${community.regionPath}.999`,
      departmentId: d08,
    });
    expect(unknown.statusCode).toBe(404);
  });
});
