import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTxQuery, ownerQuery } from '../../test/db';
import { createTestApp, type TestApp } from '../../test/harness';
import { eventsByIds } from '../modules/events/events.repo';
import { eventRollupPending, events } from '../modules/events/events.schema';
import { jobs } from '../modules/jobs/jobs.schema';
import { SYSTEM_ACTOR, transaction } from './context';
import { appendJsonRows, insertJsonRows, insertJsonRowsReturning } from './json-rows';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe('insertJsonRows (one JSON parameter per batch)', () => {
  it('writes dates, JSON, nulls and defaults as the VALUES insert would, and answers ids in order', async () => {
    const runAt = new Date('2026-11-16T02:03:04.567Z');
    const ids = await transaction(t.services.db, SYSTEM_ACTOR, () =>
      insertJsonRows(jobs, [
        { type: 'test.a', payload: { 说明: '甲', n: [1, 2], deep: { ok: true } }, runAt, ref: null },
        { type: 'test.b', payload: {}, runAt, ref: 'clock:1' },
      ]),
    );
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
    const rows = await ownerQuery<Record<string, unknown>>(
      t,
      `SELECT id, type, payload, run_at, ref, status, attempts, max_attempts FROM jobs WHERE id IN (${ids.join(',')}) ORDER BY id`,
    );
    expect(rows.map((r) => Number(r.id))).toEqual(ids);
    expect(rows[0]).toMatchObject({
      type: 'test.a',
      ref: null,
      status: 'pending',
      attempts: 0,
      max_attempts: 10,
    });
    expect(rows[0]!.payload).toEqual({ 说明: '甲', n: [1, 2], deep: { ok: true } });
    expect(new Date(rows[0]!.run_at as string).toISOString()).toBe(runAt.toISOString());
    expect(rows[1]).toMatchObject({ type: 'test.b', ref: 'clock:1', payload: {} });
  });

  it('skips rows a unique index refuses when asked to, answering only the ids written', async () => {
    const row = { type: 'test.dedupe', payload: {}, runAt: new Date(), dedupeKey: `k-${Date.now()}` };
    const ids = await transaction(t.services.db, SYSTEM_ACTOR, async () => [
      ...(await insertJsonRows(jobs, [row], { onConflictDoNothing: true })),
      ...(await insertJsonRows(jobs, [row], { onConflictDoNothing: true })),
    ]);
    expect(ids).toHaveLength(1);
  });

  it('writes bytea and array columns (an event with a phone ciphertext and assisting departments)', async () => {
    const spot = (await t.services.territory.dir()).byId.values().next().value!;
    const enc = Buffer.from([0, 1, 2, 250, 255]);
    const [id] = await transaction(t.services.db, SYSTEM_ACTOR, () =>
      insertJsonRows(events, [
        {
          state: 'reported',
          regionPath: spot.regionPath,
          categoryCode: '0201',
          description: '测试：二进制与数组列',
          lng: 119.3,
          lat: 26.08,
          gridId: spot.id,
          channel: 'hotline',
          limitValue: 2,
          limitUnit: 'workingHours',
          reporterPhoneEnc: enc,
          assistingDepartmentIds: [3, 5],
          createdAt: new Date('2026-11-16T02:00:00Z'),
          updatedAt: new Date('2026-11-16T02:00:00Z'),
        },
      ]),
    );
    const [row] = await ownerQuery<{ enc: string; assisting: string[] | number[] }>(
      t,
      `SELECT encode(reporter_phone_enc, 'hex') AS enc, assisting_department_ids AS assisting FROM events WHERE id = ${id}`,
    );
    expect(row!.enc).toBe('000102faff');
    expect(row!.assisting.map(Number)).toEqual([3, 5]);
  });
});

