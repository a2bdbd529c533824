import { makeIdNumber, shanghaiDate } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
let gridId: number;
let mediator2: number;
const idA = makeIdNumber('350203', '1982-03-04', 11);
const idB = makeIdNumber('350203', '1979-08-09', 22);

const body = (over: Record<string, unknown> = {}) => ({
  title: '车位被占纠纷',
  type: 'neighbour',
  facts: '邻居长期占用申请人的车位，协商未果。',
  regionId: gridId,
  parties: [
    {
      kind: 'person',
      role: '申请人',
      name: '陈一',
      idNumber: idA,
      phone: '13900001111',
      address: '东湖街道6号',
    },
    { kind: 'person', role: '被申请人', name: '林二', idNumber: idB, address: '东湖街道8号' },
  ],
  ...over,
});

const post = (as: string, url: string, payload: object) => t.as(as, { method: 'POST', url, payload });
const get = (as: string, url: string) => t.as(as, { method: 'GET', url });
const act = (as: string, id: number, payload: object) =>
  post(as, `/api/v1/cases/dispute/${id}/transitions`, payload);

beforeAll(async () => {
  t = await createTestApp();
  const town1 = await t.actorOf('town1');
  mediator2 = (await t.actorOf('mediator2')).userId!;
  const dir = await t.services.territory.dir();
  gridId = [...dir.byId.values()]
    .filter((r) => r.level === 'grid' && r.regionPath.startsWith(`${town1.scopePath}.`))
    .sort((a, b) => a.code.localeCompare(b.code))[0]!.id;
});
afterAll(async () => t?.close());

