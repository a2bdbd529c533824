/**
 * The one error catalogue. Codes are stable API: clients switch on them, so never rename one.
 * Each module keeps its codes in its own file here; this index merges them.
 * Messages take `{name}` placeholders filled from the error's params.
 */
import { CASES_ERRORS } from './cases';
import { COCKPIT_ERRORS } from './cockpit';
import { DOCUMENT_ERRORS } from './documents';
import { EVENT_ERRORS } from './events';
import { PLATFORM_ERRORS } from './platform';
import { REGISTRY_ERRORS } from './registry';
import { TERRITORY_ERRORS } from './territory';
import type { ErrorSpec, Lang, MessageParam } from './types';

export type { ErrorSpec, Lang, MessageParam } from './types';

export const ERRORS = {
  ...PLATFORM_ERRORS,
  ...TERRITORY_ERRORS,
  ...CASES_ERRORS,
  ...DOCUMENT_ERRORS,
  ...REGISTRY_ERRORS,
  ...EVENT_ERRORS,
  ...COCKPIT_ERRORS,
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

export function localizeParam(value: unknown, lang: Lang): string {
  if (value && typeof value === 'object' && 'zh' in value && 'en' in value) {
    const v = value as { zh: string; en: string };
    return lang === 'en' ? v.en : v.zh;
  }
  return String(value);
}

export function formatMessage(
  template: string,
  lang: Lang,
  params: Record<string, MessageParam> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) =>
    key in params ? localizeParam(params[key], lang) : m,
  );
}

export function errorMessage(code: ErrorCode, lang: Lang, params?: Record<string, MessageParam>): string {
  const spec: ErrorSpec = ERRORS[code];
  return formatMessage(lang === 'en' ? spec.en : spec.zh, lang, params);
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}
