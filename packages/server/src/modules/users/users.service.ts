import {
  isRole,
  maskPhone,
  PRIVILEGED_ROLES,
  passwordMeetsPolicy,
  pathWithin,
  type Role,
} from '@fengqiao/domain';
import type { Database } from '../../db/client';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound, THINGS } from '../../platform/errors';
import type { PasswordHasher } from '../../platform/passwords';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import { diffObjects } from '../audit/audit-hash';
import type { TerritoryService } from '../territory/territory.service';
import { type AuthService, normalizeUsername, usernameKey } from './auth.service';
import * as repo from './users.repo';

export interface UserInput {
  username: string;
  displayName: string;
  password: string;
  roles: Role[];
  scopeRegionId: number;
  departmentId?: number | null | undefined;
  phone?: string | null | undefined;
}

export interface UserPatch {
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  scopeRegionId?: number | undefined;
  departmentId?: number | null | undefined;
  status?: 'active' | 'disabled' | undefined;
  phone?: string | null | undefined;
}

/**
 * Account administration (系统管理员). Privileged roles (admin, secAdmin, auditor) are never granted
 * through here: 三权分立 means no administrator can make themselves, or a friend, the auditor.
 */
export function createUsersService(deps: {
  db: Database;
  audit: AuditService;
  auth: AuthService;
  territory: TerritoryService;
  hasher: PasswordHasher;
  pii: PiiCipher;
}) {
  const { db, audit, auth, territory, hasher, pii } = deps;

  async function checkPassword(password: string) {
    const sec = await auth.security();
    if (
      !passwordMeetsPolicy(password, { minLength: sec.passwordMinLength, minClasses: sec.passwordMinClasses })
    ) {
      throw new AppError('AUTH_PASSWORD_WEAK', { min: sec.passwordMinLength });
    }
  }

  function checkRoles(roles: readonly string[]) {
    if (roles.some((r) => !isRole(r) || PRIVILEGED_ROLES.includes(r as Role)))
      throw new AppError('FORBIDDEN');
  }

  async function resolveScope(actor: Actor, regionId: number) {
    const region = await territory.regionSummary(regionId);
    if (!region) throw notFound(THINGS.region);
    if (actor.scopePath !== '*' && !pathWithin(region.regionPath, actor.scopePath))
      throw new AppError('OUT_OF_SCOPE');
    return region;
  }

  async function create(actor: Actor, input: UserInput) {
    checkRoles(input.roles);
    await checkPassword(input.password);
    const scope = await resolveScope(actor, input.scopeRegionId);
    const passwordHash = await hasher.hash(input.password);
    return transaction(db, actor, async () => {
      const username = normalizeUsername(input.username);
      if (await repo.usernameTaken(username)) throw new AppError('DUPLICATE', { what: THINGS.username });
      const [row] = await repo.insertUsers([
        {
          username,
          displayName: input.displayName,
          passwordHash,
          roles: input.roles,
          scopeRegionId: scope.id,
          regionPath: scope.regionPath,
          departmentId: input.departmentId ?? null,
          phoneEnc: input.phone ? pii.encrypt(input.phone) : null,
          phoneMasked: input.phone ? maskPhone(input.phone) : null,
          mustChangePassword: true,
        },
      ]);
      await audit.record({
        action: 'user.create',
        objectType: 'user',
        objectId: row!.id,
        diff: diffObjects(null, present(row!)),
      });
      return row!;
    });
  }

  /** Accounts made by the system itself (demo district, first start): may hold privileged roles. */
  async function createSystemUsers(
    actor: Actor,
    inputs: (Omit<UserInput, 'password'> & { passwordHash: string })[],
  ) {
    if (actor.scopePath !== '*') throw new AppError('FORBIDDEN');
    return transaction(db, actor, async () => {
      const d = await territory.dir();
      const rows = await repo.insertUsers(
        inputs.map((x) => {
          const scope = d.byId.get(x.scopeRegionId);
          if (!scope) throw notFound(THINGS.region);
          return {
            username: normalizeUsername(x.username),
            displayName: x.displayName,
            passwordHash: x.passwordHash,
            roles: x.roles,
            scopeRegionId: scope.id,
            regionPath: scope.regionPath,
            departmentId: x.departmentId ?? null,
            phoneEnc: x.phone ? pii.encrypt(x.phone) : null,
            phoneMasked: x.phone ? maskPhone(x.phone) : null,
          };
        }),
      );
      for (const row of rows)
        await audit.record({
          action: 'user.create',
          objectType: 'user',
          objectId: row.id,
          diff: diffObjects(null, present(row)),
        });
      return rows;
    });
  }

  async function update(actor: Actor, id: number, version: number, patch: UserPatch) {
    if (patch.roles) checkRoles(patch.roles);
    const scope = patch.scopeRegionId !== undefined ? await resolveScope(actor, patch.scopeRegionId) : null;
    return transaction(db, actor, async () => {
      const before = await repo.userById(id);
      if (!before) throw notFound(THINGS.user);
      if (before.roles.some((r) => PRIVILEGED_ROLES.includes(r as Role))) throw new AppError('FORBIDDEN');
      const changes: Partial<repo.NewUserRow> = {};
      if (patch.displayName !== undefined) changes.displayName = patch.displayName;
      if (patch.roles !== undefined) changes.roles = patch.roles;
      if (patch.status !== undefined) changes.status = patch.status;
      if (patch.departmentId !== undefined) changes.departmentId = patch.departmentId;
      if (scope) Object.assign(changes, { scopeRegionId: scope.id, regionPath: scope.regionPath });
      if (patch.phone !== undefined) {
        changes.phoneEnc = patch.phone ? pii.encrypt(patch.phone) : null;
        changes.phoneMasked = patch.phone ? maskPhone(patch.phone) : null;
      }
      const after = await repo.updateUser(id, version, changes);
      if (!after) throw new AppError('CONFLICT');
      await audit.record({
        action: 'user.update',
        objectType: 'user',
        objectId: id,
        diff: diffObjects(present(before), present(after)),
      });
      auth.forgetUser(id);
      return after;
    });
  }

  async function resetPassword(actor: Actor, id: number, password: string) {
    await checkPassword(password);
    const passwordHash = await hasher.hash(password);
    return transaction(db, actor, async () => {
      const before = await repo.userById(id);
      if (!before) throw notFound(THINGS.user);
      if (before.roles.some((r) => PRIVILEGED_ROLES.includes(r as Role)) && actor.userId !== id)
        throw new AppError('FORBIDDEN');
      await repo.updateUser(id, null, {
        passwordHash,
        mustChangePassword: true,
        passwordChangedAt: new Date(),
      });
      const revoked = await repo.revokeUserSessions(id);
      await repo.clearLoginFailures(usernameKey(before.username));
      await audit.record({
        action: 'user.resetPassword',
        objectType: 'user',
        objectId: id,
        diff: { sessionsRevoked: revoked },
      });
      auth.forgetUser(id);
    });
  }

  async function unlock(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const user = await repo.userById(id);
      if (!user) throw notFound(THINGS.user);
      const cleared = await repo.clearLoginFailures(usernameKey(user.username));
      await audit.record({ action: 'user.unlock', objectType: 'user', objectId: id, diff: { cleared } });
      return cleared;
    });
  }

  async function changeOwnPassword(actor: Actor, current: string, next: string) {
    const user = await transaction(db, actor, () => repo.userById(actor.userId ?? 0));
    if (!user) throw new AppError('AUTH_REQUIRED');
    if (!(await hasher.verify(user.passwordHash, current))) throw new AppError('AUTH_PASSWORD_WRONG');
    await checkPassword(next);
    const passwordHash = await hasher.hash(next);
    await transaction(db, actor, async () => {
      await repo.updateUser(user.id, null, {
        passwordHash,
        mustChangePassword: false,
        passwordChangedAt: new Date(),
      });
      await audit.record({ action: 'user.changePassword', objectType: 'user', objectId: user.id });
    });
    auth.forgetUser(user.id);
  }

  return {
    create,
    createSystemUsers,
    update,
    resetPassword,
    unlock,
    changeOwnPassword,
    get: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const u = await repo.userById(id);
        if (!u) throw notFound(THINGS.user);
        return u;
      }),
    list: (actor: Actor, f: repo.UserFilter, limit: number, offset: number) =>
      transaction(db, actor, () => repo.listUsers(f, limit, offset)),
    lockedUsers: (actor: Actor) => transaction(db, actor, () => repo.lockedUsers()),
    /**
     * Staff with one of `roles` whose scope covers the path; with `nearest`, only those at the deepest
     * covering level (the town's dispatchers before the district's). Used to route notifications.
     */
    staffCovering: (path: string, roles: readonly string[], nearest = false) =>
      transaction(db, SYSTEM_ACTOR, async () => {
        const rows = await repo.staffCovering(path, roles);
        if (!nearest || !rows.length) return rows;
        const depth = rows[0]!.regionPath.split('.').length;
        return rows.filter((r) => r.regionPath.split('.').length === depth);
      }),
    departmentMembers: (departmentId: number) =>
      transaction(db, SYSTEM_ACTOR, () => repo.activeMembersOf(departmentId)),
    displayNames: async (ids: number[]) =>
      new Map(
        (await transaction(db, SYSTEM_ACTOR, () => repo.displayNames(ids))).map((r) => [r.id, r.displayName]),
      ),
    /** Decrypted phone numbers for delivering SMS (never logged, never stored elsewhere). */
    phonesOf: async (ids: number[]) => {
      const rows = await transaction(db, SYSTEM_ACTOR, () => repo.phoneCiphertexts(ids));
      return new Map(rows.filter((r) => r.phoneEnc).map((r) => [r.id, pii.decrypt(r.phoneEnc!)]));
    },
    sessions: (actor: Actor, since: Date) => transaction(db, actor, () => repo.activeSessions(since, 500)),
    revokeSession: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const s = await repo.sessionById(id);
        if (!s) throw notFound(THINGS.session);
        await repo.revokeSession(id);
        await audit.record({
          action: 'session.revoke',
          objectType: 'session',
          objectId: id,
          diff: { userId: s.userId },
        });
        auth.forgetUser(s.userId);
      }),
  };
}

/** The audited view of a user: no password hash, no ciphertext. */
function present(u: repo.UserRow) {
  const { passwordHash: _h, phoneEnc: _p, ...rest } = u;
  return rest;
}

export type UsersService = ReturnType<typeof createUsersService>;
