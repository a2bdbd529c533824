import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR } from '../../db/context';
import { refToId, toXml } from './open311.routes';

let t: TestApp;
let key: string;
let here: { lng: number; lat: number };

const form = (o: Record<string, string | number>) =>
  new URLSearchParams(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]))).toString();
const get = (url: string) => t.app.inject({ method: 'GET', url });
const postForm = (url: string, body: Record<string, string | number>) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: form(body),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

beforeAll(async () => {
  t = await createTestApp();
  key = (await t.services.eventOps.createApiKey(SYSTEM_ACTOR, { name: '城市服务 App', channel: 'open311' }))
    .key;
  const grid = await t.actorOf('grid');
  const dir = await t.services.territory.dir();
  const g = [...dir.byId.values()].find((r) => r.regionPath === grid.scopePath)!;
  here = { lng: g.centroidLng!, lat: g.centroidLat! };
});
afterAll(async () => t?.close());

describe('Open311 GeoReport v2', () => {
  it('describes itself and its services in JSON and XML; 综治 classes are not offered', async () => {
    const d = (await get('/open311/v2/discovery.json')).json();
    expect(d.endpoints[0]).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
    });
    expect((await get('/open311/v2/discovery.xml')).body).toContain('<discovery><changeset>');
    const services = (await get('/open311/v2/services.json')).json();
    const codes = services.map((s: { service_code: string }) => s.service_code);
    expect(codes).toContain('0201');
    expect(codes).toContain('23');
    expect(codes).not.toContain('11'); // 矛盾纠纷线索 stays inside
    expect(services.find((s: { service_code: string }) => s.service_code === '0102')).toMatchObject({
      service_name: '暴露垃圾',
      metadata: false,
      type: 'realtime',
    });
    const xml = await get('/open311/v2/services.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body).toContain('<service><service_code>01</service_code>');
    expect((await get('/open311/v2/services/0102.json')).json()).toEqual({
      service_code: '0102',
      attributes: [],
    });
    const missing = await get('/open311/v2/services/11.json');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual([{ code: 404, description: 'service_code 11 not found' }]);
    expect((await get('/open311/v2/services.csv')).statusCode).toBe(404);
  });

  it('takes a form-encoded request with an API key and lists it with status and expected time', async () => {
    const body = {
      service_code: '0103',
      description: '小区门口积存建筑渣土',
      lat: here.lat,
      long: here.lng,
      address_string: '东湖路1号',
      first_name: '明',
      last_name: '王',
      phone: '13700001111',
    };
    const noKey = await postForm('/open311/v2/requests.json', body);
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()[0]).toMatchObject({ code: 401 });
    const badXml = await postForm('/open311/v2/requests.xml', { ...body, api_key: 'nope' });
    expect(badXml.body).toMatch(
      /<errors><error><code>401<\/code><description>.+<\/description><\/error><\/errors>/,
    );
    expect(
      (await postForm('/open311/v2/requests.json', { ...body, api_key: key, service_code: '11' })).statusCode,
    ).toBe(404);
    expect(
      (await postForm('/open311/v2/requests.json', { ...body, api_key: key, lat: 10, long: 100 })).json()[0],
    ).toMatchObject({
      code: 400,
    });
    const ok = await postForm('/open311/v2/requests.json', { ...body, api_key: key });
    expect(ok.statusCode, ok.body).toBe(201);
    const [created] = ok.json();
    expect(created.service_request_id).toMatch(/^SJ\d{14}$/);

    const one = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).json()[0];
    expect(one).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      status_notes: '待受理',
      service_code: '0103',
      address: '东湖路1号',
      lat: here.lat,
      long: here.lng,
    });
    expect(JSON.stringify(one)).not.toContain('13700001111');
    expect((await get(`/open311/v2/tokens/${created.token}.json`)).json()).toEqual([
      { service_request_id: created.service_request_id, token: created.token },
    ]);

    // Dispatch starts the handling clock: expected_datetime is its deadline.
    const id = refToId(created.service_request_id)!;
    const town1 = await t.actorOf('town1');
    await t.services.cases.apply(town1, 'event', id, { action: 'accept' });
    const dept = await t.actorOf('dept');
    await t.services.events.dispatch(town1, id, { departmentId: dept.departmentId! });
    const dispatched = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    expect(dispatched.agency_responsible).toBe('区城管局');
    expect(dispatched.expected_datetime).toBe((await t.services.events.get(town1, id)).dueAt!.toISOString());

    const list = (await get('/open311/v2/requests.json?service_code=0103&status=open')).json();
    expect(list.map((r: { service_request_id: string }) => r.service_request_id)).toContain(
      created.service_request_id,
    );
    expect((await get('/open311/v2/requests.json?status=closed&service_code=0103')).json()).toEqual([]);
    expect((await get('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    expect((await get('/open311/v2/requests/SJ20260101999999.json')).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${id}.xml`)).body).toContain('<status>open</status>');
  });

  it('has small pure helpers', () => {
    expect(refToId('SJ20261123000042')).toBe(42);
    expect(refToId('42')).toBe(42);
    expect(refToId('SJx')).toBeNull();
    expect(toXml('a', 'b', [{ x: '<&>', y: null }])).toBe(
      '<?xml version="1.0" encoding="utf-8"?><a><b><x>&lt;&amp;&gt;</x><y/></b></a>',
    );
  });
});
