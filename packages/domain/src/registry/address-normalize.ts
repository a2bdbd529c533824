/**
 * Address text normalisation for matching (issue #6, 一标三实; reference/cn_governance.md §2.2).
 * People type the same door in many ways: `东湖路１２号３幢二单元三〇一`, `东湖路12号3#2-301`,
 * `东湖路十二号3号楼2单元301室`. All of them normalise to `东湖路12号3栋2单元301室`.
 * The rules only touch numbers next to an address marker, so road names such as 五一路 keep their numerals.
 */

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_NUMERAL = '[零〇一二两三四五六七八九十百千]';

/**
 * Chinese numerals to an integer: positional (`一百零一` 101, `十二` 12, `二十` 20) or digit by digit
 * (`三〇一` 301, `一零一` 101). Returns null for anything else.
 */
export function chineseToInt(text: string): number | null {
  if (!text || !new RegExp(`^${CN_NUMERAL}+$`).test(text)) return null;
  if (![...text].some((c) => c in CN_UNITS)) {
    return Number([...text].map((c) => CN_DIGITS[c]).join(''));
  }
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Number.POSITIVE_INFINITY;
  for (const c of text) {
    if (c in CN_DIGITS) {
      // 零 only marks a gap (一百零一); two non-zero digits in a row are not a positional number.
      if (digit !== null && digit !== 0 && CN_DIGITS[c] !== 0) return null;
      digit = CN_DIGITS[c]!;
    } else {
      const unit = CN_UNITS[c]!;
      if (unit >= lastUnit) return null; // 十百 / 百百: not a number
      total += (digit ?? 1) * unit; // 十二: a bare 十 counts one ten
      digit = null;
      lastUnit = unit;
    }
  }
  return total + (digit ?? 0);
}

/** An integer 0–9999 in positional Chinese numerals (`101` → `一百零一`); the inverse of chineseToInt. */
export function intToChinese(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError('0–9999 only');
  if (n === 0) return '零';
  const names = '零一二三四五六七八九';
  const units = ['千', '百', '十', ''] as const;
  const digits = String(n).padStart(4, '0').split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    if (d === 0) {
      if (out) zero = true;
      return;
    }
    if (zero) out += '零';
    zero = false;
    const unit = units[i] ?? '';
    out += (d === 1 && unit === '十' && !out ? '' : (names[d] ?? '')) + unit;
  });
  return out;
}

/** Markers after which a number is an address number (doorplate, building, unit, floor, room…). */
const MARKERS = '号楼|号院|号|栋|幢|座|单元|室|层|楼|弄|组|户';

// Administrative words people abbreviate or spell out; both sides of a match use the short form.
const ABBREVIATIONS: [RegExp, string][] = [
  [/街道办事处/g, '街道'],
  [/社区居民委员会|社区居委会/g, '社区'],
  [/居民委员会|居委会/g, '社区'],
  [/村民委员会|村委会/g, '村'],
  [/村民小组/g, '组'],
  [/号院/g, '号'],
  [/NO\.?(?=\d)/g, ''],
];

/**
 * Normalises an address for storage and matching: full-width → half-width (NFKC), no spaces or
 * punctuation noise, Chinese numerals before markers → Arabic, 幢/座/号楼/# → 栋, 单 → 单元, 房 → 室,
 * `3-2-301` → `3栋2单元301室`, province and city prefixes dropped, common abbreviations unified.
 * Idempotent: normalising twice gives the same text.
 */
export function normalizeAddress(input: string): string {
  let s = input.normalize('NFKC').toUpperCase();
  s = s.replace(/[\s\u3000,，。;；、"'“”‘’]/g, '');
  s = s.replace(/[－—–‐−~～]/g, '-').replace(/之/g, '-');
  s = s.replace(/[（(【[]/g, '(').replace(/[）)】\]]/g, ')');
  s = s.replace(/^中国/, '');
  s = s.replace(/^[^省]{2,8}?(省|自治区)/, '').replace(/^[^市区县]{2,8}?市(?!场)/, '');
  for (const [re, to] of ABBREVIATIONS) s = s.replace(re, to);
  // Chinese numerals directly before a marker become Arabic: 十二号 → 12号, 三〇一室 → 301室.
  s = s.replace(new RegExp(`(${CN_NUMERAL}+)(?=${MARKERS})`, 'g'), (m) => {
    const n = chineseToInt(m);
    return n === null ? m : String(n);
  });
  // A trailing Chinese number after a unit or building is the room: 二单元三〇一 → 2单元301.
  s = s.replace(new RegExp(`(单元|栋)(${CN_NUMERAL}+)$`), (m, marker: string, num: string) => {
    const n = chineseToInt(num);
    return n === null ? m : `${marker}${n}`;
  });
  // Building forms: 3号楼 / 3幢 / 3座 / A座 / 3# → 3栋 (a lone 3楼 stays: it usually means the third floor).
  s = s.replace(/([A-Z\d]+)(号楼|幢|座|#楼?)/g, '$1栋');
  s = s.replace(/(\d+)单(?!元)/g, '$1单元');
  s = s.replace(/([A-Z\d]+)(房|户)(?![^\d]*\d)/g, '$1室');
  // Shorthand after a building or doorplate: 3-2-301 → 3栋2单元301室; 栋2-301 → 栋2单元301室.
  s = s.replace(/(号)?(\d+)-(\d+)-(\d+)室?$/, '$1$2栋$3单元$4室');
  s = s.replace(/栋(\d+)-(\d+)(室)?$/, '栋$1单元$2室');
  // A bare trailing number after a unit or building is the room: 2单元301 → 2单元301室.
  s = s.replace(/(单元|栋)([A-Z]?\d+)$/, '$1$2室');
  return s;
}

/** Full-width form of ASCII text (used by the tests and the data generator to imitate office files). */
export function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');
}

const KIND_MARKERS: Record<string, string> = { doorplate: '号', building: '栋', unit: '单元', room: '室' };

/**
 * The name of one tree element in its standard form: a bare number gets its kind's marker
 * (`三〇一` as a room → `301室`, `3` as a building → `3栋`), anything else is normalised as is.
 */
export function elementName(kind: string, name: string): string {
  const marker = KIND_MARKERS[kind];
  const plain = name.normalize('NFKC').trim().toUpperCase();
  if (marker) {
    const cn = chineseToInt(plain);
    if (cn !== null) return `${cn}${marker}`;
    if (/^[A-Z]?\d+(-\d+)?$|^[A-Z]$/.test(plain)) return `${plain}${marker}`;
  }
  return normalizeAddress(name);
}
