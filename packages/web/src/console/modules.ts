/**
 * The console's feature modules, in menu order. To add one: create `src/modules/<id>/console.ts`
 * exporting a `ConsoleModule`, and add it to this list.
 */
import auditModule from '@/modules/audit/console';
import casesModule from '@/modules/cases/console';
import cockpitModule from '@/modules/cockpit/console';
import documentsModule from '@/modules/documents/console';
import eventsModule from '@/modules/events/console';
import registryModule from '@/modules/registry/console';
import securityModule from '@/modules/security/console';
import territoryModule from '@/modules/territory/console';
import usersModule from '@/modules/users/console';
import type { ConsoleModule, MenuGroup, MenuItem } from '@/shared/modules/types';

export const consoleModules: ConsoleModule[] = [
  cockpitModule,
  territoryModule,
  usersModule,
  securityModule,
  auditModule,
  casesModule,
  documentsModule,
  registryModule,
  eventsModule,
];

export function menuGroups(): MenuGroup[] {
  return consoleModules.flatMap((m) => m.groups ?? []).sort((a, b) => a.order - b.order);
}

export function menuItems(): MenuItem[] {
  return consoleModules.flatMap((m) => m.menu ?? []).sort((a, b) => a.order - b.order);
}
