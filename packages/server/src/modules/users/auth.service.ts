import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Permission, permissionsOf, type Role } from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/passwords';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../platform/settings.service';
import { SECURITY_SETTINGS_KEY, type SecuritySettings, securitySettingsSchema } from './security-settings';
import * as repo from './users.repo';

export interface AuthState {
  sessionId: number;
  csrfToken: string;
  user: repo.UserRow;
  actor: Actor;
  permissions: ReadonlySet<Permission>;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Key of the failure counter. Hashed: people type their password into the user-name field. */
export function usernameKey(username: string): string {
  return createHash('sha256')
    .update(`fq-login:${normalizeUsername(username)}`)
    .digest('hex');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export function actorFor(user: repo.UserRow, extra: { ip?: string; requestId?: string } = {}): Actor {
  return {
    userId: user.id,
    username: user.username,
    roles: user.roles,
    scopePath: user.regionPath,
    departmentId: user.departmentId,
    ip: extra.ip,
    requestId: extra.requestId,
  };
}

export function permissionsFor(user: repo.UserRow): ReadonlySet<Permission> {
  return new Set(permissionsOf(user.roles.filter(isRole) as Role[]));
}

const TOUCH_EVERY_MS = 60_000;
const CACHE_MS = 5_000;

export function createAuthService(deps: {
  db: Database;
  audit: AuditService;
  settings: SettingsService;
  hasher: PasswordHasher;
  securityDefaults: SecuritySettings;
}) {
  const { db, audit, settings, hasher } = deps;
  // token hash → session, re-read at most every CACHE_MS; lastSeen is kept exact in memory.
  const cache = new Map<
    string,
    { state: Omit<AuthState, 'actor'>; lastSeen: number; storedLastSeen: number; fetched: number }
  >();

  const security = () => settings.get(SECURITY_SETTINGS_KEY, securitySettingsSchema, deps.securityDefaults);

  async function login(input: {
    username: string;
    password: string;
    ip?: string;
    userAgent?: string;
    requestId?: string;
  }) {
    const username = normalizeUsername(input.username);
    const key = usernameKey(username);
    const sec = await security();
    const systemAs = { ...SYSTEM_ACTOR, ip: input.ip, requestId: input.requestId };
    const { attempt, user } = await transaction(db, systemAs, async () => ({
      attempt: await repo.loginAttempt(key),
      user: await repo.userByUsername(username),
    }));
    const now = Date.now();
    if (attempt?.lockedUntil && attempt.lockedUntil.getTime() > now) {
      await transaction(db, { ...systemAs, username: username.slice(0, 64) }, () =>
        audit.record({
          action: 'auth.login',
          objectType: 'user',
          objectId: user?.id ?? null,
          success: false,
          diff: { reason: 'locked' },
        }),
      );
      throw new AppError('AUTH_LOCKED', {
        minutes: Math.ceil((attempt.lockedUntil.getTime() - now) / 60_000),
      });
    }
    let ok = false;
    if (user) ok = await hasher.verify(user.passwordHash, input.password);
    else await hasher.verifyDummy(input.password);
    if (!ok || !user) {
      const row = await transaction(db, { ...systemAs, username: username.slice(0, 64) }, async () => {
        const r = await repo.recordLoginFailure(key, sec.loginMaxFailures, sec.loginLockMinutes);
        await audit.record({
          action: 'auth.login',
          objectType: 'user',
          objectId: user?.id ?? null,
          success: false,
          diff: { reason: 'credentials', failures: r.failures, locked: r.lockedUntil !== null },
        });
        return r;
      });
      if (row.lockedUntil && row.lockedUntil.getTime() > Date.now()) {
        throw new AppError('AUTH_LOCKED', { minutes: sec.loginLockMinutes });
      }
      throw new AppError('AUTH_INVALID_CREDENTIALS');
    }
    if (user.status !== 'active') throw new AppError('AUTH_DISABLED');
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const session = await transaction(
      db,
      { ...actorFor(user, { ip: input.ip, requestId: input.requestId }), scopePath: '*' },
      async () => {
        await repo.clearLoginFailures(key);
        const s = await repo.insertSession({
          tokenHash: hashToken(token),
          userId: user.id,
          csrfToken,
          ip: input.ip ?? null,
          userAgent: input.userAgent?.slice(0, 300) ?? null,
        });
        const lastLoginAt = new Date();
        await repo.updateUser(user.id, null, { lastLoginAt });
        user.lastLoginAt = lastLoginAt;
        await audit.record({
          action: 'auth.login',
          objectType: 'user',
          objectId: user.id,
          diff: { sessionId: s.id },
        });
        return s;
      },
    );
    return { user, token, csrfToken, sessionId: session.id };
  }

  /**
   * The session behind a token, or null. Enforces the idle timeout. `touch: false` checks without counting
   * as activity (a live stream re-checks its session without keeping an idle session alive).
   */
  async function authenticate(
    token: string,
    meta: { ip?: string; requestId?: string } = {},
    opts: { touch?: boolean } = {},
  ): Promise<AuthState | null> {
    if (!token || token.length > 200) return null;
    const hash = hashToken(token);
    const k = hash.toString('hex');
    const now = Date.now();
    let entry = cache.get(k);
    if (!entry || now - entry.fetched > CACHE_MS) {
      const found = await transaction(db, SYSTEM_ACTOR, () => repo.sessionWithUser(hash));
      if (!found) {
        cache.delete(k);
        return null;
      }
      const stored = found.session.lastSeenAt.getTime();
      entry = {
        state: {
          sessionId: found.session.id,
          csrfToken: found.session.csrfToken,
          user: found.user,
          permissions: permissionsFor(found.user),
        },
        lastSeen: Math.max(stored, entry?.lastSeen ?? 0),
        storedLastSeen: stored,
        fetched: now,
      };
      cache.set(k, entry);
    }
    const sec = await security();
    if (now - entry.lastSeen > sec.sessionIdleMinutes * 60_000 || entry.state.user.status !== 'active') {
      cache.delete(k);
      await transaction(db, SYSTEM_ACTOR, () => repo.revokeSession(entry.state.sessionId));
      return null;
    }
    if (opts.touch === false) return { ...entry.state, actor: actorFor(entry.state.user, meta) };
    entry.lastSeen = now;
    if (now - entry.storedLastSeen > TOUCH_EVERY_MS) {
      entry.storedLastSeen = now;
      await transaction(db, SYSTEM_ACTOR, () => repo.touchSession(entry.state.sessionId, new Date(now)));
    }
    return { ...entry.state, actor: actorFor(entry.state.user, meta) };
  }

  async function logout(auth: AuthState): Promise<void> {
    for (const [k, v] of cache) if (v.state.sessionId === auth.sessionId) cache.delete(k);
    await transaction(db, auth.actor, async () => {
      await repo.revokeSession(auth.sessionId);
      await audit.record({ action: 'auth.logout', objectType: 'user', objectId: auth.user.id });
    });
  }

  /** Forget cached sessions of a user (after a password reset, role change or disable). */
  function forgetUser(userId: number): void {
    for (const [k, v] of cache) if (v.state.user.id === userId) cache.delete(k);
  }

  return { login, authenticate, logout, forgetUser, security };
}

export type AuthService = ReturnType<typeof createAuthService>;
