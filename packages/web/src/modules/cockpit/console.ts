import { DataBoard, Monitor } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** The cockpit: a console page and the full-screen wall at /cockpit (both lazy chunks). */
const cockpitModule: ConsoleModule = {
  id: 'cockpit',
  messages,
  groups: [{ id: 'cockpit', title: 'cockpit.menu', icon: DataBoard, order: 5 }],
  menu: [
    {
      path: '/cockpit/console',
      title: 'cockpit.menu',
      description: 'cockpit.menuDesc',
      icon: DataBoard,
      permission: 'cockpit:view',
      group: 'cockpit',
      order: 51,
    },
    {
      path: '/cockpit',
      title: 'cockpit.wallMenu',
      description: 'cockpit.wallMenuDesc',
      icon: Monitor,
      permission: 'cockpit:view',
      group: 'cockpit',
      order: 52,
    },
  ],
  routes: [
    {
      path: 'cockpit/console',
      component: () => import('./CockpitConsolePage.vue'),
      meta: { permission: 'cockpit:view', title: 'cockpit.title' },
    },
  ],
  standaloneRoutes: [
    {
      path: '/cockpit',
      name: 'cockpit-wall',
      component: () => import('./CockpitWall.vue'),
      meta: { permission: 'cockpit:view', title: 'cockpit.wallTitle' },
    },
  ],
};

export default cockpitModule;
