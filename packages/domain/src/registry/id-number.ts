/**
 * 居民身份证号 (GB 11643-1999, check character by ISO 7064 MOD 11-2).
 * Layout and weights: reference/cn_governance.md §6.1.
 */

// §6.1: Wi = 2^(i−1) mod 11 for digits 1–17.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// §6.1: Y = S mod 11 maps to this check character.
const CHECK = '10X98765432';

/** Province-level prefixes (GB/T 2260 digits 1–2) in use, plus 71 台湾, 81/82 港澳, 83 (港澳台居住证), 91 外国人. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82, 83, 91,
]);

export type IdNumberProblem = 'format' | 'province' | 'birthDate' | 'checkDigit';

export interface IdNumberInfo {
  /** Normalised 18-character form (upper-case X). */
  value: string;
  /** GB/T 2260 county code of the registered residence. */
  regionCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'male' | 'female';
}

export type IdNumberResult = { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem };

/** The check character for the first 17 digits. */
export function idNumberCheckChar(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += (body17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[s % 11]!;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Parses and validates an 18-digit ID number (full-width digits and a lower-case x are accepted and normalised).
 * `today` bounds the birth date (no one born in the future, none older than 150 years).
 */
export function parseIdNumber(raw: string, today: Date = new Date()): IdNumberResult {
  const value = toHalfWidth(raw).trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return { ok: false, problem: 'province' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = Date.UTC(y, m - 1, d);
  if (!validDate(y, m, d) || birth > today.getTime() || today.getUTCFullYear() - y > 150) {
    return { ok: false, problem: 'birthDate' };
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checkDigit' };
  return {
    ok: true,
    info: {
      value,
      regionCode: value.slice(0, 6),
      birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
      // §6.1: 顺序码 odd = male, even = female.
      sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

export function isValidIdNumber(raw: string, today?: Date): boolean {
  return parseIdNumber(raw, today).ok;
}

/** §6.1 15 → 18: insert "19" before the date and append the check character. */
export function upgradeIdNumber15(raw: string): string | null {
  const v = toHalfWidth(raw).trim();
  if (!/^\d{15}$/.test(v)) return null;
  const body = `${v.slice(0, 6)}19${v.slice(6)}`;
  return body + idNumberCheckChar(body);
}

/** Builds a valid ID number from its parts (test data, synthetic loaders). `seq` is 0–999. */
export function makeIdNumber(regionCode: string, birthDate: string, seq: number): string {
  const body = `${regionCode}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return body + idNumberCheckChar(body);
}

/** Full-width digits and letters (as typed by Chinese IMEs) to ASCII. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}
