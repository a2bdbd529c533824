import { Avatar, DataBoard, House, Location, OfficeBuilding, Upload, User } from '@element-plus/icons-vue';
import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** 一标三实 (issue #6): people, houses, organisations, special populations, imports. */
const registryModule: ConsoleModule = {
  id: 'registry',
  messages,
  groups: [{ id: 'registry', title: 'registry.group', icon: DataBoard, order: 40 }],
  menu: [
    {
      path: '/registry/addresses',
      title: 'registry.addresses.menu',
      description: 'registry.addresses.menuDesc',
      icon: Location,
      permission: 'registry:read',
      group: 'registry',
      order: 400,
    },
    {
      path: '/registry/people',
      title: 'registry.people.menu',
      description: 'registry.people.menuDesc',
      icon: User,
      permission: 'registry:read',
      group: 'registry',
      order: 401,
    },
    {
      path: '/registry/houses',
      title: 'registry.houses.menu',
      description: 'registry.houses.menuDesc',
      icon: House,
      permission: 'registry:read',
      group: 'registry',
      order: 402,
    },
    {
      path: '/registry/orgs',
      title: 'registry.orgs.menu',
      description: 'registry.orgs.menuDesc',
      icon: OfficeBuilding,
      permission: 'registry:read',
      group: 'registry',
      order: 403,
    },
    {
      path: '/registry/special',
      title: 'registry.special.menu',
      description: 'registry.special.menuDesc',
      icon: Avatar,
      permission: 'specialGroup:read',
      group: 'registry',
      order: 404,
    },
    {
      path: '/registry/import',
      title: 'registry.import.menu',
      description: 'registry.import.menuDesc',
      icon: Upload,
      permission: 'registry:import',
      group: 'registry',
      order: 405,
    },
  ],
  routes: [
    {
      path: 'registry/addresses',
      component: () => import('./AddressesPage.vue'),
      meta: { permission: 'registry:read', title: 'registry.addresses.title' },
    },
    {
      path: 'registry/people',
      component: () => import('./PeoplePage.vue'),
      meta: { permission: 'registry:read', title: 'registry.people.title' },
    },
    {
      path: 'registry/houses',
      component: () => import('./HousesOrgsPage.vue'),
      meta: { permission: 'registry:read', title: 'registry.houses.title' },
    },
    {
      path: 'registry/orgs',
      component: () => import('./HousesOrgsPage.vue'),
      meta: { permission: 'registry:read', title: 'registry.orgs.title' },
    },
    {
      path: 'registry/special',
      component: () => import('./SpecialPage.vue'),
      meta: { permission: 'specialGroup:read', title: 'registry.special.title' },
    },
    {
      path: 'registry/import',
      component: () => import('./ImportPage.vue'),
      meta: { permission: 'registry:import', title: 'registry.import.title' },
    },
  ],
};

export default registryModule;
