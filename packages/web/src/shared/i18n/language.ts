/**
 * The chosen language: zh-CN by default, English on request. Kept in localStorage and in the `fq_lang`
 * cookie, which the server reads (with Accept-Language) to answer errors in the same language.
 */
export type Language = 'zh-CN' | 'en';
export const LANGUAGES: { value: Language; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];

const KEY = 'fq_lang';
let current: Language = initial();

function initial(): Language {
  try {
    const stored = localStorage.getItem(KEY);
    if (stored === 'en' || stored === 'zh-CN') return stored;
  } catch {
    // storage may be unavailable (private mode); the cookie still works
  }
  const m = /(?:^|;\s*)fq_lang=([^;]+)/.exec(document.cookie);
  return m?.[1] === 'en' ? 'en' : 'zh-CN';
}

export function currentLanguage(): Language {
  return current;
}

export function persistLanguage(lang: Language): void {
  current = lang;
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // ignore: the cookie below is enough for the server
  }
  // biome-ignore lint/suspicious/noDocumentCookie: the server reads this cookie; Cookie Store API is not everywhere yet
  document.cookie = `${KEY}=${lang}; path=/; max-age=31536000; samesite=lax`;
  document.documentElement.lang = lang;
}
