import { createI18n } from 'vue-i18n';
import type { ModuleMessages } from '../modules/types';
import { common } from './common';
import { currentLanguage, type Language, persistLanguage } from './language';

export type { Language } from './language';
export { currentLanguage, LANGUAGES } from './language';

type Tree = { [key: string]: string | Tree };

/**
 * One vue-i18n instance per app. Each module brings its own messages (one file per module) and they are
 * mounted under the module's id: `t('users.title')`. Shared words live under `common`.
 */
export function createAppI18n(modules: { id: string; messages: ModuleMessages }[]) {
  const zh: Tree = { common: common['zh-CN'] };
  const en: Tree = { common: common.en };
  for (const m of modules) {
    zh[m.id] = m.messages['zh-CN'];
    en[m.id] = m.messages.en;
  }
  const lang = currentLanguage();
  persistLanguage(lang);
  return createI18n({
    legacy: false,
    locale: lang,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zh, en },
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** Switch the language everywhere: messages, the server's error language, component locales. */
export function setLanguage(i18n: AppI18n, lang: Language): void {
  persistLanguage(lang);
  i18n.global.locale.value = lang;
}

/** Pick the text of a `{ zh, en }` pair for the current language. */
export function pick(label: { zh: string; en: string } | undefined, lang: string): string {
  if (!label) return '';
  return lang === 'en' ? label.en : label.zh;
}
