import type { ErrorSpec } from './types';

/** Events, routing, statistics and Open311 (issue #4). */
export const EVENT_ERRORS = {
  EVENT_CATEGORY_UNKNOWN: {
    status: 400,
    zh: '事件类别“{code}”不存在或已停用',
    en: 'The event category "{code}" does not exist or is no longer used',
  },
  EVENT_OUTSIDE_DISTRICT: {
    status: 400,
    zh: '位置（{lng}, {lat}）不在本辖区任何网格内，请重新选点',
    en: 'The location ({lng}, {lat}) is not inside any grid of the district; pick it again',
  },
  EVENT_OUTSIDE_AREA: {
    status: 403,
    zh: '位置不在您负责的区域内，不能由您上报',
    en: 'The location is outside your area, so you cannot report it',
  },
  EVENT_PHOTO_REQUIRED: {
    status: 400,
    zh: '“{category}”类事件须附现场照片',
    en: 'Events of the category "{category}" need a photo of the scene',
  },
  EVENT_DEPARTMENT_UNKNOWN: {
    status: 400,
    zh: '部门 {id} 不存在或已停用',
    en: 'Department {id} does not exist or is inactive',
  },
  EVENT_MERGE_INVALID: {
    status: 409,
    zh: '不能合并：{reason}',
    en: 'Cannot merge: {reason}',
  },
  EVENT_TRACKING_UNKNOWN: {
    status: 404,
    zh: '查询码或手机号不正确',
    en: 'The tracking code or phone number is wrong',
  },
  EVENT_STATS_RANGE: {
    status: 400,
    zh: '统计区间不正确（最长 {max} 天）',
    en: 'Wrong statistics period (at most {max} days)',
  },
  EVENT_API_KEY_INVALID: {
    status: 401,
    zh: 'API 密钥无效或已停用',
    en: 'The API key is invalid or revoked',
  },
} as const satisfies Record<string, ErrorSpec>;
