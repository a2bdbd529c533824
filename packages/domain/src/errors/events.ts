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
  EVENT_CATEGORY_CODE: {
    status: 400,
    zh: '类别编码“{code}”不合规：须为 2–8 位数字或大写字母',
    en: 'The category code "{code}" is not valid: 2–8 digits or capital letters',
  },
  EVENT_CATEGORY_EXISTS: {
    status: 409,
    zh: '类别编码“{code}”已存在',
    en: 'The category code "{code}" already exists',
  },
  EVENT_CATEGORY_PARENT: {
    status: 400,
    zh: '所属大类“{parent}”不可用：{reason}',
    en: 'The major class "{parent}" cannot be used: {reason}',
  },
  EVENT_CATEGORY_LIMIT: {
    status: 400,
    zh: '处置时限须在 {min}–{max} 个{unit}之间',
    en: 'The handling limit must lie between {min} and {max} {unit}',
  },
  EVENT_CATEGORY_HAS_CHILDREN: {
    status: 409,
    zh: '大类“{code}”下还有小类（{children}），请先停用这些小类',
    en: 'The major class "{code}" still has sub-categories ({children}); disable them first',
  },
  EVENT_CATEGORY_IN_USE: {
    status: 409,
    zh: '类别“{code}”已被事件或派单规则使用，只能停用，不能删除',
    en: 'The category "{code}" is used by events or routing rules; it can be disabled, not deleted',
  },
  EVENT_CATALOGUE_SCOPE: {
    status: 403,
    zh: '事件类别目录和派单规则全区共用，只有区级系统管理员可以修改',
    en: 'The category catalogue and routing rules are district-wide; only a district administrator may change them',
  },
  EVENT_RULE_HOURS: {
    status: 400,
    zh: '时段须同时填写开始和结束时间，且两者不能相同',
    en: 'A time window needs both a start and an end, and they must differ',
  },
  EVENT_PHOTO_UPLOAD_INVALID: {
    status: 400,
    zh: '照片 {id} 无效或已被使用，请重新选择照片',
    en: 'Photo {id} is invalid or already used; choose the photo again',
  },
} as const satisfies Record<string, ErrorSpec>;
