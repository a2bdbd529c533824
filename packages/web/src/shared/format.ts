/**
 * Display formatting. Times are shown in Asia/Shanghai whatever the browser's zone (the API speaks ISO),
 * as `2026-11-23 14:05`; large counts use 万/亿 in Chinese; personal data is masked (DESIGN.md §3).
 */
import { maskIdNumber, maskPhone } from '@fengqiao/domain/identity/mask';
import { currentLanguage } from './i18n/language';

const TZ = 'Asia/Shanghai';

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(d: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of partsFormatter.formatToParts(d)) out[p.type] = p.value;
  return out;
}

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** `2026-11-23 14:05` in Beijing time; '—' for nothing. */
export function formatDateTime(
  value: string | number | Date | null | undefined,
  withSeconds = false,
): string {
  const d = toDate(value);
  if (!d) return '—';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

/**
 * Compact form for narrow table columns: `11-23 14:05` within the year of `now`, else `2025-11-23`
 * (Beijing time); pair it with the full `formatDateTime` in a tooltip.
 */
export function formatShortDateTime(
  value: string | number | Date | null | undefined,
  now: Date = new Date(),
): string {
  const d = toDate(value);
  if (!d) return '—';
  const p = parts(d);
  if (p.year !== parts(now).year) return `${p.year}-${p.month}-${p.day}`;
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `2026-11-23` in Beijing time. */
export function formatDate(value: string | number | Date | null | undefined): string {
  const d = toDate(value);
  if (!d) return '—';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The instant a Beijing wall-clock time `YYYY-MM-DD HH:mm[:ss]` denotes, as ISO (China has no DST). */
export function beijingToIso(wallClock: string): string {
  const [date, time = '00:00:00'] = wallClock.trim().split(/[ T]/);
  const t = time.length === 5 ? `${time}:00` : time;
  return new Date(`${date}T${t}+08:00`).toISOString();
}

/**
 * Counts: `1,234` below ten thousand; `76.59万` / `1.2亿` above in Chinese (the natural way to read
 * population figures); `765,883` in English.
 */
export function formatCount(n: number | null | undefined, lang = currentLanguage()): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  if (lang !== 'en') {
    const abs = Math.abs(n);
    if (abs >= 1e8) return `${trim(n / 1e8, 2)}亿`;
    if (abs >= 1e4) return `${trim(n / 1e4, 2)}万`;
  }
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN').format(n);
}

function trim(v: number, digits: number): string {
  return String(Number(v.toFixed(digits)));
}

/** Area in square metres → `12.35 km²` (`平方公里` in Chinese). */
export function formatArea(m2: number | null | undefined, lang = currentLanguage()): string {
  if (m2 === null || m2 === undefined) return '—';
  const km2 = m2 / 1e6;
  const v = km2 >= 100 ? trim(km2, 0) : km2 >= 1 ? trim(km2, 2) : trim(km2, 3);
  return lang === 'en' ? `${v} km²` : `${v} 平方公里`;
}

/** Masks an ID number for display unless it is already masked. */
export function displayIdNumber(value: string | null | undefined): string {
  if (!value) return '—';
  return value.includes('*') ? value : maskIdNumber(value);
}

/** Masks a phone number for display unless it is already masked. */
export function displayPhone(value: string | null | undefined): string {
  if (!value) return '—';
  return value.includes('*') ? value : maskPhone(value);
}
