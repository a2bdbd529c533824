import { Collection, DataAnalysis, Guide, Memo, Share } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** 事件 (issue #4): the dispatch workbench, the department inbox, statistics, and the admin's catalogue and rules. */
const eventsModule: ConsoleModule = {
  id: 'events',
  messages,
  groups: [{ id: 'events', title: 'events.group', icon: Guide, order: 100 }],
  menu: [
    {
      path: '/events/workbench',
      title: 'events.workbench.menu',
      description: 'events.workbench.menuDesc',
      icon: Guide,
      permission: ['event:intake', 'event:dispatch'],
      group: 'events',
      order: 101,
    },
    {
      path: '/events/inbox',
      title: 'events.inbox.menu',
      description: 'events.inbox.menuDesc',
      icon: Memo,
      permission: 'event:handle',
      group: 'events',
      order: 102,
    },
    {
      path: '/events/stats',
      title: 'events.stats.menu',
      description: 'events.stats.menuDesc',
      icon: DataAnalysis,
      permission: ['event:read', 'cockpit:view'],
      group: 'events',
      order: 103,
    },
    {
      path: '/events/catalogue',
      title: 'events.catalogue.menu',
      description: 'events.catalogue.menuDesc',
      icon: Collection,
      permission: 'settings:write',
      group: 'events',
      order: 104,
    },
    {
      path: '/events/rules',
      title: 'events.rules.menu',
      description: 'events.rules.menuDesc',
      icon: Share,
      permission: 'settings:write',
      group: 'events',
      order: 105,
    },
  ],
  routes: [
    {
      path: 'events/workbench',
      component: () => import('./WorkbenchPage.vue'),
      meta: { permission: ['event:intake', 'event:dispatch'], title: 'events.workbench.title' },
    },
    {
      path: 'events/inbox',
      component: () => import('./InboxPage.vue'),
      meta: { permission: 'event:handle', title: 'events.inbox.title' },
    },
    {
      path: 'events/stats',
      component: () => import('./StatsPage.vue'),
      meta: { permission: ['event:read', 'cockpit:view'], title: 'events.stats.title' },
    },
    {
      path: 'events/catalogue',
      component: () => import('./CataloguePage.vue'),
      meta: { permission: 'settings:write', title: 'events.catalogue.title' },
    },
    {
      path: 'events/rules',
      component: () => import('./RulesPage.vue'),
      meta: { permission: 'settings:write', title: 'events.rules.title' },
    },
  ],
};

export default eventsModule;