describe('insertJsonRowsReturning (the new rows whole, no read after the insert)', () => {
  it('answers each row as the typed select reads it: dates, bytea, arrays, JSON, nulls and defaults', async () => {
    const spot = (await t.services.territory.dir()).byId.values().next().value!;
    const base = {
      state: 'reported',
      regionPath: spot.regionPath,
      categoryCode: '0201',
      lng: 119.3,
      lat: 26.08,
      gridId: spot.id,
      channel: 'hotline',
      limitValue: 2,
      limitUnit: 'workingHours' as const,
      createdAt: new Date('2026-11-16T02:00:00.123Z'),
      updatedAt: new Date('2026-11-16T02:00:00.123Z'),
    };
    const { back, read } = await transaction(t.services.db, SYSTEM_ACTOR, async () => {
      const back = await insertJsonRowsReturning(events, [
        {
          ...base,
          description: '甲：带电话密文与协办部门',
          reporterPhoneEnc: Buffer.from([0, 9, 255]),
          assistingDepartmentIds: [3, 5],
          dueAt: new Date('2026-11-17T01:00:00Z'),
        },
        {
          ...base,
          description: '乙：无电话',
          reporterPhoneEnc: null,
          assistingDepartmentIds: [],
          dueAt: null,
        },
      ]);
      return { back, read: await eventsByIds(back.map((r) => r.id)) };
    });
    expect(back.map((r) => r.description)).toEqual(['甲：带电话密文与协办部门', '乙：无电话']);
    expect(back[1]!.id).toBeGreaterThan(back[0]!.id);
    // The very values a typed read gives (ids, defaults such as version and overdue, Date objects, Buffers).
    const byId = new Map(read.map((r) => [r.id, r]));
    for (const r of back) expect(r).toEqual(byId.get(r.id));
    expect(back[0]!.createdAt).toBeInstanceOf(Date);
    expect(back[0]!.createdAt.toISOString()).toBe('2026-11-16T02:00:00.123Z');
    expect(back[0]!.dueAt?.toISOString()).toBe('2026-11-17T01:00:00.000Z');
    expect(back[0]!.version).toBe(1);
    expect(back[0]!.assistingDepartmentIds).toEqual([3, 5]);
    expect(Buffer.from(back[0]!.reporterPhoneEnc!).toString('hex')).toBe('0009ff');
    expect(back[1]!.reporterPhoneEnc).toBeNull();
  });

  it('answers nothing for no rows, without a statement', async () => {
    expect(await transaction(t.services.db, SYSTEM_ACTOR, () => insertJsonRowsReturning(jobs, []))).toEqual(
      [],
    );
  });
});

describe('insertJsonRows refuses rows of different shapes', () => {
  it('names the row and the property', async () => {
    await expect(
      transaction(t.services.db, SYSTEM_ACTOR, () =>
        insertJsonRows(jobs, [
          { type: 'test.shape', payload: {} },
          { type: 'test.shape', payload: {}, ref: 'x' },
        ]),
      ),
    ).rejects.toThrow(/row 1 sets ref/);
    await expect(
      transaction(t.services.db, SYSTEM_ACTOR, () =>
        insertJsonRows(jobs, [
          { type: 'test.shape', payload: {}, ref: 'x' },
          { type: 'test.shape', payload: {} },
        ]),
      ),
    ).rejects.toThrow(/row 1 lacks ref/);
  });
  it('appends to a table without ids (the rollup queue): ltree, date, bigint and counters', async () => {
    await transaction(t.services.db, SYSTEM_ACTOR, async () => {
      await appendJsonRows(eventRollupPending, [
        { regionPath: 'd.json_t1.g1', day: '2026-11-20', categoryCode: '0201', departmentId: 7, reported: 2 },
        { regionPath: 'd.json_t1.g2', day: '2026-11-21', categoryCode: '', departmentId: -1, reported: -1 },
      ]);
      await appendJsonRows(eventRollupPending, []);
      const rows = await inTxQuery<Record<string, unknown>>(
        `SELECT region_path::text AS p, day::text AS day, category_code, department_id::int AS d, reported, closed
         FROM event_rollup_pending WHERE region_path <@ 'd.json_t1' ORDER BY 1`,
      );
      expect(rows).toEqual([
        { p: 'd.json_t1.g1', day: '2026-11-20', category_code: '0201', d: 7, reported: 2, closed: 0 },
        { p: 'd.json_t1.g2', day: '2026-11-21', category_code: '', d: -1, reported: -1, closed: 0 },
      ]);
      // Not folded: the test leaves the queue as it found it.
      throw new Error('rollback');
    }).catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  });
});
