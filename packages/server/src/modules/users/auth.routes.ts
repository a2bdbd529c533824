import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../platform/http/auth-hooks';
import type { TerritoryService } from '../territory/territory.service';
import { type AuthService, permissionsFor } from './auth.service';
import { presentMe } from './users.present';
import type { UsersService } from './users.service';

const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export function authRoutes(deps: {
  auth: AuthService;
  users: UsersService;
  territory: TerritoryService;
  secureCookies: boolean;
}) {
  const { auth, users, territory } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const cookie = { path: '/', sameSite: 'lax' as const, secure: deps.secureCookies };

    r.post(
      '/api/v1/auth/login',
      {
        config: { public: true, idempotent: false },
        schema: { tags: ['auth'], summary: '登录 / Sign in', body: loginBody },
      },
      async (req, reply) => {
        const result = await auth.login({
          username: req.body.username,
          password: req.body.password,
          ip: req.ip,
          userAgent: req.headers['user-agent'],
          requestId: req.id,
        });
        reply.setCookie(SESSION_COOKIE, result.token, { ...cookie, httpOnly: true });
        reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookie, httpOnly: false });
        // Departments are public reference data, readable before the session exists.
        const department = result.user.departmentId
          ? (await territory.departmentsByIds(req.actor, [result.user.departmentId]))[0]
          : undefined;
        return {
          user: await presentMe(
            result.user,
            permissionsFor(result.user),
            territory,
            department?.name ?? null,
          ),
          token: result.token,
          csrfToken: result.csrfToken,
        };
      },
    );

    r.post(
      '/api/v1/auth/logout',
      { config: { idempotent: false }, schema: { tags: ['auth'], summary: '退出登录 / Sign out' } },
      async (req, reply) => {
        await auth.logout(req.auth!);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        reply.clearCookie(CSRF_COOKIE, { path: '/' });
        return { ok: true };
      },
    );

    r.get(
      '/api/v1/me',
      { schema: { tags: ['auth'], summary: '当前用户 / Current user' } },
      async (req, reply) => {
        const a = req.auth!;
        // The web app reads the CSRF token from its cookie; re-issue it in case the cookie was cleared.
        if (req.viaCookie) reply.setCookie(CSRF_COOKIE, a.csrfToken, { ...cookie, httpOnly: false });
        const department = a.user.departmentId
          ? (await territory.departmentsByIds(a.actor, [a.user.departmentId]))[0]
          : undefined;
        return presentMe(a.user, a.permissions, territory, department?.name ?? null);
      },
    );

    r.post(
      '/api/v1/me/password',
      {
        config: { idempotent: false },
        schema: {
          tags: ['auth'],
          summary: '修改密码 / Change password',
          body: z.strictObject({
            currentPassword: z.string().min(1).max(256),
            newPassword: z.string().min(1).max(256),
          }),
        },
      },
      async (req) => {
        await users.changeOwnPassword(req.actor, req.body.currentPassword, req.body.newPassword);
        return { ok: true };
      },
    );
  };
}
