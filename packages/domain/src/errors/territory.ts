import type { ErrorSpec } from './types';

export const TERRITORY_ERRORS = {
  // territory
  REGION_PARENT_LEVEL: {
    status: 400,
    zh: '{child}必须隶属于{parent}',
    en: 'A {child} must belong to a {parent}',
  },
  REGION_CODE_FORMAT: {
    status: 400,
    zh: '区划代码格式不正确：{detail}',
    en: 'Invalid region code: {detail}',
  },
  REGION_HAS_CHILDREN: {
    status: 409,
    zh: '该区域下还有下级区域，不能删除',
    en: 'The region still has sub-regions',
  },
  LOCATE_OUTSIDE: {
    status: 404,
    zh: '坐标 ({lng}, {lat}) 不在任何网格内',
    en: 'The point ({lng}, {lat}) is not inside any grid',
  },
  GEOJSON_INVALID: { status: 400, zh: 'GeoJSON 不合法：{detail}', en: 'Invalid GeoJSON: {detail}' },
  POST_REGION_LEVEL: {
    status: 400,
    zh: '{post}只能设在{levels}',
    en: 'A {post} post belongs to a {levels}',
  },
  POST_ALREADY_ENDED: {
    status: 409,
    zh: '该岗位已于 {endedOn} 卸任',
    en: 'The post already ended on {endedOn}',
  },
} as const satisfies Record<string, ErrorSpec>;
