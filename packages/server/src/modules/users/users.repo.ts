import { and, asc, count, desc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { inScope, tx } from '../../db/context';
import { containsPattern } from '../../db/like';
import { loginAttempts, sessions, users } from './users.schema';

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
export type SessionRow = typeof sessions.$inferSelect;

export async function userByUsername(username: string): Promise<UserRow | undefined> {
  const [r] = await tx()
    .select()
    .from(users)
    .where(and(eq(users.username, username), inScope(users.regionPath)))
    .limit(1);
  return r;
}

export async function userById(id: number): Promise<UserRow | undefined> {
  const [r] = await tx()
    .select()
    .from(users)
    .where(and(eq(users.id, id), inScope(users.regionPath)))
    .limit(1);
  return r;
}

export interface UserFilter {
  q?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
  underPath?: string | undefined;
  departmentId?: number | undefined;
}

function userWhere(f: UserFilter): SQL {
  const c: SQL[] = [inScope(users.regionPath)];
  if (f.q) {
    const like = containsPattern(f.q);
    c.push(or(ilike(users.username, like), ilike(users.displayName, like))!);
  }
  if (f.role) c.push(sql`${f.role} = ANY(${users.roles})`);
  if (f.status) c.push(eq(users.status, f.status as UserRow['status']));
  if (f.underPath) c.push(sql`${users.regionPath} <@ ${f.underPath}::ltree`);
  if (f.departmentId) c.push(eq(users.departmentId, f.departmentId));
  return and(...c)!;
}

export async function listUsers(f: UserFilter, limit: number, offset: number) {
  const rows = await tx()
    .select()
    .from(users)
    .where(userWhere(f))
    .orderBy(asc(users.username))
    .limit(limit)
    .offset(offset);
  const [total] = await tx().select({ n: count() }).from(users).where(userWhere(f));
  return { rows, total: total?.n ?? 0 };
}

export async function insertUsers(rows: NewUserRow[]): Promise<UserRow[]> {
  if (rows.length === 0) return [];
  return tx().insert(users).values(rows).returning();
}

export async function updateUser(
  id: number,
  version: number | null,
  patch: Partial<NewUserRow>,
): Promise<UserRow | undefined> {
  const conds = [eq(users.id, id), inScope(users.regionPath)];
  if (version !== null) conds.push(eq(users.version, version));
  const [r] = await tx()
    .update(users)
    .set({ ...patch, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(...conds))
    .returning();
  return r;
}

// ---- sessions (not region-scoped: keyed by their token) ----

export async function insertSession(row: typeof sessions.$inferInsert): Promise<SessionRow> {
  const [r] = await tx().insert(sessions).values(row).returning();
  return r!;
}

export async function sessionWithUser(tokenHash: Buffer) {
  const [r] = await tx()
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
    .limit(1);
  return r;
}

export async function touchSession(id: number, at: Date): Promise<void> {
  await tx().update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function revokeSession(id: number): Promise<void> {
  await tx()
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, id), isNull(sessions.revokedAt)));
}

export async function revokeUserSessions(userId: number): Promise<number> {
  const r = await tx()
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return r.length;
}

export async function activeSessions(since: Date, limit: number) {
  return tx()
    .select({
      id: sessions.id,
      userId: sessions.userId,
      username: users.username,
      displayName: users.displayName,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(isNull(sessions.revokedAt), gt(sessions.lastSeenAt, since), inScope(users.regionPath)))
    .orderBy(desc(sessions.lastSeenAt))
    .limit(limit);
}

export async function sessionById(id: number) {
  const [r] = await tx()
    .select({ session: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), inScope(users.regionPath)))
    .limit(1);
  return r?.session;
}

// ---- failed sign-ins ----

export async function loginAttempt(usernameKey: string) {
  const [r] = await tx()
    .select()
    .from(loginAttempts)
    .where(eq(loginAttempts.usernameKey, usernameKey))
    .limit(1);
  return r;
}

