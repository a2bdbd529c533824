import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { tamper } from '../../../test/tamper';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('audit trail', () => {
  it('records a sign-in with actor, IP, time and outcome, readable only by the auditor', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'leader', password: 'wrong-pass' },
      remoteAddress: '10.1.2.3',
    });
    const res = await t.as('auditor', {
      method: 'GET',
      url: '/api/v1/audit?action=auth.login&success=false',
    });
    expect(res.statusCode).toBe(200);
    const entry = res.json().items.find((e: { ip: string }) => e.ip === '10.1.2.3');
    expect(entry).toMatchObject({
      action: 'auth.login',
      success: false,
      objectType: 'user',
      actorName: 'leader',
    });
    expect(entry.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('separates duties: admin cannot read the audit log, auditor cannot change users', async () => {
    expect((await t.as('admin', { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
    expect((await t.as('secadmin', { method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(403);
    const create = await t.as('auditor', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'sneaky',
        displayName: 'x',
        password: 'Abc@12345',
        roles: ['leader'],
        scopeRegionId: 1,
      },
    });
    expect(create.statusCode).toBe(403);
  });

  it('writes the entry in the same transaction as the change (a failed change leaves none)', async () => {
    const before = (await t.as('auditor', { method: 'GET', url: '/api/v1/audit?action=user.create' })).json()
      .total;
    const bad = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: {
        username: 'admin',
        displayName: 'dup',
        password: 'Abc@12345',
        roles: ['leader'],
        scopeRegionId: 1,
      },
    });
    expect(bad.statusCode).toBe(409);
    const after = (await t.as('auditor', { method: 'GET', url: '/api/v1/audit?action=user.create' })).json()
      .total;
    expect(after).toBe(before);
  });

  it('verifies clean, then reports a changed, a deleted and an inserted row', async () => {
    const clean = await t.services.audit.verify({ staleAfterMs: 3_600_000 });
    expect(clean.ok).toBe(true);
    expect(clean.rowsChecked).toBeGreaterThan(10);
    const ids = await tamper(t, async (q) => {
      const rows = await q<{ id: number }>('SELECT id FROM audit_log ORDER BY id LIMIT 3');
      const [a, b] = rows.map((r) => r.id);
      await q(`UPDATE audit_log SET action = 'forged' WHERE id = ${a}`);
      await q(`DELETE FROM audit_log WHERE id = ${b}`);
      const ins = await q<{ id: number }>(
        `INSERT INTO audit_log (occurred_at, actor_name, actor_roles, action, object_type, hmac)
         VALUES (now(), 'mallory', '{}', 'user.create', 'user', '\\x00') RETURNING id`,
      );
      return { changed: a!, deleted: b!, inserted: ins[0]!.id };
    });
    const report = await t.services.audit.verify({ staleAfterMs: 3_600_000 });
    expect(report.ok).toBe(false);
    expect(report.changed).toContain(ids.changed);
    expect(report.deleted).toContain(ids.deleted);
    expect(report.inserted).toContain(ids.inserted);
  });
});
