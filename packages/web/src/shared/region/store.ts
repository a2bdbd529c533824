import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Me } from '../api/types';

export interface SelectedRegion {
  id: number;
  name: string;
  level: string;
}

/**
 * The region the user is working on, chosen in the console header. It starts at the user's scope;
 * list pages filter by `regionId` and watch it. Kept per tab (sessionStorage) across reloads.
 */
export const useRegionStore = defineStore('region', () => {
  const selected = ref<SelectedRegion | null>(null);
  const scope = ref<SelectedRegion | null>(null);
  let storageKey = '';

  function init(me: Me) {
    scope.value = me.scope ? { id: me.scope.regionId, name: me.scope.name, level: me.scope.level } : null;
    storageKey = `fq_region:${me.id}`;
    let restored: SelectedRegion | null = null;
    try {
      const raw = sessionStorage.getItem(storageKey);
      if (raw) restored = JSON.parse(raw) as SelectedRegion;
    } catch {
      restored = null;
    }
    selected.value = restored ?? scope.value;
  }

  function select(region: SelectedRegion | null) {
    selected.value = region ?? scope.value;
    try {
      if (storageKey) sessionStorage.setItem(storageKey, JSON.stringify(selected.value));
    } catch {
      // not kept across reloads then; harmless
    }
  }

  function reset() {
    selected.value = null;
    scope.value = null;
  }

  return { selected, scope, init, select, reset };
});
