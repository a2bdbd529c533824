import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTxQuery, ownerQuery } from '../../test/db';
import { createTestApp, type TestApp } from '../../test/harness';
import { insertJobsBehind } from '../modules/jobs/jobs.repo';
import { type Actor, SYSTEM_ACTOR, transaction } from './context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const town: Actor = { ...SYSTEM_ACTOR, userId: 42, username: 'town', scopePath: '350199.350199001' };
const job = (type: string, maxAttempts: number) => ({
  type,
  payload: {},
  runAt: new Date('2030-01-01T00:00:00Z'),
  dedupeKey: null,
  ref: null,
  maxAttempts,
  everyMs: null,
});
const setting = (name: string) =>
  inTxQuery<{ v: string | null }>(`SELECT current_setting('${name}', true) AS v`).then((r) => r[0]!.v);

describe('transaction (BEGIN and the scope in one round trip on PostgreSQL)', () => {
  it('runs as the app role with the actor’s scope and settings, quotes and backslashes intact', async () => {
    const odd = `a'b\\c"d；中文`;
    const seen = await transaction(
      t.services.db,
      town,
      async () => ({
        user: (await inTxQuery<{ u: string }>('SELECT current_user AS u'))[0]!.u,
        scope: await setting('fengqiao.scope'),
        uid: await setting('fengqiao.user'),
        odd: await setting('fengqiao.test_odd'),
      }),
      { settings: { 'fengqiao.test_odd': odd } },
    );
    expect(seen).toEqual({ user: 'fengqiao_app', scope: '350199.350199001', uid: '42', odd });
  });

  it('asks for the isolation level requested, and read committed otherwise', async () => {
    const level = (opts: { isolation?: 'serializable' }) =>
      transaction(
        t.services.db,
        SYSTEM_ACTOR,
        async () =>
          (await inTxQuery<{ l: string }>("SELECT current_setting('transaction_isolation') AS l"))[0]!.l,
        opts,
      );
    expect(await level({ isolation: 'serializable' })).toBe('serializable');
    expect(await level({})).toBe('read committed');
  });

  it('rolls a failed transaction back and leaves its connection clean for the next one', async () => {
    for (let i = 0; i < 20; i++)
      await expect(
        transaction(t.services.db, town, async () => {
          await insertJobsBehind([job('test.tx.failed', 1)]);
          await inTxQuery('SELECT 1 / 0');
        }),
      ).rejects.toThrow();
    const [{ n }] = (await ownerQuery<{ n: number }>(
      t,
      "SELECT count(*)::int AS n FROM jobs WHERE type = 'test.tx.failed'",
    )) as [{ n: number }];
    expect(n).toBe(0);
    // Every pooled connection was handed back out of its transaction, with no scope left on it.
    const after = await Promise.all(
      Array.from({ length: 20 }, () =>
        transaction(t.services.db, SYSTEM_ACTOR, async () => await setting('fengqiao.scope')),
      ),
    );
    expect(new Set(after)).toEqual(new Set(['*']));
  });

  it('rolls everything back when a held-back write fails at commit, and throws the database’s error', async () => {
    for (let i = 0; i < 5; i++) {
      const failed = await transaction(
        t.services.db,
        town,
        async () => {
          await insertJobsBehind([job('test.tx.behind_failed', 1)]);
          // Written behind, so it fails only as the transaction commits: integer out of range.
          await insertJobsBehind([job('test.tx.behind_failed', 3_000_000_000)]);
        },
        { writeBehind: true },
      ).then(
        () => null,
        (e: Error & { cause?: { code?: string } }) => e,
      );
      // The database's own error, as the ORM hands it on (the driver's error as the cause).
      expect(failed).toBeInstanceOf(Error);
      expect(failed?.cause?.code).toBe('22003');
    }
    const count = (type: string) =>
      ownerQuery<{ n: number }>(t, `SELECT count(*)::int AS n FROM jobs WHERE type = '${type}'`).then(
        (r) => r[0]!.n,
      );
    expect(await count('test.tx.behind_failed')).toBe(0);
    // The next transactions on those connections start clean and commit what they hold back.
    await Promise.all(
      Array.from({ length: 8 }, () =>
        transaction(t.services.db, town, () => insertJobsBehind([job('test.tx.behind_ok', 1)]), {
          writeBehind: true,
        }),
      ),
    );
    expect(await count('test.tx.behind_ok')).toBe(8);
  });
});
