/**
 * 统一社会信用代码 (GB 32100-2015). Layout, character set and weights: reference/cn_governance.md §6.2.
 * §6.2 warns that rare legacy codes fail the checksum, so callers warn rather than reject.
 */
import { toHalfWidth } from './id-number';

// §6.2: 31 characters, no I O S V Z, valued 0–30.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// §6.2: weights 3^(i−1) mod 31.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
// §6.2: the embedded 组织机构代码 (GB 11714) on positions 9–16.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

export type CreditCodeProblem = 'format' | 'checkDigit' | 'orgCodeCheck';

export type CreditCodeResult =
  | { ok: true; value: string; regionCode: string; department: string; kind: string }
  | { ok: false; value: string; problem: CreditCodeProblem };

export function creditCodeCheckChar(body17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CHARS.indexOf(body17[i]!) * WEIGHTS[i]!;
  const c = 31 - (s % 31);
  return CHARS[c === 31 ? 0 : c]!;
}

function orgCodeCheckChar(first8: string): string {
  let s = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i]!;
    const v = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55; // A=10…Z=35
    s += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (s % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function parseCreditCode(raw: string): CreditCodeResult {
  const value = toHalfWidth(raw).trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(value)) {
    return { ok: false, value, problem: 'format' };
  }
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17])
    return { ok: false, value, problem: 'checkDigit' };
  if (orgCodeCheckChar(value.slice(8, 16)) !== value[16])
    return { ok: false, value, problem: 'orgCodeCheck' };
  return { ok: true, value, regionCode: value.slice(2, 8), department: value[0]!, kind: value.slice(0, 2) };
}

export function isValidCreditCode(raw: string): boolean {
  return parseCreditCode(raw).ok;
}

/** Builds a valid code (synthetic data): `prefix` is positions 1–8, `org8` positions 9–16 (digits/letters). */
export function makeCreditCode(prefix8: string, org8: string): string {
  const body = `${prefix8}${org8}${orgCodeCheckChar(org8)}`;
  return body + creditCodeCheckChar(body);
}
