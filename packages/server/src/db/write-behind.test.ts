import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTxQuery, ownerQuery } from '../../test/db';
import { createTestApp, type TestApp } from '../../test/harness';
import { insertJobsBehind } from '../modules/jobs/jobs.repo';
import { type Actor, SYSTEM_ACTOR, transaction } from './context';
import { notifyMany } from './notify';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const job = (type: string, ref: string) => ({
  type,
  payload: { 说明: '写后' },
  runAt: new Date('2030-01-01T00:00:00Z'),
  dedupeKey: null,
  ref,
  maxAttempts: 3,
  everyMs: null,
});
const jobsOf = (type: string) =>
  inTxQuery<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE type = '${type}'`).then((r) => r[0]!.n);
const jobsAfter = (type: string) =>
  ownerQuery<{ n: number }>(t, `SELECT count(*)::int AS n FROM jobs WHERE type = '${type}'`).then(
    (r) => r[0]!.n,
  );
const auditsOf = (action: string) =>
  ownerQuery<{ n: number; queued: number }>(
    t,
    `SELECT count(*)::int AS n, count(p.audit_id)::int AS queued
     FROM audit_log a LEFT JOIN audit_pending p ON p.audit_id = a.id WHERE a.action = '${action}'`,
  ).then((r) => r[0]!);
const entry = (action: string, i: number) => ({
  actor: SYSTEM_ACTOR,
  entry: { action, objectType: 'test', objectId: i },
});

describe('write-behind (held-back writes in one statement before commit)', () => {
  it('writes at once in an ordinary transaction', async () => {
    const seen = await transaction(t.services.db, SYSTEM_ACTOR, async () => {
      await insertJobsBehind([job('test.wb.now', 'a')]);
      return jobsOf('test.wb.now');
    });
    expect(seen).toBe(1);
  });

  it('holds writes back until commit, then writes every part: rows, rows naming earlier rows, notifications', async () => {
    const heard: string[] = [];
    const stop = await t.services.db.listen('fq_wb_test', (p) => heard.push(p));
    try {
      const inside = await transaction(
        t.services.db,
        SYSTEM_ACTOR,
        async () => {
          await insertJobsBehind([job('test.wb.later', 'a'), job('test.wb.later', 'b')]);
          await t.services.audit.recordManyAs([entry('test.wb.audit', 1), entry('test.wb.audit', 2)]);
          await notifyMany('fq_wb_test', ['甲', '乙']);
          await insertJobsBehind([job('test.wb.later', 'c')]);
          return jobsOf('test.wb.later');
        },
        { writeBehind: true },
      );
      expect(inside).toBe(0);
      expect(await jobsAfter('test.wb.later')).toBe(3);
      // The audit rows and their places in the chain queue (the second part names the first's new ids).
      expect(await auditsOf('test.wb.audit')).toEqual({ n: 2, queued: 2 });
      for (let i = 0; i < 50 && heard.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard.sort()).toEqual(['乙', '甲'].sort());
    } finally {
      await stop();
    }
  });

  it('writes nothing held back when the transaction fails', async () => {
    await expect(
      transaction(
        t.services.db,
        SYSTEM_ACTOR,
        async () => {
          await insertJobsBehind([job('test.wb.failed', 'a')]);
          await t.services.audit.recordManyAs([entry('test.wb.failed', 1)]);
          throw new Error('失败');
        },
        { writeBehind: true },
      ),
    ).rejects.toThrow('失败');
    expect(await jobsAfter('test.wb.failed')).toBe(0);
    expect((await auditsOf('test.wb.failed')).n).toBe(0);
  });

  it('writes at once what a nested call writes as another actor (its scope is not the held-back writes’)', async () => {
    const other: Actor = { ...SYSTEM_ACTOR, userId: 999_999, username: 'other' };
    const seen = await transaction(
      t.services.db,
      SYSTEM_ACTOR,
      () =>
        transaction(t.services.db, other, async () => {
          await insertJobsBehind([job('test.wb.nested', 'a')]);
          return jobsOf('test.wb.nested');
        }),
      { writeBehind: true },
    );
    expect(seen).toBe(1);
    expect(await jobsAfter('test.wb.nested')).toBe(1);
  });
});
