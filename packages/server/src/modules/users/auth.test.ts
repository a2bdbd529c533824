import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp } from '../../../test/harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, headers });

describe('POST /api/v1/auth/login', () => {
  it('answers { user, token } and sets an httpOnly SameSite session cookie', async () => {
    const res = await login('dispatcher', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.token).toMatch(/^[\w-]{40,}$/);
    expect(body.user.username).toBe('dispatcher');
    expect(body.user.permissions).toContain('event:dispatch');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/fq_session=[^;]+;.*HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/fq_csrf=/);
  });

  it('gives the same answer for a wrong password and for a user that does not exist', async () => {
    const wrong = await login('leader', 'Wrong@2026x');
    const ghost = await login('nobody-here', 'Wrong@2026x');
    expect(wrong.statusCode).toBe(401);
    expect(ghost.statusCode).toBe(401);
    expect(wrong.json()).toEqual(ghost.json());
    expect(wrong.json().error).toEqual({ code: 'AUTH_INVALID_CREDENTIALS', message: '用户名或密码错误' });
    const en = await login('leader', 'Wrong@2026x', { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe('Wrong user name or password');
  });

  it('locks after 5 failures in a row, for real and unknown names alike, and refuses the right password', async () => {
    for (const name of ['judge', 'ghost-user']) {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await login(name, `bad-${i}`)).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 423]);
      const again = await login(name, name === 'judge' ? DEMO_PASSWORD : 'x');
      expect(again.statusCode).toBe(423);
      expect(again.json().error.code).toBe('AUTH_LOCKED');
      expect(again.json().error.message).toContain('30 分钟');
    }
  });

  it('lets an administrator unlock, after which the password works', async () => {
    const admin = await t.login('admin');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users?q=judge', headers: admin });
    const judge = list.json().items.find((u: { username: string }) => u.username === 'judge');
    expect(judge.locked).toBe(true);
    const unlock = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${judge.id}/unlock`,
      headers: admin,
    });
    expect(unlock.json()).toEqual({ ok: true, wasLocked: true });
    expect((await login('judge', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('validates the body (400) before anything else', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details[0].path).toBe('body.password');
  });
});

describe('sessions', () => {
  it('GET /api/v1/me returns user, roles, permissions and scope', async () => {
    const res = await t.as('town1', { method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me.roles).toEqual(['dispatcher']);
    expect(me.scope).toMatchObject({ name: '东湖街道', level: 'town' });
    expect(me.scopeChain.map((c: { name: string }) => c.name)).toEqual(['示范区', '东湖街道']);
    expect(me.departmentName).toBe('东湖街道办事处');
  });

  it('401 without a session, and for a garbage token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).json().error.code).toBe(
      'AUTH_REQUIRED',
    );
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer nonsense' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('requires the CSRF token on unsafe methods when the cookie is used', async () => {
    const res = await login('admin', DEMO_PASSWORD);
    const { token, csrfToken } = res.json();
    const cookie = `fq_session=${token}`;
    const without = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('AUTH_CSRF');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    const withToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(withToken.statusCode).toBe(200);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('expires after 30 idle minutes', async () => {
    const headers = await t.login('leader');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).statusCode).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 31 * 60_000);
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('AUTH_SESSION_EXPIRED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('changes the own password only with the current one and a strong new one', async () => {
    const headers = await t.login('corrections');
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'short' },
    });
    expect(weak.json().error.code).toBe('AUTH_PASSWORD_WEAK');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: 'nope', newPassword: 'New@Pass2027' },
    });
    expect(wrong.json().error.code).toBe('AUTH_PASSWORD_WRONG');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers,
      payload: { currentPassword: DEMO_PASSWORD, newPassword: 'New@Pass2027' },
    });
    expect(ok.statusCode).toBe(200);
    expect((await login('corrections', 'New@Pass2027')).statusCode).toBe(200);
  });
});
