import type { ErrorSpec } from './types';

/** Registry (一标三实, issue #6): people, houses, organisations, addresses, special populations, imports. */
export const REGISTRY_ERRORS = {
  ID_NUMBER_INVALID: {
    status: 400,
    zh: '身份证号码不正确：{detail}',
    en: 'Invalid ID number: {detail}',
  },
  PHONE_INVALID: { status: 400, zh: '电话号码格式不正确', en: 'Invalid phone number' },
  PERSON_DUPLICATE: {
    status: 409,
    zh: '该身份证号码已登记（人员编号 {id}）',
    en: 'This ID number is already registered (person {id})',
  },
  ADDRESS_NO_MATCH: {
    status: 400,
    zh: '地址“{address}”匹配不到标准地址',
    en: 'The address “{address}” matches no standard address',
  },
  ADDRESS_DUPLICATE: {
    status: 409,
    zh: '标准地址已存在：{name}',
    en: 'Standard address already exists: {name}',
  },
  ADDRESS_PARENT_KIND: {
    status: 400,
    zh: '{child}不能挂在{parent}之下',
    en: 'A {child} cannot hang under a {parent}',
  },
  ADDRESS_OUTSIDE_GRID: {
    status: 400,
    zh: '该位置不在任何网格内',
    en: 'The location is not inside any grid',
  },
  UNMASK_REASON_REQUIRED: {
    status: 400,
    zh: '查看完整信息须填写事由',
    en: 'A reason is required to see the full value',
  },
  TAG_ALREADY_ACTIVE: {
    status: 409,
    zh: '该人员已有“{tag}”标签',
    en: 'The person already carries the tag “{tag}”',
  },
  TAG_ENDED: { status: 409, zh: '该标签已于 {endedOn} 解除', en: 'The tag ended on {endedOn}' },
  VISIT_IN_FUTURE: { status: 400, zh: '走访时间不能晚于当前时间', en: 'A visit cannot be in the future' },
  IMPORT_EMPTY: { status: 400, zh: '文件为空或没有数据行', en: 'The file is empty or has no data rows' },
  IMPORT_TOO_LARGE: {
    status: 413,
    zh: '文件过大（上限 {limit}）',
    en: 'The file is too large (limit {limit})',
  },
  IMPORT_FORMAT: {
    status: 400,
    zh: '无法识别的文件格式：{detail}',
    en: 'Unrecognised file format: {detail}',
  },
  IMPORT_ENCODING: {
    status: 400,
    zh: '无法识别文件编码（支持 UTF-8 与 GBK）',
    en: 'Unrecognised file encoding (UTF-8 and GBK are supported)',
  },
  IMPORT_HEADER: {
    status: 400,
    zh: '表头不正确：缺少必填列 {missing}',
    en: 'Wrong header: missing required columns {missing}',
  },
  IMPORT_MAPPING: {
    status: 400,
    zh: '列映射不正确：{detail}',
    en: 'Wrong column mapping: {detail}',
  },
} as const satisfies Record<string, ErrorSpec>;
