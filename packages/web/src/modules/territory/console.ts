import { Location, MapLocation, OfficeBuilding, Upload, UserFilled } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** Everyone with `region:read` may browse; writing needs `region:write` / `department:write` / `post:write`. */
const territoryModule: ConsoleModule = {
  id: 'territory',
  messages,
  groups: [{ id: 'territory', title: 'territory.group', icon: MapLocation, order: 70 }],
  menu: [
    {
      path: '/territory/regions',
      title: 'territory.regions.menu',
      description: 'territory.regions.menuDesc',
      icon: Location,
      permission: 'region:read',
      group: 'territory',
      order: 701,
    },
    {
      path: '/territory/departments',
      title: 'territory.departments.menu',
      description: 'territory.departments.menuDesc',
      icon: OfficeBuilding,
      permission: 'region:read',
      group: 'territory',
      order: 702,
    },
    {
      path: '/territory/posts',
      title: 'territory.posts.menu',
      description: 'territory.posts.menuDesc',
      icon: UserFilled,
      permission: 'region:read',
      group: 'territory',
      order: 703,
    },
    {
      path: '/territory/import',
      title: 'territory.import.menu',
      description: 'territory.import.menuDesc',
      icon: Upload,
      permission: 'region:write',
      group: 'territory',
      order: 704,
    },
  ],
  routes: [
    {
      path: 'territory/regions',
      component: () => import('./RegionsPage.vue'),
      meta: { permission: 'region:read', title: 'territory.regions.title' },
    },
    {
      path: 'territory/departments',
      component: () => import('./DepartmentsPage.vue'),
      meta: { permission: 'region:read', title: 'territory.departments.title' },
    },
    {
      path: 'territory/posts',
      component: () => import('./PostsPage.vue'),
      meta: { permission: 'region:read', title: 'territory.posts.title' },
    },
    {
      path: 'territory/import',
      component: () => import('./ImportPage.vue'),
      meta: { permission: 'region:write', title: 'territory.import.title' },
    },
  ],
};

export default territoryModule;
