/**
 * A document as a list of layout blocks, independent of the output format: the PDF and DOCX renderers
 * both draw this model, so the two files of one document always say the same thing.
 */
export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; indent?: boolean; align?: 'left' | 'center' | 'right' }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'numbered'; items: string[] }
  | {
      kind: 'signatures';
      lines: {
        label: string;
        name: string;
        signedAt?: string | undefined;
        /** Key (SHA-256) of the handwritten signature image the renderer draws beside the name. */
        image?: string | undefined;
      }[];
    }
  /** `stamped`: the organisation's seal is affixed (drawn as the round red seal), not just named. */
  | { kind: 'seal'; org: string; date: string; note?: string | undefined; stamped?: boolean | undefined }
  | { kind: 'note'; text: string }
  | { kind: 'spacer' };

export interface DocModel {
  title: string;
  /** Shown under the title, right-aligned (the document number). */
  docNo: string;
  blocks: Block[];
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 12 → 十二, 20 → 二十, 35 → 三十五 (list numbering 一、二、三、 up to 99). */
export function chineseNumber(n: number): string {
  if (n < 10) return CN_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CN_DIGITS[tens]}十${ones ? CN_DIGITS[ones] : ''}`;
}

/** 2026-11-23 → 2026年11月23日 (dates in documents follow the Chinese form). */
export function chineseDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}
