import type { ErrorSpec } from './types';

export const COCKPIT_ERRORS = {
  COCKPIT_PERIOD_INVALID: {
    status: 400,
    zh: '统计时段不正确：{detail}',
    en: 'Invalid period: {detail}',
  },
  COCKPIT_PERIOD_REVERSED: {
    status: 400,
    zh: '统计时段的开始日期 {from} 晚于结束日期 {to}',
    en: 'The period starts ({from}) after it ends ({to})',
  },
  COCKPIT_PERIOD_TOO_LONG: {
    status: 400,
    zh: '统计时段最长 {max} 天（所选 {days} 天）',
    en: 'A period may span at most {max} days ({days} chosen)',
  },
  COCKPIT_REGION_AMBIGUOUS: {
    status: 400,
    zh: '区域只能用 regionId 或 regionCode 之一指定',
    en: 'Give the region either by regionId or by regionCode, not both',
  },
  COCKPIT_MEASURE_UNAVAILABLE: {
    status: 400,
    zh: '指标"{measure}"所需的数据模块未启用',
    en: 'The data behind the measure "{measure}" is not available',
  },
  COCKPIT_LEVEL_NO_CHILDREN: {
    status: 400,
    zh: '{level}没有下级区域可供排名',
    en: 'A {level} has no sub-regions to rank',
  },
} as const satisfies Record<string, ErrorSpec>;
