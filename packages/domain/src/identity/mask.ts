/**
 * Masking for display. Lists show masked values by default (DESIGN.md §3 Personal information);
 * unmasking is a separate, audited server action.
 */

/** `350104199001011234` → `350104**********34`: keeps the region code and the last two (issue #6). */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 8) + id.slice(-2);
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length < 7) return '*'.repeat(digits.length);
  return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
}

/** `张三丰` → `张**`: names are shown in full only to those who handle the case. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
