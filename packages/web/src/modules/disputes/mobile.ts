import type { MobileModule } from '@/shared/modules/types';
import { messages } from './mobile-messages';

/** The resident's phone pages: apply for mediation, follow one's own applications. */
const m: MobileModule = {
  id: 'mdisputes',
  messages,
  routes: [
    {
      path: '/disputes/apply',
      component: () => import('./MobileApply.vue'),
      meta: { permission: 'dispute:report', title: 'mdisputes.apply' },
    },
    {
      path: '/disputes',
      component: () => import('./MobileMine.vue'),
      meta: { permission: 'dispute:report', title: 'mdisputes.mine' },
    },
    {
      path: '/disputes/:id(\\d+)',
      component: () => import('./MobileDetail.vue'),
      meta: { permission: 'dispute:report', title: 'mdisputes.mine' },
    },
  ],
  entries: [
    {
      to: '/disputes/apply',
      title: 'mdisputes.apply',
      icon: 'friends-o',
      color: '#07c160',
      permission: 'dispute:report',
      order: 40,
    },
    {
      to: '/disputes',
      title: 'mdisputes.mine',
      icon: 'records-o',
      color: '#1989fa',
      permission: 'dispute:report',
      order: 41,
    },
  ],
};

export default m;
