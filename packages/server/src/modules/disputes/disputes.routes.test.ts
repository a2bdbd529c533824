import { makeIdNumber, shanghaiDate } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerQuery } from '../../../test/db';
import { signaturePng } from '../../../test/dispute-signing';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../db/context';

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

describe('signing over HTTP', () => {
  it('drafts (201), signs on the tablet (400 bad image, 401, 403), seals with the signatures drawn into the PDF', async () => {
    const d = (await post('town1', '/api/v1/disputes', body({ title: '晾衣杆滴水纠纷' }))).json();
    await act('town1', d.id, { action: 'accept' });
    const ranked = (await get('town1', `/api/v1/disputes/${d.id}/candidates`)).json().items;
    await act('town1', d.id, { action: 'assign', fields: { mediatorId: ranked[0].userId } });
    const m = (
      await Promise.all(
        ['mediator', 'mediator1', 'mediator2'].map(async (u) => [u, (await t.actorOf(u)).userId] as const),
      )
    ).find(([, id]) => id === ranked[0].userId)![0];
    await act(m, d.id, { action: 'confirm' });
    const drafted = await post(m, `/api/v1/disputes/${d.id}/agreement`, {
      issues: '滴水损坏衣物的赔偿',
      responsibilities: '林二晾晒不当，负全部责任。',
      agreedItems: ['林二赔偿陈一衣物损失人民币叁佰元。'],
      performance: { manner: '现金', deadline: '2026-12-31' },
    });
    expect(drafted.statusCode, drafted.body).toBe(201);
    const signers = drafted.json().signers as { id: number; kind: string; name: string }[];
    const url = (id: number) => `/api/v1/disputes/${d.id}/signing/${id}/sign`;
    const image = async (seed: number) =>
      `data:image/png;base64,${(await signaturePng(seed)).toString('base64')}`;
    expect((await post(m, url(signers[0]!.id), { image: 'data:image/jpeg;base64,AAAA' })).statusCode).toBe(
      400,
    );
    const tiny = await post(m, url(signers[0]!.id), {
      image:
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    });
    expect(tiny.statusCode).toBe(400);
    expect(tiny.json().error.code).toBe('DOCUMENT_SIGNATURE_IMAGE_INVALID');
    expect((await post('grid', url(signers[0]!.id), { image: await image(1) })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: url(signers[0]!.id), payload: { image: await image(1) } }))
        .statusCode,
    ).toBe(401);
    // The party without a phone cannot get a link.
    const noPhone = await post(m, `/api/v1/disputes/${d.id}/signing/${signers[1]!.id}/link`, {});
    expect(noPhone.statusCode).toBe(409);
    expect(noPhone.json().error.code).toBe('DISPUTE_SIGNER_NO_PHONE');
    for (const [i, s] of signers.entries()) {
      const r = await post(m, url(s.id), { image: await image(10 + i) });
      expect(r.statusCode, r.body).toBe(200);
    }
    const state = (await get(m, `/api/v1/disputes/${d.id}/signing`)).json();
    expect(state.agreement.complete).toBe(true);
    const sealed = await post(m, `/api/v1/disputes/${d.id}/agreement/seal`, {});
    expect(sealed.statusCode, sealed.body).toBe(201);
    const pdf = await get(m, `/api/v1/documents/${sealed.json().id}/file?format=pdf`);
    // The QR code and the three handwritten signatures are images in the file.
    expect(pdf.rawPayload.toString('latin1').match(/\/Subtype \/Image/g)!.length).toBeGreaterThanOrEqual(4);
    expect((await get(m, `/api/v1/disputes/${d.id}`)).json()).toMatchObject({
      state: 'settled',
      agreementKind: 'written',
    });
    // Settled: no oral agreement on top.
    const oral = await post(m, `/api/v1/disputes/${d.id}/oral-agreement`, {
      place: '现场',
      startsAt: '2026-11-26T09:00:00+08:00',
      endsAt: '2026-11-26T09:20:00+08:00',
      entries: [{ speaker: '调解员', text: '当场调解。' }],
      outcome: '当场履行',
      agreedItems: ['当场赔偿。'],
      waivedBy: [],
      performedOnTheSpot: true,
    });
    expect(oral.statusCode).toBe(409);
  }, 180_000);
});

