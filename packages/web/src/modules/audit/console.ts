import { Document, View } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

const auditModule: ConsoleModule = {
  id: 'audit',
  messages,
  groups: [{ id: 'audit', title: 'audit.group', icon: View, order: 90 }],
  menu: [
    {
      path: '/audit/logs',
      title: 'audit.menu',
      description: 'audit.menuDesc',
      icon: Document,
      permission: 'audit:read',
      group: 'audit',
      order: 901,
    },
  ],
  routes: [
    {
      path: 'audit/logs',
      component: () => import('./AuditPage.vue'),
      meta: { permission: 'audit:read', title: 'audit.title' },
    },
  ],
};

export default auditModule;
