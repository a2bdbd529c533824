/**
 * Dispute reference data and time limits (issue #5). Every number cites reference/cn_governance.md;
 * the ones no statute fixes are settings with the default named here.
 */

/** Dispute types (as data; admins may extend). */
export const DISPUTE_TYPES = [
  { code: 'family', zh: '婚姻家庭', en: 'Marriage and family', centre: 'family' },
  { code: 'neighbour', zh: '邻里', en: 'Neighbours', centre: null },
  { code: 'property', zh: '物业', en: 'Property management', centre: 'property' },
  { code: 'labour', zh: '劳动劳资', en: 'Labour and wages', centre: 'labour' },
  { code: 'land', zh: '土地山林', en: 'Land and forest', centre: null },
  { code: 'demolition', zh: '征地拆迁', en: 'Land requisition and demolition', centre: null },
  { code: 'medical', zh: '医疗', en: 'Medical', centre: 'medical' },
  { code: 'traffic', zh: '交通事故', en: 'Traffic accident', centre: 'traffic' },
  { code: 'consumer', zh: '消费', en: 'Consumer', centre: null },
  { code: 'loan', zh: '借贷', en: 'Loans', centre: null },
  { code: 'contract', zh: '合同', en: 'Contract', centre: null },
  { code: 'other', zh: '其他', en: 'Other', centre: null },
] as const;
export type DisputeTypeCode = (typeof DISPUTE_TYPES)[number]['code'];

/** 四种调解 (seed 002 "四四三"): people's, administrative, judicial and industry mediation. */
export const MEDIATION_TYPES = {
  people: { zh: '人民调解', en: "People's mediation" },
  administrative: { zh: '行政调解', en: 'Administrative mediation' },
  judicial: { zh: '司法调解', en: 'Judicial mediation' },
  industry: { zh: '行业调解', en: 'Industry mediation' },
} as const;
export type MediationType = keyof typeof MEDIATION_TYPES;

/** Where a dispute is mediated: village → town → district (e体+), plus specialised centres. */
export const MEDIATION_LEVELS = {
  village: { zh: '村（社区）人民调解委员会', en: 'Village/community committee', rank: 1 },
  town: { zh: '街镇矛盾纠纷调处中心', en: 'Town centre', rank: 2 },
  district: { zh: '区社会矛盾纠纷调处化解中心', en: 'District centre', rank: 3 },
  specialised: { zh: '专业性行业性调解组织', en: 'Specialised centre', rank: 3 },
} as const;
export type MediationLevel = keyof typeof MEDIATION_LEVELS;

/** 民转刑 risk flags: signs a civil dispute may turn criminal (人民调解法 第25条: report to the police). */
export const RISK_FLAGS = {
  threats: { zh: '扬言报复、威胁', en: 'Threats of revenge' },
  repeated: { zh: '反复发生、多次调处未果', en: 'Repeated conflict' },
  weapons: { zh: '涉及凶器、危险物品', en: 'Weapons or dangerous items' },
  mentalIllness: { zh: '当事人疑似严重精神障碍', en: 'Suspected serious mental illness' },
  groupConflict: { zh: '可能引发群体性事件', en: 'Risk of group conflict' },
  violence: { zh: '已有肢体冲突', en: 'Physical violence already' },
} as const;
export type RiskFlag = keyof typeof RISK_FLAGS;

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/**
 * A risk level from the flags: any weapon, violence or threat is high; two or more flags, or mental illness
 * with any other flag, is critical. A platform rule (no statute grades this), editable by deployments.
 */
export function riskLevelOf(flags: readonly RiskFlag[]): RiskLevel {
  const set = new Set(flags);
  if (set.size === 0) return 'low';
  const serious = set.has('weapons') || set.has('violence') || set.has('threats');
  if ((serious && set.size >= 2) || (set.has('mentalIllness') && set.size >= 2)) return 'critical';
  if (serious || set.has('groupConflict')) return 'high';
  return 'medium';
}

/** Screening (排查) cadence per level (seed 001: 村民小组每日、村每周、镇每半月、县每月), settable. */
export const SCREENING_CADENCE = {
  villageGroup: { everyDays: 1, zh: '村民小组每日排查' },
  village: { everyDays: 7, zh: '村（社区）每周排查' },
  town: { everyDays: 15, zh: '街镇每半月排查' },
  county: { everyDays: 30, zh: '区县每月排查' },
} as const;

export const DISPUTE_LIMITS = {
  /** 人民法院在线调解规则 第11–12条: mediator confirms acceptance within 3 working days. */
  mediatorConfirm: { value: 3, unit: 'workingDays', source: '人民法院在线调解规则(2021) 第12条' },
  /** No statutory period for people's mediation; 深圳条例 第25条 sets 30 days when the parties set none. */
  mediationPeriod: {
    value: 30,
    unit: 'calendarDays',
    source: '深圳经济特区矛盾纠纷多元化解条例(2022) 第25条（默认值，可设置）',
  },
  /** 最高法特邀调解规定 第27条: court-delegated pre-filing mediation 30 days. */
  courtDelegated: {
    value: 30,
    unit: 'calendarDays',
    source: '最高人民法院关于人民法院特邀调解的规定(2016) 第27条',
  },
  /** 人民调解法 第33条; 民事诉讼法(2023) 第205条: apply jointly within 30 days of the agreement taking effect. */
  confirmationApply: {
    value: 30,
    unit: 'calendarDays',
    source: '人民调解法 第33条；民事诉讼法(2023) 第205条',
  },
  /** 2011 司法确认规定 第4条: the court decides whether to accept within 3 days. */
  confirmationAccept: {
    value: 3,
    unit: 'calendarDays',
    source: '最高法关于人民调解协议司法确认程序的若干规定(2011) 第4条',
  },
  /** Same 规定 第5条: rule within 15 days of acceptance, +10 with the president's approval. */
  confirmationRule: {
    value: 15,
    unit: 'calendarDays',
    source: '最高法关于人民调解协议司法确认程序的若干规定(2011) 第5条',
  },
  confirmationRuleExtension: { value: 10, unit: 'calendarDays', source: '同上 第5条（经院长批准）' },
} as const;
