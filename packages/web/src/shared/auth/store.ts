import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { ApiError, api } from '../api/client';
import type { Me } from '../api/types';
import { allows, type Guard } from '../modules/types';

/** The signed-in user (`GET /api/v1/me`): who, which roles and permissions, which region scope. */
export const useAuthStore = defineStore('auth', () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  const permissions = computed(() => new Set<string>(me.value?.permissions ?? []));

  async function load(force = false): Promise<Me | null> {
    if (loaded.value && !force) return me.value;
    try {
      me.value = await api.get<Me>('/api/v1/me', undefined, { skipAuthRedirect: true });
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      me.value = null;
    }
    loaded.value = true;
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    const res = await api.post<{ user: Me }>(
      '/api/v1/auth/login',
      { username, password },
      { skipAuthRedirect: true },
    );
    me.value = res.user;
    loaded.value = true;
    return res.user;
  }

  async function logout(): Promise<void> {
    try {
      await api.post('/api/v1/auth/logout', undefined, { skipAuthRedirect: true });
    } catch {
      // a session that already expired is signed out all the same
    }
    clear();
  }

  function clear() {
    me.value = null;
    loaded.value = true;
  }

  function can(guard: Guard | undefined): boolean {
    return allows(permissions.value, guard);
  }

  return { me, loaded, permissions, load, login, logout, clear, can };
});
