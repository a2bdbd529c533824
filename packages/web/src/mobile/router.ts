import { createRouter, createWebHistory } from 'vue-router';
import { setUnauthorizedHandler } from '@/shared/api/client';
import { useAuthStore } from '@/shared/auth/store';
import type { AppI18n } from '@/shared/i18n';
import { mobileModules } from './modules';
import HomePage from './pages/HomePage.vue';
import LoginPage from './pages/LoginPage.vue';

export function createPhoneRouter(i18n: AppI18n) {
  const router = createRouter({
    history: createWebHistory('/m/'),
    routes: [
      {
        path: '/login',
        name: 'login',
        component: LoginPage,
        meta: { public: true, title: 'phone.login.title' },
      },
      { path: '/', name: 'home', component: HomePage },
      ...mobileModules.flatMap((m) => m.routes),
      { path: '/:pathMatch(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    const me = await auth.load().catch(() => null);
    if (to.meta.public) return to.name === 'login' && me ? { name: 'home' } : true;
    if (!me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    if (to.meta.permission && !auth.can(to.meta.permission)) return { name: 'home' };
    return true;
  });

  router.afterEach((to) => {
    const t = i18n.global.t;
    document.title = to.meta.title
      ? `${t(to.meta.title)} - ${t('common.appShort')}`
      : t('common.phoneAppName');
  });

  setUnauthorizedHandler(() => {
    useAuthStore().clear();
    const current = router.currentRoute.value;
    if (current.name !== 'login')
      void router.replace({ name: 'login', query: { redirect: current.fullPath, expired: '1' } });
  });
  return router;
}
