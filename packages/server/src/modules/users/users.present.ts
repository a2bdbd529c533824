import { isRole, type Permission, ROLE_LABELS, type Role } from '@fengqiao/domain';
import type { TerritoryService } from '../territory/territory.service';
import type { UserRow } from './users.repo';

export async function presentUser(u: UserRow, territory: TerritoryService, locked = false) {
  const scope = await territory.regionSummary(u.scopeRegionId);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles.filter(isRole) as Role[],
    roleLabels: u.roles.filter(isRole).map((r) => ROLE_LABELS[r as Role]),
    scope: scope
      ? { regionId: scope.id, code: scope.code, name: scope.name, level: scope.level, path: scope.regionPath }
      : null,
    departmentId: u.departmentId,
    phoneMasked: u.phoneMasked,
    status: u.status,
    locked,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    version: u.version,
  };
}

export async function presentMe(
  u: UserRow,
  permissions: ReadonlySet<Permission>,
  territory: TerritoryService,
  departmentName: string | null,
) {
  const base = await presentUser(u, territory);
  const chain = base.scope
    ? (await territory.chain(base.scope.regionId)).map((r) => ({ id: r.id, name: r.name, level: r.level }))
    : [];
  return { ...base, permissions: [...permissions].sort(), scopeChain: chain, departmentName };
}