describe('mediation network administration', () => {
  it('lets the administrator manage organisations (400 wrong level, 403, 401, 409 stale or in use), audited', async () => {
    const dir = await t.services.territory.dir();
    const town1 = [...dir.byId.values()].find((r) => r.level === 'town' && r.code.endsWith('001'))!;
    const org = {
      name: '东湖街道物业纠纷调解工作室',
      shortName: '东湖物业工作室',
      level: 'town',
      kind: 'room',
      mediationTypes: ['people', 'industry'],
      specialties: ['property'],
      regionId: town1.id,
      phone: '0592-5556666',
    };
    expect((await get('admin', '/api/v1/mediation/admin/orgs')).json().items.length).toBeGreaterThan(10);
    const wrong = await post('admin', '/api/v1/mediation/orgs', { ...org, level: 'village' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('MEDIATION_ORG_REGION_LEVEL');
    expect(
      (await post('admin', '/api/v1/mediation/orgs', { ...org, specialties: ['nope'] })).statusCode,
    ).toBe(400);
    expect((await post('town1', '/api/v1/mediation/orgs', org)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/mediation/orgs', payload: org })).statusCode,
    ).toBe(401);
    const created = await post('admin', '/api/v1/mediation/orgs', org);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const patch = (payload: object) =>
      t.as('admin', { method: 'PATCH', url: `/api/v1/mediation/orgs/${id}`, payload });
    const changed = await patch({ version: 1, phone: '0592-5557777' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ version: 2, phone: '0592-5557777' });
    const stale = await patch({ version: 1, phone: '0592-5558888' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    expect(
      (
        await t.as('admin', {
          method: 'PATCH',
          url: '/api/v1/mediation/orgs/999999',
          payload: { version: 1 },
        })
      ).statusCode,
    ).toBe(404);
    // The village committee where this file's disputes wait cannot close while they are open.
    const busy = (await get('admin', '/api/v1/mediation/admin/orgs'))
      .json()
      .items.find(
        (o: { level: string; regionPath: string }) =>
          o.level === 'village' && dir.byId.get(gridId)!.regionPath.startsWith(`${o.regionPath}.`),
      );
    const inUse = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/mediation/orgs/${busy.id}`,
      payload: { version: busy.version, active: false },
    });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('MEDIATION_ORG_IN_USE');
    const audit = await ownerQuery<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM audit_log WHERE action IN ('mediation.org.create','mediation.org.update') AND object_id = '${id}'`,
    );
    expect(audit[0]!.n).toBe(2);
  });

  it('registers mediators (role, duplicate, place checked) and changes screening schedules', async () => {
    const dir = await t.services.territory.dir();
    const all = [...dir.byId.values()];
    const town1 = all.find((r) => r.level === 'town' && r.code.endsWith('001'))!;
    const town2 = all.find((r) => r.level === 'town' && r.code.endsWith('002'))!;
    const district = all.find((r) => r.level === 'district')!;
    const orgs = (await get('admin', '/api/v1/mediation/admin/orgs')).json().items;
    const centre = orgs.find(
      (o: { level: string; regionId: number }) => o.level === 'town' && o.regionId === town1.id,
    );
    const [newcomer] = await t.services.users.createSystemUsers(SYSTEM_ACTOR, [
      {
        username: 'mediator9',
        displayName: '周调解',
        roles: ['mediator'],
        scopeRegionId: town1.id,
        departmentId: null,
        passwordHash: 'x',
      },
    ]);
    const m = {
      orgId: centre.id,
      regionId: town1.id,
      specialties: ['general'],
      maxLoad: 12,
      title: '专职调解员',
    };
    const grid = await t.actorOf('grid');
    const notMediator = await post('admin', '/api/v1/mediation/mediators', { ...m, userId: grid.userId });
    expect(notMediator.json().error.code).toBe('MEDIATION_MEDIATOR_NOT_MEDIATOR');
    const twice = await post('admin', '/api/v1/mediation/mediators', { ...m, userId: mediator2 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('MEDIATION_MEDIATOR_EXISTS');
    const outside = await post('admin', '/api/v1/mediation/mediators', {
      ...m,
      regionId: town2.id,
      userId: newcomer!.id,
    });
    expect(outside.json().error.code).toBe('MEDIATION_MEDIATOR_OUTSIDE_ORG');
    const created = await post('admin', '/api/v1/mediation/mediators', { ...m, userId: newcomer!.id });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ name: '周调解', maxLoad: 12, regionPath: town1.regionPath });
    const listed = (await get('admin', '/api/v1/mediation/admin/mediators')).json().items;
    expect(listed.find((x: { id: number }) => x.id === created.json().id)).toMatchObject({ load: 0 });
    const off = await t.as('admin', {
      method: 'PATCH',
      url: `/api/v1/mediation/mediators/${created.json().id}`,
      payload: { version: 1, active: false, maxLoad: 6 },
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ active: false, maxLoad: 6, version: 2 });
    // Screening schedules: placed at the level's territory, cadence settable.
    const wrong = await post('admin', '/api/v1/disputes/screening/schedules', {
      regionId: town1.id,
      level: 'village',
      startOn: '2026-12-01',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('SCREENING_REGION_LEVEL');
    expect(
      (
        await post('town1', '/api/v1/disputes/screening/schedules', {
          regionId: district.id,
          level: 'county',
          startOn: '2026-12-01',
        })
      ).statusCode,
    ).toBe(403);
    const county = await post('admin', '/api/v1/disputes/screening/schedules', {
      regionId: district.id,
      level: 'county',
      startOn: '2026-12-01',
    });
    expect(county.statusCode, county.body).toBe(201);
    expect(county.json().everyDays).toBe(30);
    const sid = county.json().id;
    const change = (payload: object) =>
      t.as('admin', { method: 'PATCH', url: `/api/v1/disputes/screening/schedules/${sid}`, payload });
    const monthly = await change({ version: 1, everyDays: 28 });
    expect(monthly.statusCode, monthly.body).toBe(200);
    expect(monthly.json()).toMatchObject({ everyDays: 28, version: 2 });
    expect((await change({ version: 1, everyDays: 20 })).statusCode).toBe(409);
    expect((await change({ version: 2, everyDays: 0 })).statusCode).toBe(400);
    const schedules = (await get('admin', '/api/v1/disputes/screening/schedules')).json().items;
    expect(schedules.some((x: { id: number }) => x.id === sid)).toBe(true);
  });
});
