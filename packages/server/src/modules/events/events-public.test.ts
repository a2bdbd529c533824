import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { multipart } from '../../../test/multipart';
import { rawRows } from '../../../test/raw-sql';
import { SYSTEM_ACTOR } from '../../db/context';
import type { SmsMessage } from '../messages/channels/sms';
import {
  PUBLIC_UPLOAD_DEFAULTS,
  PUBLIC_UPLOAD_SETTINGS_KEY,
  PURGE_UNCLAIMED_PHOTOS_JOB,
  publicUploadSettingsSchema,
} from './events-public.service';

let t: TestApp;
let here: { lng: number; lat: number };
let png: Buffer;
const sent: SmsMessage[] = [];

const uploadPhotos = (
  phone: string,
  files = [{ name: '井盖.png', data: png, type: 'image/png' }],
  ip?: string,
) => {
  const body = multipart(files, { phone });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/public/event-photos',
    payload: body.payload,
    headers: body.headers,
    ...(ip ? { remoteAddress: ip } : {}),
  });
};

const publicReport = (payload: object, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/public/events', payload, headers });

const report = (phone: string, over: object = {}) => ({
  categoryCode: '0201',
  description: '路口电线杆上贴满小广告',
  address: '东湖路口',
  ...here,
  reporterName: '林女士',
  reporterPhone: phone,
  ...over,
});

beforeAll(async () => {
  t = await createTestApp({}, { sms: { name: 'test', send: async (m) => void sent.push(m) } });
  png = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#c84' } })
    .png()
    .toBuffer();
  const grid = await t.actorOf('grid');
  const dir = await t.services.territory.dir();
  const g = [...dir.byId.values()].find(
    (x) =>
      x.regionPath.startsWith(grid.scopePath) &&
      x.centroidLng !== null &&
      dir.locate(x.centroidLng!, x.centroidLat!)?.at(-1)?.regionPath.startsWith(grid.scopePath),
  )!;
  here = { lng: g.centroidLng!, lat: g.centroidLat! };
});
afterAll(async () => t?.close());

describe('resident photos without an account', () => {
  it('uploads photos that nobody can read until the report that carries them is filed', async () => {
    const up = await uploadPhotos('13800000001');
    expect(up.statusCode, up.body).toBe(201);
    const [uploaded] = up.json().items;
    const photo = { id: uploaded.id, token: uploaded.token };
    expect(uploaded).toMatchObject({ id: expect.any(Number), token: expect.any(String), width: 24 });
    expect(uploaded.url, 'no read address is handed out').toBeUndefined();
    for (const who of ['admin', 'town1', 'dispatcher'])
      expect((await t.as(who, { method: 'GET', url: `/api/v1/attachments/${photo.id}` })).statusCode).toBe(
        404,
      );

    // Someone else's number cannot use the photo; a made-up token neither.
    const other = await publicReport(report('13800000002', { photos: [photo] }));
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('EVENT_PHOTO_UPLOAD_INVALID');
    const noPhoto = await publicReport(report('13800000001'));
    expect(noPhoto.json().error.code, 'the category still demands a photo').toBe('EVENT_PHOTO_REQUIRED');

    const key = { 'idempotency-key': 'resident-queue-0001' };
    const ok = await publicReport(report('13800000001', { photos: [photo] }), key);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ trackingCode: expect.stringMatching(/^[A-Z2-9]{10}$/), photos: 1 });
    const again = await publicReport(report('13800000001', { photos: [photo] }), key);
    expect(again.headers['idempotent-replayed'], 'the offline queue may resend').toBe('true');
    expect(again.json().trackingCode).toBe(ok.json().trackingCode);

    // Claimed once: a second report cannot take the same photo.
    const reuse = await publicReport(
      report('13800000001', { description: '同一张照片再报一次', photos: [photo] }),
    );
    expect(reuse.json().error.code).toBe('EVENT_PHOTO_UPLOAD_INVALID');

    // Staff in scope see it on the event now.
    const ev = await t.services.eventOps.follow(ok.json().trackingCode, '13800000001');
    const detail = (await t.as('town1', { method: 'GET', url: `/api/v1/events/${ev.event.id}` })).json();
    expect(detail.timeline[0].files.map((f: { id: number }) => f.id)).toEqual([photo.id]);
    expect((await t.as('town1', { method: 'GET', url: `/api/v1/attachments/${photo.id}` })).statusCode).toBe(
      200,
    );
    expect((await t.as('town2', { method: 'GET', url: `/api/v1/attachments/${photo.id}` })).statusCode).toBe(
      404,
    );
  });

  it('refuses what is not a photo, a missing number, and too many uploads per hour', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const notPhoto = await uploadPhotos('13800000003', [
      { name: 'a.pdf', data: pdf, type: 'application/pdf' },
    ]);
    expect(notPhoto.statusCode).toBe(415);
    expect(notPhoto.json().error.code).toBe('ATTACHMENT_TYPE');
    const fake = await uploadPhotos('13800000003', [
      { name: 'x.png', data: Buffer.from('not a png at all'), type: 'image/png' },
    ]);
    expect(fake.json().error.code).toBe('ATTACHMENT_TYPE');
    const noPhone = await uploadPhotos('12345');
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().error.code).toBe('VALIDATION_FAILED');
    const empty = await uploadPhotos('13800000003', []);
    expect(empty.json().error.code).toBe('ATTACHMENT_MISSING');
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/public/event-photos', payload: {} });
    expect(json.json().error.code).toBe('ATTACHMENT_NOT_MULTIPART');

    await t.services.settings.put(
      SYSTEM_ACTOR,
      PUBLIC_UPLOAD_SETTINGS_KEY,
      publicUploadSettingsSchema,
      PUBLIC_UPLOAD_DEFAULTS,
      {
        ...PUBLIC_UPLOAD_DEFAULTS,
        photosPerIpPerHour: 100,
        photosPerPhonePerHour: 2,
      },
    );
    t.services.settings.clearCache();
    const phone = '13800000004';
    expect((await uploadPhotos(phone, undefined, '10.0.0.7')).statusCode).toBe(201);
    expect((await uploadPhotos(phone, undefined, '10.0.0.8')).statusCode).toBe(201);
    const third = await uploadPhotos(phone, undefined, '10.0.0.9');
    expect(third.statusCode, 'per phone, whatever the address').toBe(429);
    expect(third.json().error.code).toBe('RATE_LIMITED');
    await t.services.settings.put(
      SYSTEM_ACTOR,
      PUBLIC_UPLOAD_SETTINGS_KEY,
      publicUploadSettingsSchema,
      PUBLIC_UPLOAD_DEFAULTS,
      {
        ...PUBLIC_UPLOAD_DEFAULTS,
        photosPerIpPerHour: 3,
        photosPerPhonePerHour: 100,
      },
    );
    t.services.settings.clearCache();
    for (const n of ['13800000011', '13800000012', '13800000013'])
      expect((await uploadPhotos(n, undefined, '10.0.0.20')).statusCode).toBe(201);
    expect((await uploadPhotos('13800000014', undefined, '10.0.0.20')).statusCode, 'per address').toBe(429);
    await t.services.settings.put(
      SYSTEM_ACTOR,
      PUBLIC_UPLOAD_SETTINGS_KEY,
      publicUploadSettingsSchema,
      PUBLIC_UPLOAD_DEFAULTS,
      PUBLIC_UPLOAD_DEFAULTS,
    );
    t.services.settings.clearCache();
  });
});

