/**
 * Roles of DESIGN.md §1 and the permissions each carries. Shared by the server (checks) and the
 * web app (menus), so a menu item never shows for an action the server would refuse.
 *
 * Administration follows the 等保 third-level 三权分立 (GB/T 22239-2019 §8.1.4 访问控制, 安全管理中心):
 * the system administrator runs accounts and configuration, the security administrator runs security
 * policy, sessions and account unlocking, and only the audit administrator reads the audit log.
 */
export const ROLES = [
  'admin',
  'secAdmin',
  'auditor',
  'leader',
  'dispatcher',
  'departmentOfficer',
  'gridWorker',
  'mediator',
  'judge',
  'correctionsOfficer',
  'resident',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  secAdmin: { zh: '安全管理员', en: 'Security administrator' },
  auditor: { zh: '审计管理员', en: 'Audit administrator' },
  leader: { zh: '政法委领导', en: 'Leader' },
  dispatcher: { zh: '综治中心调度员', en: 'Dispatcher' },
  departmentOfficer: { zh: '职能部门办理人', en: 'Department officer' },
  gridWorker: { zh: '网格员', en: 'Grid worker' },
  mediator: { zh: '调解员', en: 'Mediator' },
  judge: { zh: '法官', en: 'Judge' },
  correctionsOfficer: { zh: '社区矫正工作人员', en: 'Corrections officer' },
  resident: { zh: '群众', en: 'Resident' },
};

export const PERMISSIONS = [
  // territory and organisation
  'region:read',
  'region:write',
  'department:write',
  'post:write',
  // accounts
  'user:read',
  'user:manage',
  'user:unlock',
  'security:manage',
  // audit
  'audit:read',
  // personal data
  'pii:unmask',
  // cockpit
  'cockpit:view',
  // cases (used by the case engine and its workflows)
  'event:report',
  'event:intake',
  'event:dispatch',
  'event:handle',
  'event:verify',
  'event:supervise',
  'event:read',
  'dispute:report',
  'dispute:manage',
  'dispute:mediate',
  'dispute:confirm',
  'dispute:read',
  'registry:read',
  'registry:write',
  'registry:import',
  'specialGroup:read',
  'specialGroup:visit',
  'corrections:manage',
  'settings:write',
  'jobs:manage',
  'document:issue',
  // the mediation network: organisations, mediators, screening schedules
  'mediation:admin',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: [
    'region:read',
    'region:write',
    'department:write',
    'post:write',
    'user:read',
    'user:manage',
    'user:unlock',
    'settings:write',
    'jobs:manage',
    'mediation:admin',
  ],
  secAdmin: ['region:read', 'user:read', 'user:unlock', 'security:manage'],
  auditor: ['region:read', 'audit:read'],
  leader: [
    'region:read',
    'cockpit:view',
    'event:read',
    'event:supervise',
    'dispute:read',
    'registry:read',
    'specialGroup:read',
  ],
  dispatcher: [
    'region:read',
    'cockpit:view',
    'event:read',
    'event:report',
    'event:intake',
    'event:dispatch',
    'event:supervise',
    'dispute:read',
    'dispute:report',
    'dispute:manage',
    'registry:read',
    'registry:import',
    'pii:unmask',
    'document:issue',
  ],
  departmentOfficer: ['region:read', 'event:read', 'event:handle'],
  gridWorker: [
    'region:read',
    'event:read',
    'event:report',
    'event:verify',
    'dispute:report',
    'dispute:read',
    'registry:read',
    'registry:write',
    'specialGroup:read',
    'specialGroup:visit',
    'pii:unmask',
  ],
  mediator: ['region:read', 'dispute:read', 'dispute:report', 'dispute:mediate', 'document:issue'],
  judge: ['region:read', 'dispute:read', 'dispute:confirm', 'document:issue'],
  correctionsOfficer: [
    'region:read',
    'registry:read',
    'specialGroup:read',
    'specialGroup:visit',
    'corrections:manage',
    'registry:import',
    'pii:unmask',
  ],
  resident: ['event:report', 'dispute:report'],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return [...set].sort();
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Roles that only the security side may grant, so no single administrator can make themselves auditor. */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'secAdmin', 'auditor'];
