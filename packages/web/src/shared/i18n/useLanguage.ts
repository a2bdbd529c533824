import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { type Language, persistLanguage } from './language';

/** Read and switch the app language from a component (messages, server errors, component locales). */
export function useLanguage() {
  const { locale } = useI18n({ useScope: 'global' });
  const lang = computed(() => locale.value as Language);
  function set(next: Language) {
    persistLanguage(next);
    locale.value = next;
  }
  function toggle() {
    set(lang.value === 'en' ? 'zh-CN' : 'en');
  }
  return { lang, set, toggle };
}
