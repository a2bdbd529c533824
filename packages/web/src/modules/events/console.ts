import { DataAnalysis, Guide, Memo } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** 事件 (issue #4): the dispatch workbench, the department inbox and the statistics page. */
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
  ],
};

export default eventsModule;
