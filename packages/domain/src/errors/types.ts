export interface ErrorSpec {
  status: number;
  zh: string;
  en: string;
}

export type Lang = 'zh-CN' | 'en';

/** A message parameter may itself need translating (e.g. the name of a thing). */
export type MessageParam = string | number | { zh: string; en: string };
