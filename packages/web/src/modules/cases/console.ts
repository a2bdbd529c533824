import { Calendar, ChatDotRound, Tickets } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';
import NotificationBell from './NotificationBell.vue';

/**
 * The case engine's pages: the notification bell in the header, the generic case page (notifications
 * link to it), the job queue and the working calendar (system administration). The reusable pieces for
 * kind-specific pages live in `./components` (CaseTimeline, CaseActions, AttachmentUpload, AttachmentList).
 */
const casesModule: ConsoleModule = {
  id: 'cases',
  messages,
  menu: [
    {
      path: '/system/calendar',
      title: 'cases.calendar.menu',
      description: 'cases.calendar.menuDesc',
      icon: Calendar,
      permission: 'settings:write',
      group: 'system',
      order: 850,
    },
    {
      path: '/system/subscriptions',
      title: 'cases.subs.menu',
      description: 'cases.subs.menuDesc',
      icon: ChatDotRound,
      permission: 'settings:write',
      group: 'system',
      order: 855,
    },
    {
      path: '/system/jobs',
      title: 'cases.jobs.menu',
      description: 'cases.jobs.menuDesc',
      icon: Tickets,
      permission: 'jobs:manage',
      group: 'system',
      order: 860,
    },
  ],
  routes: [
    {
      path: 'system/subscriptions',
      component: () => import('./SubscriptionsPage.vue'),
      meta: { permission: 'settings:write', title: 'cases.subs.title' },
    },
    {
      path: 'system/calendar',
      component: () => import('./CalendarPage.vue'),
      meta: { title: 'cases.calendar.title' },
    },
    {
      path: 'system/jobs',
      component: () => import('./JobsPage.vue'),
      meta: { permission: 'jobs:manage', title: 'cases.jobs.title' },
    },
    {
      path: 'cases/:kind/:id',
      component: () => import('./CasePage.vue'),
      meta: { title: 'cases.case.title' },
    },
  ],
  headerItems: [{ component: NotificationBell, order: 10 }],
};

export default casesModule;
