import type { MobileModule } from '@/shared/modules/types';
import { registryApi } from './api';
import { messages } from './messages';

/** Grid worker's phone: special-population visits due and overdue, and the visit form (GPS, photos). */
const m: MobileModule = {
  id: 'registry',
  messages,
  routes: [
    {
      path: '/visits',
      component: () => import('./VisitsPage.vue'),
      meta: { permission: 'specialGroup:visit', title: 'registry.m.title' },
    },
    {
      path: '/visit/:id',
      component: () => import('./VisitForm.vue'),
      meta: { permission: 'specialGroup:visit', title: 'registry.m.form' },
    },
  ],
  entries: [
    {
      to: '/visits',
      title: 'registry.m.title',
      icon: 'friends-o',
      color: '#e6a23c',
      permission: 'specialGroup:visit',
      order: 30,
      badge: async () => {
        const r = await registryApi.special({});
        return r.counts.overdue + r.counts.due || null;
      },
    },
  ],
};

export default m;
