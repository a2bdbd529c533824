import { ROLES } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParam, paged, pageQuery, versionField } from '../../platform/http/schemas';
import type { SettingsService } from '../platform/settings.service';
import type { TerritoryService } from '../territory/territory.service';
import type { AuthService } from './auth.service';
import { SECURITY_SETTINGS_KEY, type SecuritySettings, securitySettingsSchema } from './security-settings';
import { presentUser } from './users.present';
import type { UsersService } from './users.service';

const phone = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, { message: 'phone' });
const roles = z.array(z.enum(ROLES)).min(1).max(5);

export function usersRoutes(deps: {
  users: UsersService;
  auth: AuthService;
  territory: TerritoryService;
  settings: SettingsService;
  securityDefaults: SecuritySettings;
}) {
  const { users, territory, settings } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/users',
      {
        config: { permission: ['user:read', 'user:manage'] },
        schema: {
          tags: ['users'],
          summary: '用户列表 / List users',
          querystring: z.strictObject({
            q: z.string().max(64).optional(),
            role: z.enum(ROLES).optional(),
            status: z.enum(['active', 'disabled']).optional(),
            regionId: z.coerce.number().int().positive().optional(),
            departmentId: z.coerce.number().int().positive().optional(),
            ...pageQuery,
          }),
        },
      },
      async (req) => {
        const q = req.query;
        const under = q.regionId ? (await territory.regionSummary(q.regionId))?.regionPath : undefined;
        const { rows, total } = await users.list(
          req.actor,
          { q: q.q, role: q.role, status: q.status, underPath: under, departmentId: q.departmentId },
          q.pageSize,
          (q.page - 1) * q.pageSize,
        );
        const locked = new Set((await users.lockedUsers(req.actor)).map((l) => l.id));
        return paged(
          await Promise.all(rows.map((u) => presentUser(u, territory, locked.has(u.id)))),
          total,
          q.page,
          q.pageSize,
        );
      },
    );

    r.get(
      '/api/v1/users/:id',
      { config: { permission: ['user:read', 'user:manage'] }, schema: { tags: ['users'], params: idParam } },
      async (req) => presentUser(await users.get(req.actor, req.params.id), territory),
    );

    r.post(
      '/api/v1/users',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags: ['users'],
          summary: '新建用户 / Create a user',
          body: z.strictObject({
            username: z
              .string()
              .trim()
              .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{2,31}$/),
            displayName: z.string().trim().min(1).max(32),
            password: z.string().min(1).max(256),
            roles,
            scopeRegionId: z.number().int().positive(),
            departmentId: z.number().int().positive().nullable().optional(),
            phone: phone.nullable().optional(),
          }),
        },
      },
      async (req, reply) => {
        const u = await users.create(req.actor, req.body);
        reply.code(201);
        return presentUser(u, territory);
      },
    );

    r.patch(
      '/api/v1/users/:id',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags: ['users'],
          params: idParam,
          body: z.strictObject({
            version: versionField,
            displayName: z.string().trim().min(1).max(32).optional(),
            roles: roles.optional(),
            scopeRegionId: z.number().int().positive().optional(),
            departmentId: z.number().int().positive().nullable().optional(),
            status: z.enum(['active', 'disabled']).optional(),
            phone: phone.nullable().optional(),
          }),
        },
      },
      async (req) => {
        const { version, ...patch } = req.body;
        return presentUser(await users.update(req.actor, req.params.id, version, patch), territory);
      },
    );

    r.post(
      '/api/v1/users/:id/reset-password',
      {
        config: { permission: 'user:manage' },
        schema: {
          tags: ['users'],
          params: idParam,
          body: z.strictObject({ password: z.string().min(1).max(256) }),
        },
      },
      async (req) => {
        await users.resetPassword(req.actor, req.params.id, req.body.password);
        return { ok: true };
      },
    );

    r.post(
      '/api/v1/users/:id/unlock',
      { config: { permission: 'user:unlock' }, schema: { tags: ['users'], params: idParam } },
      async (req) => ({ ok: true, wasLocked: await users.unlock(req.actor, req.params.id) }),
    );

    // ---- security administrator (安全管理员) ----

    r.get(
      '/api/v1/security/settings',
      { config: { permission: 'security:manage' }, schema: { tags: ['security'] } },
      async () => settings.get(SECURITY_SETTINGS_KEY, securitySettingsSchema, deps.securityDefaults),
    );

    r.put(
      '/api/v1/security/settings',
      {
        config: { permission: 'security:manage' },
        schema: { tags: ['security'], body: securitySettingsSchema.strict() },
      },
      async (req) =>
        settings.put(
          req.actor,
          SECURITY_SETTINGS_KEY,
          securitySettingsSchema,
          deps.securityDefaults,
          req.body,
        ),
    );

    r.get(
      '/api/v1/security/locked',
      { config: { permission: ['security:manage', 'user:unlock'] }, schema: { tags: ['security'] } },
      async (req) => {
        const rows = await users.lockedUsers(req.actor);
        return { items: rows.map((x) => ({ ...x, lockedUntil: x.lockedUntil?.toISOString() ?? null })) };
      },
    );

    r.get(
      '/api/v1/security/sessions',
      { config: { permission: 'security:manage' }, schema: { tags: ['security'] } },
      async (req) => {
        const sec = await deps.auth.security();
        const rows = await users.sessions(req.actor, new Date(Date.now() - sec.sessionIdleMinutes * 60_000));
        return {
          items: rows.map((s) => ({
            ...s,
            createdAt: s.createdAt.toISOString(),
            lastSeenAt: s.lastSeenAt.toISOString(),
          })),
        };
      },
    );

    r.delete(
      '/api/v1/security/sessions/:id',
      { config: { permission: 'security:manage' }, schema: { tags: ['security'], params: idParam } },
      async (req) => {
        await users.revokeSession(req.actor, req.params.id);
        return { ok: true };
      },
    );
  };
}
