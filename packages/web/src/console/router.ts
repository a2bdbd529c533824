import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { setUnauthorizedHandler } from '@/shared/api/client';
import { useAuthStore } from '@/shared/auth/store';
import type { AppI18n } from '@/shared/i18n';
import { useRegionStore } from '@/shared/region/store';
import ConsoleLayout from './layout/ConsoleLayout.vue';
import { consoleModules } from './modules';
import HomePage from './pages/HomePage.vue';
import LoginPage from './pages/LoginPage.vue';

export function createConsoleRouter(i18n: AppI18n) {
  const routes: RouteRecordRaw[] = [
    {
      path: '/login',
      name: 'login',
      component: LoginPage,
      meta: { public: true, title: 'console.login.title' },
    },
    ...consoleModules.flatMap((m) => m.standaloneRoutes ?? []),
    {
      path: '/',
      component: ConsoleLayout,
      children: [
        { path: '', name: 'home', component: HomePage, meta: { title: 'console.layout.home' } },
        ...consoleModules.flatMap((m) => m.routes),
        {
          path: 'forbidden',
          name: 'forbidden',
          component: () => import('./pages/StatusPage.vue'),
          props: { kind: 'forbidden' },
          meta: { title: 'console.errors.forbiddenTitle' },
        },
        {
          path: ':pathMatch(.*)*',
          name: 'not-found',
          component: () => import('./pages/StatusPage.vue'),
          props: { kind: 'notFound' },
          meta: { title: 'console.errors.notFoundTitle' },
        },
      ],
    },
  ];
  const router = createRouter({ history: createWebHistory('/'), routes });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    const me = await auth.load().catch(() => null);
    if (to.meta.public) return to.name === 'login' && me ? { name: 'home' } : true;
    if (!me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    const region = useRegionStore();
    if (!region.scope) region.init(me);
    if (to.meta.permission && !auth.can(to.meta.permission))
      return { name: 'forbidden', query: { from: to.fullPath } };
    return true;
  });

  router.afterEach((to) => {
    const t = i18n.global.t;
    const title = to.meta.title ? t(to.meta.title) : '';
    document.title = title ? `${title} - ${t('common.appShort')}` : t('common.appName');
  });

  setUnauthorizedHandler(() => {
    useAuthStore().clear();
    useRegionStore().reset();
    const current = router.currentRoute.value;
    if (current.name !== 'login')
      void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
  });

  return router;
}
