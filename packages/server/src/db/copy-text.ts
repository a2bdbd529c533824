// COPY text format, without any database import (used by the registry import's worker threads too).

/** One field in COPY text format: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : s;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Rows of values → COPY text (tab-separated fields, one line per row). */
export function copyText(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  let out = '';
  for (const r of rows) out += `${r.map(copyField).join('\t')}\n`;
  return out;
}