describe('photos that no report claimed', () => {
  it('are deleted with their files by the periodic job once older than the setting (24 h by default)', async () => {
    const upload = async (phone: string, background: string) => {
      const data = await sharp({ create: { width: 20, height: 20, channels: 3, background } })
        .png()
        .toBuffer();
      const up = await uploadPhotos(phone, [{ name: '现场.png', data, type: 'image/png' }], '10.0.1.1');
      expect(up.statusCode, up.body).toBe(201);
      const { id, token } = up.json().items[0] as { id: number; token: string };
      const row = await t.services.attachments.get(SYSTEM_ACTOR, id);
      return { id, token, row, file: t.services.attachments.contentPath(row) };
    };
    const stray = await upload('13700000001', '#123456');
    const claimed = await upload('13700000002', '#654321');
    const filed = await publicReport(
      report('13700000002', {
        description: '路灯不亮已经三天了',
        photos: [{ id: claimed.id, token: claimed.token }],
      }),
    );
    expect(filed.statusCode, filed.body).toBe(201);
    expect(existsSync(stray.file)).toBe(true);
    const hours = (h: number) => new Date(stray.row.createdAt.getTime() + h * 3_600_000);
    const exists = async (id: number) =>
      t.services.attachments.get(SYSTEM_ACTOR, id).then(
        () => true,
        () => false,
      );

    // 23 hours on, the resident's phone may still be offline with the report queued: nothing goes.
    expect(await t.services.publicEvents.purgeUnclaimedPhotos(hours(23))).toEqual({ rows: 0, files: 0 });
    expect(await exists(stray.id)).toBe(true);

    // The recurring job, due 25 hours on, deletes the stray photo and its file; the claimed one stays.
    await t.services.jobs.enqueue({ type: PURGE_UNCLAIMED_PHOTOS_JOB, runAt: hours(25) });
    await t.services.jobs.runDue({ asOf: hours(25) });
    expect(await exists(stray.id)).toBe(false);
    expect(existsSync(stray.file)).toBe(false);
    expect(await exists(claimed.id)).toBe(true);
    expect(existsSync(claimed.file)).toBe(true);
    const audit = await rawRows<{ action: string; object_id: string }>(
      t,
      `SELECT action, object_id FROM audit_log WHERE action = 'attachment.purgeUnclaimed'`,
    );
    expect(audit.map((a) => a.object_id.split(','))).toEqual(
      expect.arrayContaining([expect.arrayContaining([String(stray.id)])]),
    );
    // Its token is worthless now.
    const late = await publicReport(
      report('13700000001', { photos: [{ id: stray.id, token: stray.token }] }),
    );
    expect(late.json().error.code).toBe('EVENT_PHOTO_UPLOAD_INVALID');

    // A shorter setting applies at once; content another attachment shares is kept on disk.
    await t.services.settings.put(
      SYSTEM_ACTOR,
      PUBLIC_UPLOAD_SETTINGS_KEY,
      publicUploadSettingsSchema,
      PUBLIC_UPLOAD_DEFAULTS,
      { ...PUBLIC_UPLOAD_DEFAULTS, unclaimedPhotoHours: 2 },
    );
    t.services.settings.clearCache();
    const twin = await upload('13700000003', '#654321'); // same bytes as the claimed photo
    const at = new Date(twin.row.createdAt.getTime() + 3 * 3_600_000);
    expect(await t.services.publicEvents.purgeUnclaimedPhotos(at)).toMatchObject({ rows: 1, files: 0 });
    expect(await exists(twin.id)).toBe(false);
    expect(existsSync(claimed.file), 'the claimed photo shares the content').toBe(true);
    await t.services.settings.put(
      SYSTEM_ACTOR,
      PUBLIC_UPLOAD_SETTINGS_KEY,
      publicUploadSettingsSchema,
      PUBLIC_UPLOAD_DEFAULTS,
      PUBLIC_UPLOAD_DEFAULTS,
    );
    t.services.settings.clearCache();
  });
});