/** Counts one more failure and locks once the count reaches `max`. Returns the new row. */
export async function recordLoginFailure(usernameKey: string, max: number, lockMinutes: number) {
  const [r] = await tx()
    .insert(loginAttempts)
    .values({
      usernameKey,
      failures: 1,
      lockedUntil: max <= 1 ? sql`now() + make_interval(mins => ${lockMinutes})` : null,
    })
    .onConflictDoUpdate({
      target: loginAttempts.usernameKey,
      set: {
        // A lock that has run out starts a fresh count.
        failures: sql`CASE WHEN ${loginAttempts.lockedUntil} IS NOT NULL AND ${loginAttempts.lockedUntil} <= now() THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
        lockedUntil: sql`CASE
          WHEN ${loginAttempts.lockedUntil} IS NOT NULL AND ${loginAttempts.lockedUntil} > now() THEN ${loginAttempts.lockedUntil}
          WHEN (CASE WHEN ${loginAttempts.lockedUntil} IS NOT NULL AND ${loginAttempts.lockedUntil} <= now() THEN 1 ELSE ${loginAttempts.failures} + 1 END) >= ${max}
            THEN now() + make_interval(mins => ${lockMinutes})
          ELSE NULL END`,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return r!;
}

export async function clearLoginFailures(usernameKey: string): Promise<boolean> {
  const r = await tx().delete(loginAttempts).where(eq(loginAttempts.usernameKey, usernameKey)).returning();
  return r.length > 0;
}

export async function lockedKeys(): Promise<
  { usernameKey: string; failures: number; lockedUntil: Date | null }[]
> {
  return tx()
    .select()
    .from(loginAttempts)
    .where(gt(loginAttempts.lockedUntil, sql`now()`))
    .orderBy(desc(loginAttempts.lockedUntil));
}

/** Unique across scopes: runs without the scope predicate (RLS still hides other towns' rows, so the
 * unique index is the final word; this check only gives the nicer message when the name is visible). */
export async function usernameTaken(username: string): Promise<boolean> {
  const [r] = await tx().select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
  return r !== undefined;
}

/** Users in scope whose failure counter is locked now. */
export async function lockedUsers() {
  return tx()
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      failures: loginAttempts.failures,
      lockedUntil: loginAttempts.lockedUntil,
    })
    .from(users)
    .innerJoin(
      loginAttempts,
      sql`${loginAttempts.usernameKey} = encode(sha256(convert_to('fq-login:' || ${users.username}, 'UTF8')), 'hex')`,
    )
    .where(and(inScope(users.regionPath), gt(loginAttempts.lockedUntil, sql`now()`)))
    .orderBy(desc(loginAttempts.lockedUntil));
}

/** Active staff with one of `roles` whose scope covers `path`, nearest level first (notification routing). */
export async function staffCovering(path: string, roles: readonly string[]) {
  if (!roles.length) return [];
  return tx()
    .select({
      id: users.id,
      roles: users.roles,
      regionPath: users.regionPath,
      departmentId: users.departmentId,
    })
    .from(users)
    .where(
      and(
        eq(users.status, 'active'),
        sql`${users.regionPath} @> ${path}::ltree`,
        sql`${users.roles} && ARRAY[${sql.join(
          roles.map((r) => sql`${r}`),
          sql`, `,
        )}]::text[]`,
      ),
    )
    .orderBy(desc(sql`nlevel(${users.regionPath})`), asc(users.id))
    .limit(500);
}

export async function activeMembersOf(departmentId: number) {
  return tx()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.status, 'active'), eq(users.departmentId, departmentId)))
    .limit(500);
}

export async function phoneCiphertexts(ids: number[]) {
  if (!ids.length) return [];
  return tx()
    .select({ id: users.id, phoneEnc: users.phoneEnc })
    .from(users)
    .where(
      sql`${users.id} IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
}

export async function displayNames(ids: number[]) {
  if (!ids.length) return [];
  return tx()
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(
      sql`${users.id} IN (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    );
}
