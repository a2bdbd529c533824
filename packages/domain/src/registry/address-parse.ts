import { normalizeAddress } from './address-normalize';

/**
 * Address elements after GA/T 2000.32-2014 (reference/cn_governance.md §2.2): 10 省市县(区), 20 乡镇(街道),
 * 30 社区/村, 40 街路巷(41) and 小区(42), then the door (门牌), building (楼栋), unit (单元), floor and room (户室).
 * The classes below 40 are not in the reference; we name them and do not invent codes for them.
 */
export interface AddressElements {
  province?: string;
  city?: string;
  district?: string;
  town?: string;
  community?: string;
  /** 41 街路巷 */
  road?: string;
  /** 门牌号, e.g. `12号`, `12-3号` */
  doorplate?: string;
  /** 42 小区 (or a named building complex) */
  compound?: string;
  building?: string;
  unit?: string;
  floor?: string;
  room?: string;
  /** What did not fit any element (kept so nothing typed is lost). */
  rest?: string;
}

export const ADDRESS_ELEMENT_KEYS = [
  'province',
  'city',
  'district',
  'town',
  'community',
  'road',
  'doorplate',
  'compound',
  'building',
  'unit',
  'floor',
  'room',
] as const satisfies readonly (keyof AddressElements)[];

/** GA/T 2000.32 element type codes where the reference names them (41 街路巷, 42 小区); others null. */
export const GAT_ELEMENT_CODES: Partial<Record<keyof AddressElements, string>> = {
  province: '11',
  city: '12',
  district: '13',
  town: '20',
  community: '30',
  road: '41',
  compound: '42',
};

// Each step takes the longest sensible prefix; order follows the address from large to small.
const STEPS: [keyof AddressElements, RegExp][] = [
  ['province', /^([^省]{2,7}?(省|自治区))/],
  ['city', /^([^市]{2,7}?市)(?!场)/],
  ['district', /^([^区县旗]{1,6}?(区|县|旗))(?![内域间])/],
  ['town', /^([^街道镇乡]{1,8}?(街道|镇|乡))/],
  ['community', /^([^社村]{1,8}?(社区|村)(?![路街道巷]))/],
  ['road', /^([^路街道巷弄]{1,10}?(大道|路|街|巷|弄))(?!道)/],
  ['doorplate', /^(\d+(-\d+)?号)/],
  ['compound', /^(.{1,12}?(小区|花园|公寓|大厦|家园|新村|广场|苑|园|城|府|里))(?=\d|[A-Z]|$)/],
  ['building', /^([A-Z\d]+栋)/],
  ['unit', /^(\d+单元)/],
  ['floor', /^(\d+(层|楼))(?!$)/],
  ['room', /^([A-Z]?\d+室)/],
];

/**
 * Splits an address into elements. The text is normalised first, so `三号楼二单元301` parses like
 * `3栋2单元301室`. Elements that are absent are left out.
 */
export function parseAddress(input: string): AddressElements {
  let s = normalizeAddress(input);
  const out: AddressElements = {};
  for (const [key, re] of STEPS) {
    // A small-to-large order is never right: once a road is found, no district or town follows.
    const m = re.exec(s);
    if (m) {
      out[key] = m[1]!;
      s = s.slice(m[1]!.length);
    }
  }
  if (s) out.rest = s;
  return out;
}

/** The number in an element (`3栋` → '3', `A栋` → 'A', `301室` → '301'), for comparing numbered parts. */
export function elementNumber(value: string | undefined): string | null {
  if (!value) return null;
  const m = /^([A-Z]?\d+(?:-\d+)?|[A-Z])/.exec(value);
  return m ? m[1]! : null;
}

/**
 * Ranks a candidate standard address against a query. `similarity` is the trigram word similarity the
 * database computed (0–1). Numbered elements decide: the same building/unit/room adds confidence, a
 * different one takes it away (东湖路12号3栋 must not win for 东湖路12号5栋 because the text is close).
 */
export function addressMatchScore(query: AddressElements, candidate: AddressElements, similarity: number) {
  let score = similarity;
  for (const key of ['doorplate', 'building', 'unit', 'room'] as const) {
    const q = elementNumber(query[key]);
    const c = elementNumber(candidate[key]);
    if (q === null) {
      // The query stops here; a deeper candidate is a little less exact than one that stops here too.
      if (c !== null) score -= 0.02;
      continue;
    }
    if (c === null) score -= 0.1;
    else if (q === c) score += 0.15;
    else score -= 0.4;
  }
  for (const key of ['road', 'compound'] as const) {
    if (query[key] && candidate[key] && query[key] === candidate[key]) score += 0.1;
  }
  return Math.round(score * 1000) / 1000;
}
