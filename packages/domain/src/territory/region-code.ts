/**
 * Region codes for the five territory levels (DESIGN.md §2.1, reference/cn_governance.md §6.3, §1.4):
 *   district  6 digits  GB/T 2260 county-level code
 *   town     +3 digits  GB/T 10114 (001–099 街道, 100–199 镇, 200–399 乡, 400–599 政企合一)
 *   community+3 digits  统计用区划代码 village level (001–199 居委会, 200–399 村委会, 400–599 special)
 *   grid     +W digits  网格顺序码; W is configurable (Beijing DB11 uses 3 → 15 digits; CJ/T 213 is said to use 2)
 *   microGrid+2 digits  微网格 suffix
 * The ltree path of a region is the chain of full codes from the district down, e.g.
 * `350199.350199001.350199001001.350199001001001`.
 */
export const REGION_LEVELS = ['district', 'town', 'community', 'grid', 'microGrid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  district: { zh: '区县', en: 'District' },
  town: { zh: '街镇', en: 'Town/Street' },
  community: { zh: '村社', en: 'Community/Village' },
  grid: { zh: '网格', en: 'Grid' },
  microGrid: { zh: '微网格', en: 'Micro-grid' },
};

export const DEFAULT_GRID_CODE_WIDTH = 3;
const MICRO_GRID_WIDTH = 2;

export function levelIndex(level: RegionLevel): number {
  return REGION_LEVELS.indexOf(level);
}

export function childLevel(level: RegionLevel): RegionLevel | null {
  return REGION_LEVELS[levelIndex(level) + 1] ?? null;
}

export function segmentWidth(level: RegionLevel, gridWidth = DEFAULT_GRID_CODE_WIDTH): number {
  switch (level) {
    case 'district':
      return 6;
    case 'town':
    case 'community':
      return 3;
    case 'grid':
      return gridWidth;
    case 'microGrid':
      return MICRO_GRID_WIDTH;
  }
}

export function codeLength(level: RegionLevel, gridWidth = DEFAULT_GRID_CODE_WIDTH): number {
  let n = 0;
  for (const l of REGION_LEVELS) {
    n += segmentWidth(l, gridWidth);
    if (l === level) return n;
  }
  return n;
}

/** The level a code of this length belongs to (lengths are distinct for grid widths 2–4), or null. */
export function levelOfCode(code: string, gridWidth = DEFAULT_GRID_CODE_WIDTH): RegionLevel | null {
  return REGION_LEVELS.find((l) => codeLength(l, gridWidth) === code.length) ?? null;
}

/** The level above, or null for a district. */
export function parentLevel(level: RegionLevel): RegionLevel | null {
  return REGION_LEVELS[levelIndex(level) - 1] ?? null;
}

/** The parent's code by prefix (codes extend their parent's code), or null for a district. */
export function parentCodeOf(
  code: string,
  level: RegionLevel,
  gridWidth = DEFAULT_GRID_CODE_WIDTH,
): string | null {
  const up = parentLevel(level);
  return up ? code.slice(0, codeLength(up, gridWidth)) : null;
}

export type CodeProblem =
  | { kind: 'notDigits' }
  | { kind: 'length'; expected: number }
  | { kind: 'prefix'; parent: string }
  | { kind: 'range'; segment: string; allowed: string }
  | { kind: 'zero' };

/** Checks a child code against its level and its parent's code. Returns null when it is valid. */
export function checkRegionCode(
  code: string,
  level: RegionLevel,
  parentCode: string | null,
  gridWidth = DEFAULT_GRID_CODE_WIDTH,
): CodeProblem | null {
  if (!/^\d+$/.test(code)) return { kind: 'notDigits' };
  const len = codeLength(level, gridWidth);
  if (code.length !== len) return { kind: 'length', expected: len };
  if (level === 'district') {
    // GB/T 2260: two-digit province 11–82 (71 台湾, 81/82 港澳), county digits never 00.
    const prov = Number(code.slice(0, 2));
    if (prov < 11 || prov > 82) return { kind: 'range', segment: code.slice(0, 2), allowed: '11–82' };
    if (code.slice(4) === '00') return { kind: 'range', segment: code.slice(4), allowed: '01–99' };
    return null;
  }
  if (!parentCode || !code.startsWith(parentCode)) return { kind: 'prefix', parent: parentCode ?? '' };
  const seg = code.slice(parentCode.length);
  if (/^0+$/.test(seg)) return { kind: 'zero' };
  const n = Number(seg);
  if ((level === 'town' || level === 'community') && n > 599)
    return { kind: 'range', segment: seg, allowed: '001–599' };
  return null;
}

export function describeCodeProblem(p: CodeProblem): { zh: string; en: string } {
  switch (p.kind) {
    case 'notDigits':
      return { zh: '只能包含数字', en: 'digits only' };
    case 'length':
      return { zh: `应为 ${p.expected} 位`, en: `must have ${p.expected} digits` };
    case 'prefix':
      return { zh: `应以上级代码 ${p.parent} 开头`, en: `must start with the parent code ${p.parent}` };
    case 'range':
      return { zh: `段 ${p.segment} 超出范围 ${p.allowed}`, en: `segment ${p.segment} outside ${p.allowed}` };
    case 'zero':
      return { zh: '顺序码不能全为 0', en: 'the sequence number cannot be all zeros' };
  }
}

/** The kind of town a GB/T 10114 segment denotes. */
export function townKind(segment: string): 'street' | 'town' | 'township' | 'other' {
  const n = Number(segment);
  if (n >= 1 && n <= 99) return 'street';
  if (n >= 100 && n <= 199) return 'town';
  if (n >= 200 && n <= 399) return 'township';
  return 'other';
}

export function childPath(parentPath: string | null, code: string): string {
  return parentPath ? `${parentPath}.${code}` : code;
}

export function pathDepth(path: string): number {
  return path.split('.').length;
}

/** True when `path` is `scope` itself or below it (ltree `<@` in plain code). */
export function pathWithin(path: string, scope: string): boolean {
  return path === scope || path.startsWith(`${scope}.`);
}
