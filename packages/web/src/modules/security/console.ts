import { Connection, Lightning, Lock, Monitor } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

const securityModule: ConsoleModule = {
  id: 'security',
  messages,
  groups: [{ id: 'security', title: 'security.group', icon: Lock, order: 85 }],
  menu: [
    {
      path: '/security/settings',
      title: 'security.settings.menu',
      description: 'security.settings.menuDesc',
      icon: Lightning,
      permission: 'security:manage',
      group: 'security',
      order: 851,
    },
    {
      path: '/security/sessions',
      title: 'security.sessions.menu',
      description: 'security.sessions.menuDesc',
      icon: Monitor,
      permission: 'security:manage',
      group: 'security',
      order: 852,
    },
    {
      path: '/security/locked',
      title: 'security.locked.menu',
      description: 'security.locked.menuDesc',
      icon: Connection,
      permission: 'security:manage',
      group: 'security',
      order: 853,
    },
  ],
  routes: [
    {
      path: 'security/settings',
      component: () => import('./SettingsPage.vue'),
      meta: { permission: 'security:manage', title: 'security.settings.title' },
    },
    {
      path: 'security/sessions',
      component: () => import('./SessionsPage.vue'),
      meta: { permission: 'security:manage', title: 'security.sessions.title' },
    },
    {
      path: 'security/locked',
      component: () => import('./LockedPage.vue'),
      meta: { permission: ['security:manage', 'user:unlock'], title: 'security.locked.title' },
    },
  ],
};

export default securityModule;
