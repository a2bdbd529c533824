import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ FENGQIAO_BODY_LIMIT_KB: '16' });
});
afterAll(async () => t.close());

describe('errors share one shape and speak the caller’s language', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: { code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' } });
  });

  it('unknown fields → 400 with the field named', async () => {
    const res = await t.as('admin', {
      method: 'PATCH',
      url: '/api/v1/regions/1',
      payload: { version: 1, colour: 'red' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The request is invalid' });
    expect(res.json().error.details).toEqual([
      { path: 'body', code: 'unrecognized_keys', message: 'unknown fields: colour' },
    ]);
  });

  it('oversized body → 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a'.repeat(20_000), password: 'x' }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(res.json().error.message).toContain('16 KB');
  });

  it('unknown route → 404 in the same shape, even without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在：GET /api/v1/no-such-thing' },
    });
  });

  it('unsupported content type → 415', async () => {
    const res = await t.as('admin', {
      method: 'PATCH',
      url: '/api/v1/regions/1',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('permission check comes before validation: 403, not 400', async () => {
    const res = await t.as('leader', { method: 'POST', url: '/api/v1/users', payload: { junk: true } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toEqual({ code: 'FORBIDDEN', message: '您没有执行此操作的权限' });
  });

  it('returns a request id header', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['x-request-id']).toMatch(/[\w-]{8,}/);
    expect(res.json()).toMatchObject({ status: 'ok', database: { status: 'ok', engine: t.engine } });
  });

  it('serves the OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/regions/locate');
  });
});

describe('Idempotency-Key', () => {
  const body = {
    username: 'newgrid7',
    displayName: '新网格员',
    password: 'Abc@12345',
    roles: ['gridWorker'],
    scopeRegionId: 2,
  };

  it('a retried create with the same key creates once and replays the first answer', async () => {
    const headers = { 'idempotency-key': 'create-user-0001' };
    const first = await t.as('admin', { method: 'POST', url: '/api/v1/users', payload: body, headers });
    const second = await t.as('admin', { method: 'POST', url: '/api/v1/users', payload: body, headers });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const list = await t.as('admin', { method: 'GET', url: '/api/v1/users?q=newgrid7' });
    expect(list.json().total).toBe(1);
  });

  it('the same key with a different body is refused (422)', async () => {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...body, username: 'other8' },
      headers: { 'idempotency-key': 'create-user-0001' },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('a failed request leaves no key behind, so the retry can succeed', async () => {
    const headers = { 'idempotency-key': 'create-user-0002' };
    const bad = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...body, username: 'weakpw9', password: 'weak' },
      headers,
    });
    expect(bad.statusCode).toBe(400);
    const good = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { ...body, username: 'weakpw9' },
      headers,
    });
    expect(good.statusCode).toBe(201);
  });

  it('rejects a malformed key', async () => {
    const res = await t.as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: body,
      headers: { 'idempotency-key': 'x' },
    });
    expect(res.statusCode).toBe(400);
  });
});
