import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const deadline = (start: string, amount: number, unit: string) =>
  t.as('town1', {
    method: 'GET',
    url: `/api/v1/calendar/deadline?start=${encodeURIComponent(start)}&amount=${amount}&unit=${unit}`,
  });

describe('working calendar', () => {
  it('ships the 2026 State Council schedule with its source', async () => {
    const res = await t.as('grid', { method: 'GET', url: '/api/v1/calendar' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.settings).toEqual({
      workingHours: [
        { start: '08:30', end: '12:00' },
        { start: '14:00', end: '17:30' },
      ],
      warnShare: 0.8,
    });
    const y2026 = body.years.find((y: { year: number }) => y.year === 2026);
    expect(y2026.holidays).toHaveLength(33); // 3 + 9 + 3 + 5 + 3 + 3 + 7
    expect(y2026.workdays.map((w: { date: string }) => w.date)).toContain('2026-10-10');
    expect(y2026.source).toContain('国务院办公厅关于2026年部分节假日安排的通知');
    expect(body.missingYears).toContain(2027);
    // 国庆: Wednesday 9月30日 15:00 + 4 working hours → Thursday 10月8日 10:00.
    const d = await deadline('2026-09-30T15:00:00+08:00', 4, 'workingHours');
    expect(d.json().due).toBe('2026-10-08T02:00:00.000Z');
  });

  it('lets a district administrator add next year and change working hours; deadlines follow', async () => {
    const put = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: {
        holidays: [{ date: '2027-01-01', name: '元旦' }],
        workdays: [{ date: '2027-01-02', name: '示例调休' }],
        source: '测试数据',
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ year: 2027, version: 1 });
    // 2026-12-31 (Thu) + 1 working day: 1月1日 is now a holiday, Saturday 1月2日 a workday.
    expect((await deadline('2026-12-31T10:00:00+08:00', 1, 'workingDays')).json().due).toBe(
      '2027-01-02T09:30:00.000Z',
    );
    const stale = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/years/2027',
      payload: { holidays: [], workdays: [], version: 7 },
    });
    expect(stale.statusCode).toBe(409);
    const settings = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/settings',
      payload: { workingHours: [{ start: '09:00', end: '17:00' }], warnShare: 0.75 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect((await deadline('2026-11-23T16:00:00+08:00', 2, 'workingHours')).json().due).toBe(
      '2026-11-24T02:00:00.000Z', // 16:00–17:00, then 09:00–10:00
    );
    const audit = await t.as('auditor', { method: 'GET', url: '/api/v1/audit?objectType=calendar' });
    expect(audit.json().total).toBe(1);
  });

  it('refuses bad calendars with a clear reason, and non-district or non-admin users', async () => {
    const weekday = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/years/2028',
      payload: { holidays: [], workdays: [{ date: '2028-01-05', name: '周三' }] },
    });
    expect(weekday.statusCode).toBe(400);
    expect(weekday.json().error.message).toContain('2028-01-05');
    const wrongYear = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/years/2028',
      payload: { holidays: [{ date: '2029-01-01', name: '元旦' }], workdays: [] },
    });
    expect(wrongYear.statusCode).toBe(400);
    const hours = await t.as('admin', {
      method: 'PUT',
      url: '/api/v1/calendar/settings',
      payload: { workingHours: [{ start: '14:00', end: '12:00' }], warnShare: 0.8 },
    });
    expect(hours.statusCode).toBe(400);
    expect((await deadline('2026-11-23T10:00:00+08:00', 1.5, 'workingDays')).statusCode).toBe(400);
    expect(
      (
        await t.as('town1', {
          method: 'PUT',
          url: '/api/v1/calendar/years/2028',
          payload: { holidays: [], workdays: [] },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar' })).statusCode).toBe(401);
  });
});
