import {
  DataAnalysis,
  Document,
  Finished,
  OfficeBuilding,
  Search,
  Stamp,
  User,
} from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** 矛盾纠纷多元化解 (issue #5): registry, screening, mediator workbench, judge's queue, statistics. */
const m: ConsoleModule = {
  id: 'disputes',
  messages,
  groups: [{ id: 'disputes', title: 'disputes.group', icon: Finished, order: 300 }],
  menu: [
    {
      path: '/disputes',
      title: 'disputes.registry.menu',
      description: 'disputes.registry.menuDesc',
      icon: Document,
      permission: 'dispute:read',
      group: 'disputes',
      order: 301,
    },
    {
      path: '/disputes/screening',
      title: 'disputes.screening.menu',
      description: 'disputes.screening.menuDesc',
      icon: Search,
      permission: ['dispute:manage', 'dispute:read'],
      group: 'disputes',
      order: 302,
    },
    {
      path: '/disputes/workbench',
      title: 'disputes.workbench.menu',
      description: 'disputes.workbench.menuDesc',
      icon: User,
      permission: 'dispute:mediate',
      group: 'disputes',
      order: 303,
    },
    {
      path: '/disputes/confirmations',
      title: 'disputes.confirmations.menu',
      description: 'disputes.confirmations.menuDesc',
      icon: Stamp,
      permission: 'dispute:confirm',
      group: 'disputes',
      order: 304,
    },
    {
      path: '/disputes/stats',
      title: 'disputes.stats.menu',
      description: 'disputes.stats.menuDesc',
      icon: DataAnalysis,
      permission: ['dispute:read', 'cockpit:view'],
      group: 'disputes',
      order: 305,
    },
    {
      path: '/disputes/network',
      title: 'disputes.network.menu',
      description: 'disputes.network.menuDesc',
      icon: OfficeBuilding,
      permission: 'mediation:admin',
      group: 'disputes',
      order: 306,
    },
  ],
  routes: [
    {
      path: 'disputes',
      component: () => import('./RegistryPage.vue'),
      meta: { permission: 'dispute:read', title: 'disputes.registry.title' },
    },
    {
      path: 'disputes/screening',
      component: () => import('./ScreeningPage.vue'),
      meta: { permission: ['dispute:manage', 'dispute:read'], title: 'disputes.screening.title' },
    },
    {
      path: 'disputes/workbench',
      component: () => import('./WorkbenchPage.vue'),
      meta: { permission: 'dispute:mediate', title: 'disputes.workbench.title' },
    },
    {
      path: 'disputes/confirmations',
      component: () => import('./ConfirmationsPage.vue'),
      meta: { permission: 'dispute:confirm', title: 'disputes.confirmations.title' },
    },
    {
      path: 'disputes/stats',
      component: () => import('./StatsPage.vue'),
      meta: { permission: ['dispute:read', 'cockpit:view'], title: 'disputes.stats.title' },
    },
    {
      path: 'disputes/network',
      component: () => import('./NetworkPage.vue'),
      meta: { permission: 'mediation:admin', title: 'disputes.network.title' },
    },
    {
      path: 'disputes/:id(\\d+)',
      component: () => import('./DetailPage.vue'),
      meta: { permission: 'dispute:read', title: 'disputes.registry.title' },
    },
  ],
};

export default m;
