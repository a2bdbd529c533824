import { Setting, User } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

const usersModule: ConsoleModule = {
  id: 'users',
  messages,
  groups: [{ id: 'system', title: 'users.group', icon: Setting, order: 80 }],
  menu: [
    {
      path: '/system/users',
      title: 'users.menu',
      description: 'users.menuDesc',
      icon: User,
      // Same rule as GET /api/v1/users: the security administrator may look (and unlock) too.
      permission: ['user:manage', 'user:read'],
      group: 'system',
      order: 810,
    },
  ],
  routes: [
    {
      path: 'system/users',
      name: 'users',
      component: () => import('./UsersPage.vue'),
      meta: { permission: ['user:manage', 'user:read'], title: 'users.title' },
    },
  ],
};

export default usersModule;