describe('merging duplicates keeps phone-only reporters informed', () => {
  it('texts each merged resident their own tracking code and the tracking page follows the kept case', async () => {
    const file = async (phone: string, description: string) => {
      const r = await publicReport(report(phone, { categoryCode: '06', description }));
      expect(r.statusCode, r.body).toBe(201);
      const code = r.json().trackingCode as string;
      return { code, id: (await t.services.eventOps.follow(code, phone)).event.id };
    };
    const a = await file('13900000001', '小区门口路面塌陷一个大坑');
    const b = await file('13900000002', '小区门口路面塌了个坑很危险');
    const c = await file('13900000003', '门口路面塌陷有坑');
    const merge = (id: number, intoId: number) =>
      t.as('town1', { method: 'POST', url: `/api/v1/events/${id}/merge`, payload: { intoId } });

    const m1 = await merge(b.id, a.id);
    expect(m1.statusCode, m1.body).toBe(200);
    await t.services.jobs.runDue();
    const toB = sent.filter((m) => m.phone === '13900000002');
    expect(toB).toHaveLength(1);
    const kept = await t.as('town1', { method: 'GET', url: `/api/v1/events/${a.id}` });
    expect(toB[0]!.text).toContain(b.code);
    expect(toB[0]!.text).toContain(kept.json().ref);
    expect(
      sent.some((m) => m.phone === '13900000001'),
      'the kept case’s reporter is not texted',
    ).toBe(false);

    const followB = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/events/${b.code}/follow`,
      payload: { phone: '13900000002' },
    });
    expect(followB.json()).toMatchObject({ state: 'merged', kept: { ref: kept.json().ref } });

    // The kept case is merged in turn: B's reporter is told again and follows the case that survives.
    await merge(a.id, c.id);
    await t.services.jobs.runDue();
    const cRef = (await t.as('town1', { method: 'GET', url: `/api/v1/events/${c.id}` })).json().ref;
    expect(sent.filter((m) => m.phone === '13900000002').at(-1)!.text).toContain(cRef);
    expect(sent.filter((m) => m.phone === '13900000001').at(-1)!.text).toContain(a.code);
    const followB2 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/events/${b.code}/follow`,
      payload: { phone: '13900000002' },
    });
    expect(followB2.json().kept.ref).toBe(cRef);
    // Nothing in the outbox holds a number in clear.
    const outbox = await rawRows<{ t: string }>(
      t,
      `SELECT params::text || coalesce(data::text, '') AS t FROM outbox`,
    );
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.some((r) => r.t.includes('13900000002'))).toBe(false);

    // When the kept case closes, B's reporter (two merges away) rates it from their own tracking page.
    const follow = (code: string, phone: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/public/events/${code}/follow`, payload: { phone } });
    const rate = (code: string, phone: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/events/${code}/rate`,
        payload: { phone, ...payload },
      });
    expect((await follow(b.code, '13900000002')).json().canRate).toBe(false);
    expect(
      (await rate(b.code, '13900000002', { satisfaction: 'satisfied', resolved: true })).statusCode,
      'not before the kept case is closed',
    ).toBe(409);
    const [town1, dept, grid] = await Promise.all([t.actorOf('town1'), t.actorOf('dept'), t.actorOf('grid')]);
    const photoOf = async (actor: typeof dept) =>
      (await t.services.attachments.upload(actor, [{ name: '现场.png', data: png }]))[0]!.id;
    await t.services.cases.apply(town1, 'event', c.id, { action: 'accept' });
    await t.services.events.dispatch(town1, c.id, { departmentId: dept.departmentId! });
    await t.services.cases.apply(dept, 'event', c.id, { action: 'sign' });
    await t.services.cases.apply(dept, 'event', c.id, {
      action: 'feedback',
      comment: '已回填路面',
      attachments: [await photoOf(dept)],
    });
    await t.services.cases.apply(grid, 'event', c.id, {
      action: 'verifyPass',
      attachments: [await photoOf(grid)],
    });
    await t.services.cases.apply(town1, 'event', c.id, { action: 'close' });
    const before = (await follow(b.code, '13900000002')).json();
    expect(before).toMatchObject({ state: 'merged', canRate: true, kept: { ref: cRef, state: 'closed' } });
    const rated = await rate(b.code, '13900000002', {
      satisfaction: 'basic',
      resolved: true,
      comment: '修好了',
    });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json()).toEqual({ state: 'rated' });
    const survivor = await t.as('town1', { method: 'GET', url: `/api/v1/events/${c.id}` });
    expect(survivor.json()).toMatchObject({ state: 'rated', satisfaction: 'basic' });
    const after = (await follow(b.code, '13900000002')).json();
    expect(after).toMatchObject({ canRate: false, kept: { state: 'rated', satisfaction: 'basic' } });
    expect(after.timeline.at(-1).actionLabel.zh).toBe('评价');
    // The rating names the merged report it came from; the case counts one rating.
    const { timeline } = await t.services.eventOps.follow(c.code, '13900000003');
    expect(timeline.at(-1)!.comment).toContain(`合并件 ${(await follow(b.code, '13900000002')).json().ref}`);
    expect(
      (await rate(a.code, '13900000001', { satisfaction: 'satisfied', resolved: true })).statusCode,
      'already rated',
    ).toBe(409);
  });
});