describe('POST /api/v1/disputes', () => {
  it('registers (201), lists, shows masked parties, and answers 400/401/403', async () => {
    const res = await post('town1', '/api/v1/disputes', body());
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d).toMatchObject({ state: 'registered', level: 'village', source: 'walkIn' });
    const view = (await get('town1', `/api/v1/disputes/${d.id}`)).json();
    expect(view.parties[0].idNumber).toBe(`${idA.slice(0, 6)}**********${idA.slice(-2)}`);
    expect(view.actions.map((a: { action: string }) => a.action)).toContain('accept');
    expect(view.stateLabel).toEqual({ zh: '待受理', en: 'Registered' });
    // Only the mediator handling it or a pii:unmask holder (the dispatcher) may unmask.
    expect((await get('judge', `/api/v1/disputes/${d.id}?unmask=true`)).statusCode).toBe(403);
    const full = (await get('town1', `/api/v1/disputes/${d.id}?unmask=true`)).json();
    expect(full.parties[0]).toMatchObject({ idNumber: idA, masked: false });
    const list = (await get('town1', `/api/v1/disputes?q=${encodeURIComponent('陈一')}`)).json();
    expect(list.items.map((x: { id: number }) => x.id)).toContain(d.id);
    // Bad input: an invalid ID number names the party; nothing written.
    const bad = await post(
      'town1',
      '/api/v1/disputes',
      body({
        title: '坏号码',
        parties: [{ ...body().parties[0], idNumber: '350203198203040000' }, body().parties[1]],
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'DISPUTE_ID_NUMBER_INVALID' });
    expect(bad.json().error.message).toContain('陈一');
    expect((await get('town1', `/api/v1/disputes?q=${encodeURIComponent('坏号码')}`)).json().total).toBe(0);
    expect((await post('town1', '/api/v1/disputes', body({ parties: [] }))).statusCode).toBe(400);
    expect((await post('town1', '/api/v1/disputes', body({ type: 'gossip' }))).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/disputes', payload: body() })).statusCode,
    ).toBe(401);
    expect((await post('dept', '/api/v1/disputes', body())).statusCode).toBe(403);
    expect((await get('town2', `/api/v1/disputes/${d.id}`)).statusCode).toBe(404);
  });

  it('lets a resident apply online and follow only their own applications', async () => {
    const res = await post('resident', '/api/v1/disputes', body({ title: '网上申请调解', source: 'walkIn' }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().source).toBe('online');
    const mine = (await get('resident', '/api/v1/disputes')).json();
    expect(mine.items.map((x: { title: string }) => x.title)).toEqual(['网上申请调解']);
    const other = (await post('town1', '/api/v1/disputes', body({ title: '别人的纠纷' }))).json();
    expect((await get('resident', `/api/v1/disputes/${other.id}`)).statusCode).toBe(404);
    expect((await get('resident', `/api/v1/disputes/${res.json().id}`)).json().title).toBe('网上申请调解');
  });
});

describe('mediation through the API', () => {
  it('refuses a mediator outside their specialty, settles only with a complete agreement, exports a filing draft', async () => {
    const d = (
      await post('town1', '/api/v1/disputes', body({ type: 'labour', title: '拖欠工资纠纷' }))
    ).json();
    expect((await act('town1', d.id, { action: 'accept' })).statusCode).toBe(200);
    const misfit = await act('town1', d.id, { action: 'assign', fields: { mediatorId: mediator2 } });
    expect(misfit.statusCode).toBe(409);
    expect(misfit.json().error.message).toContain('不擅长该类纠纷');
    const ranked = (await get('town1', `/api/v1/disputes/${d.id}/candidates`)).json().items;
    expect(ranked[0].misfits).toEqual([]);
    expect((await get('mediator2', `/api/v1/disputes/${d.id}/candidates`)).statusCode).toBe(403);
    await act('town1', d.id, { action: 'assign', fields: { mediatorId: ranked[0].userId } });
    const m = ranked[0].userId === (await t.actorOf('mediator1')).userId ? 'mediator1' : 'mediator';
    expect((await act(m, d.id, { action: 'confirm' })).json().state).toBe('mediating');
    const s = await post(m, `/api/v1/disputes/${d.id}/sessions`, {
      startsAt: '2026-11-26T14:00:00+08:00',
      place: '街道矛调中心第一调解室',
      participants: [{ role: '申请人', name: '陈一' }],
    });
    expect(s.statusCode, s.body).toBe(201);
    expect((await post(m, `/api/v1/disputes/${d.id}/sessions`, { place: '' })).statusCode).toBe(400);
    const notice = await post(m, `/api/v1/disputes/${d.id}/notice`, {});
    expect(notice.statusCode, notice.body).toBe(201);
    const incomplete = await post(m, `/api/v1/disputes/${d.id}/agreement`, {
      issues: '工资数额',
      responsibilities: '',
      agreedItems: ['支付工资八千元。'],
      performance: { manner: '银行转账', deadline: '' },
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.code).toBe('DISPUTE_AGREEMENT_INCOMPLETE');
    expect(incomplete.json().error.message).toContain('各方责任');
    expect(incomplete.json().error.message).toContain('履行期限');
    expect((await get(m, `/api/v1/disputes/${d.id}`)).json().state).toBe('mediating');
    // A failed mediation: close with guidance to litigation and export the facts and parties.
    await act(m, d.id, { action: 'fail', comment: '被申请人不同意支付' });
    const closed = await act('town1', d.id, {
      action: 'closeWithGuidance',
      comment: '引导申请劳动仲裁',
      fields: { guidance: 'arbitration' },
    });
    expect(closed.json().state).toBe('closed');
    const draft = await get('town1', `/api/v1/disputes/${d.id}/filing-draft`);
    expect(draft.statusCode).toBe(200);
    expect(draft.json().text).toContain(`原告：陈一`);
    expect(draft.json().text).toContain(idA);
    expect((await get('grid', `/api/v1/disputes/${d.id}/filing-draft`)).statusCode).toBe(403);
  });

  it('reports statistics from the rollups and rejects a bad period', async () => {
    const today = shanghaiDate(new Date());
    const res = await get('town1', `/api/v1/disputes/stats?from=${today}&to=${today}&groupBy=type`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.rows.find((r: { key: string }) => r.key === 'labour')).toMatchObject({
      found: 1,
      accepted: 1,
      failed: 1,
      closed: 1,
      label: { zh: '劳动劳资' },
    });
    expect((await get('town1', '/api/v1/disputes/stats?from=2026-13-01&to=2026-12-01')).statusCode).toBe(400);
    expect((await get('resident', `/api/v1/disputes/stats?from=${today}&to=${today}`)).statusCode).toBe(403);
    const leader = await get('leader', `/api/v1/disputes/stats?from=${today}&to=${today}&groupBy=region`);
    expect(leader.json().rows.length).toBeGreaterThan(0);
  });
});

describe('from a grid event', () => {
  it('turns a 矛盾纠纷线索 event into a dispute once, keeping the link; other categories are refused', async () => {
    const town1 = await t.actorOf('town1');
    const grid = (await t.services.territory.regionSummary(gridId))!;
    const report = (categoryCode: string) =>
      t.services.events.report(town1, {
        categoryCode,
        description: '两户因楼道堆物多次争吵，有动手苗头',
        address: '东湖街道幸福里5号楼道',
        lng: grid.centroidLng!,
        lat: grid.centroidLat!,
        channel: 'grid',
      });
    const lead = (await report('11')).event;
    const payload = { type: 'neighbour', riskFlags: ['repeated'], parties: body().parties };
    const res = await post('town1', `/api/v1/disputes/from-event/${lead.id}`, payload);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      source: 'event',
      eventId: lead.id,
      location: '东湖街道幸福里5号楼道',
    });
    const event = await t.services.events.get(town1, lead.id);
    expect(event).toMatchObject({ linkKind: 'dispute', linkId: res.json().id, linkRef: res.json().refNo });
    const again = await post('town1', `/api/v1/disputes/from-event/${lead.id}`, payload);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('DISPUTE_EVENT_NOT_LINKABLE');
    expect((await post('grid', `/api/v1/disputes/from-event/${lead.id}`, payload)).statusCode).toBe(403);
    expect((await post('town1', '/api/v1/disputes/from-event/99999999', payload)).statusCode).toBe(404);
    expect(
      (await post('town1', `/api/v1/disputes/from-event/${lead.id}`, { type: 'neighbour' })).statusCode,
    ).toBe(400);
  });
});

describe('screening through the API', () => {
  it('lists open tasks and takes a zero report', async () => {
    const tasks = (await get('grid', '/api/v1/disputes/screening/tasks?open=true')).json();
    expect(tasks.total).toBeGreaterThan(0);
    const id = tasks.items[0].id;
    expect((await post('grid', `/api/v1/disputes/screening/tasks/${id}/complete`, {})).statusCode).toBe(400);
    const ok = await post('grid', `/api/v1/disputes/screening/tasks/${id}/complete`, { zeroReport: true });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ zeroReport: true, found: 0 });
    expect(
      (await post('grid', `/api/v1/disputes/screening/tasks/${id}/complete`, { zeroReport: true }))
        .statusCode,
    ).toBe(409);
  });
});
