import type { Audience, WorkflowDef } from '@fengqiao/domain';
import type { UsersService } from '../users/users.service';
import type { CaseRecord } from './case-store.repo';

/**
 * Turns a workflow's audiences into user ids. The supervisor and the leader are the nearest staff with
 * those roles whose scope covers the case (the town's dispatchers before the district's).
 */
export async function resolveAudiences(
  users: UsersService,
  def: WorkflowDef,
  c: CaseRecord,
  audiences: readonly Audience[],
  exclude: number | null,
): Promise<number[]> {
  const out = new Set<number>();
  for (const a of audiences) {
    if (a === 'reporter') {
      if (c.reporterId) out.add(c.reporterId);
    } else if (a === 'assignee') {
      if (c.assigneeUserId) out.add(c.assigneeUserId);
      else if (c.assigneeDepartmentId)
        for (const u of await users.departmentMembers(c.assigneeDepartmentId)) out.add(u.id);
    } else {
      const roles =
        a === 'supervisor' ? (def.supervisorRoles ?? ['dispatcher']) : a === 'leader' ? ['leader'] : a.roles;
      for (const u of await users.staffCovering(c.regionPath, roles, true)) out.add(u.id);
    }
  }
  if (exclude !== null) out.delete(exclude);
  return [...out];
}
