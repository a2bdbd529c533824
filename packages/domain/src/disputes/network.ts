import type { MediationLevel } from './constants';
import type { ScreeningLevel } from './screening';

/**
 * The mediation network's shape (issue #5): which territory level each kind of organisation and each
 * screening schedule sits at. Platform rules following seed 001/002 (村居调委会 → 街镇中心 → 区中心 + 专业
 * 调解组织; 村民小组每日、村每周、镇每半月、县每月), not statute.
 */
export const ORG_KINDS = {
  committee: { zh: '人民调解委员会', en: "People's mediation committee" },
  centre: { zh: '矛盾纠纷调处化解中心', en: 'Mediation centre' },
  professional: { zh: '专业性行业性调解组织', en: 'Professional mediation organisation' },
  room: { zh: '人民调解室', en: "People's mediation room" },
} as const;
export type OrgKind = keyof typeof ORG_KINDS;

/** Region levels an organisation of each mediation level may serve. */
export const ORG_REGION_LEVELS: Record<MediationLevel, readonly string[]> = {
  village: ['community'],
  town: ['town'],
  district: ['district'],
  specialised: ['district', 'town'],
};

/** Region levels a screening schedule of each level covers. */
export const SCREENING_REGION_LEVELS: Record<ScreeningLevel, readonly string[]> = {
  villageGroup: ['grid', 'microGrid'],
  village: ['community'],
  town: ['town'],
  county: ['district'],
};

export const NETWORK_LEVEL_LABELS: Record<string, { zh: string; en: string }> = {
  district: { zh: '区县', en: 'district' },
  town: { zh: '街镇', en: 'town' },
  community: { zh: '村（社区）', en: 'community' },
  grid: { zh: '网格', en: 'grid' },
  microGrid: { zh: '微网格', en: 'micro-grid' },
};

/** The allowed region levels as a label for an error message ("村（社区）或网格"). */
export function regionLevelsLabel(levels: readonly string[]): { zh: string; en: string } {
  const ls = levels.map((l) => NETWORK_LEVEL_LABELS[l] ?? { zh: l, en: l });
  return { zh: ls.map((l) => l.zh).join('或'), en: ls.map((l) => l.en).join(' or ') };
}

/**
 * Whether an organisation may be placed at a region of this level, and whether a mediator's place lies
 * within the organisation's (an ltree path prefix test).
 */
export function orgPlacementOk(level: MediationLevel, regionLevel: string): boolean {
  return ORG_REGION_LEVELS[level].includes(regionLevel);
}

export function screeningPlacementOk(level: ScreeningLevel, regionLevel: string): boolean {
  return SCREENING_REGION_LEVELS[level].includes(regionLevel);
}
