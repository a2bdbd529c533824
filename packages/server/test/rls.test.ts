import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction, tx } from '../src/db/context';
import { rowsOf } from '../src/db/rows';
import { createTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

/**
 * The second wall: even a query that forgets the scope predicate sees only the actor's rows, because
 * the database applies row-level security to the app role.
 */
describe('row-level security', () => {
  const raw = async <T>(username: string, query: ReturnType<typeof sql>) => {
    const actor = await t.actorOf(username);
    return transaction(t.runtime.db, actor, async () => rowsOf<T>(await tx().execute(query)));
  };

  it('every table with region_path has FORCE row-level security and the scope policy', async () => {
    const rows = await transaction(
      t.runtime.db,
      { ...(await t.actorOf('admin')), scopePath: '*' },
      async () =>
        rowsOf<{ relname: string; forced: boolean; policies: number }>(
          await tx().execute(sql`
          SELECT c.relname, c.relforcerowsecurity AS forced,
                 (SELECT count(*)::int FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = 'fq_scope') AS policies
          FROM pg_class c JOIN information_schema.columns col ON col.table_name = c.relname AND col.column_name = 'region_path'
          WHERE col.table_schema = 'public' AND c.relkind = 'r'`),
        ),
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect(r, r.relname).toMatchObject({ forced: true, policies: 1 });
  });

  it('a town-1 query without any WHERE sees only town-1 posts and users', async () => {
    const posts = await raw<{ p: string }>('town1', sql`SELECT region_path::text AS p FROM posts`);
    expect(posts.length).toBeGreaterThan(50);
    expect(posts.every((r) => r.p.startsWith('350199.350199001'))).toBe(true);
    const users = await raw<{ username: string }>('town1', sql`SELECT username FROM users ORDER BY 1`);
    // The demo mediation network adds two mediators in town 1 (seed/disputes-demo.ts).
    expect(users.map((u) => u.username)).toEqual(['grid', 'mediator1', 'mediator2', 'town1']);
    const count = await raw<{ n: number }>(
      'town2',
      sql`SELECT count(*)::int AS n FROM posts WHERE region_path <@ '350199.350199001'`,
    );
    expect(count[0]!.n).toBe(0);
  });

  it('refuses to write a row outside the scope, and cannot update one it cannot see', async () => {
    const err = await raw(
      'town1',
      sql`INSERT INTO posts (region_id, region_path, post_type, person_name) VALUES (1, '350199.350199002', 'gridWorker', 'x')`,
    ).catch((e: Error) => e);
    expect(String((err as Error & { cause?: Error }).cause?.message)).toMatch(/row-level security/);
    const updated = await raw<{ id: number }>(
      'town1',
      sql`UPDATE posts SET person_name = 'hacked' WHERE region_path <@ '350199.350199002' RETURNING id`,
    );
    expect(updated).toHaveLength(0);
  });

  it('regions and departments are readable by all but writable only in scope', async () => {
    const regions = await raw<{ n: number }>('town1', sql`SELECT count(*)::int AS n FROM regions`);
    expect(regions[0]!.n).toBeGreaterThan(800);
    const upd = await raw<{ id: number }>(
      'town1',
      sql`UPDATE regions SET name = 'x' WHERE code = '350199002' RETURNING id`,
    );
    expect(upd).toHaveLength(0);
  });

  it('an anonymous actor (empty scope) sees no scoped row', async () => {
    const anon = { userId: null, username: 'anonymous', roles: [], scopePath: '', departmentId: null };
    const rows = await transaction(t.runtime.db, anon, async () =>
      rowsOf<{ n: number }>(await tx().execute(sql`SELECT count(*)::int AS n FROM users`)),
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('the audit log is append-only for the app and its owner', async () => {
    await expect(raw('admin', sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow();
    await expect(raw('admin', sql`DELETE FROM audit_log`)).rejects.toThrow();
  });
});
