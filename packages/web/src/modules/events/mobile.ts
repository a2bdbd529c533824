import type { MobileModule } from '@/shared/modules/types';
import { messages } from './messages';
import { queue } from './offline-queue';

/** 事件 on the phone: report (offline queue), my reports and checks, and the resident's public pages. */
const m: MobileModule = {
  id: 'events',
  messages,
  routes: [
    {
      path: '/events/report',
      component: () => import('./phone/ReportPage.vue'),
      meta: { permission: 'event:report', title: 'events.phone.report' },
    },
    {
      path: '/events/mine',
      component: () => import('./phone/MyReportsPage.vue'),
      meta: { permission: 'event:report', title: 'events.phone.myReports' },
    },
    {
      path: '/events/public',
      component: () => import('./phone/PublicReportPage.vue'),
      meta: { public: true, title: 'events.phone.publicReport' },
    },
    {
      path: '/events/track',
      component: () => import('./phone/TrackPage.vue'),
      meta: { public: true, title: 'events.phone.track' },
    },
  ],
  entries: [
    {
      to: '/events/report',
      title: 'events.phone.report',
      icon: 'photograph',
      color: '#1f6feb',
      permission: 'event:report',
      order: 10,
    },
    {
      to: '/events/mine',
      title: 'events.phone.myReports',
      icon: 'todo-list-o',
      color: '#0fa968',
      permission: 'event:report',
      order: 11,
      badge: async () => (await queue.list()).length || null,
    },
    { to: '/events/track', title: 'events.phone.track', icon: 'search', color: '#f08c00', order: 12 },
  ],
};

export default m;
