import type { ErrorSpec } from './types';

export const PLATFORM_ERRORS = {
  // generic request errors
  VALIDATION_FAILED: { status: 400, zh: '请求参数有误', en: 'The request is invalid' },
  MALFORMED_JSON: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    zh: '请求体过大（上限 {limit}）',
    en: 'The request body is too large (limit {limit})',
  },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  NOT_FOUND: {
    status: 404,
    zh: '{what}不存在或不在您的管辖范围内',
    en: '{what} not found or outside your scope',
  },
  CONFLICT: {
    status: 409,
    zh: '数据已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and try again',
  },
  DUPLICATE: { status: 409, zh: '{what}已存在', en: '{what} already exists' },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    zh: '相同幂等键的请求正在处理中',
    en: 'A request with the same Idempotency-Key is still being processed',
  },
  IDEMPOTENCY_MISMATCH: {
    status: 422,
    zh: '幂等键已用于另一个不同的请求',
    en: 'The Idempotency-Key was already used for a different request',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请稍后重试',
    en: 'Internal server error; please try again later',
  },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用', en: 'Service unavailable' },

  // authentication and authorisation
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Please sign in' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong user name or password' },
  AUTH_LOCKED: {
    status: 423,
    zh: '登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试或联系管理员解锁',
    en: 'Too many failed sign-ins: the account is locked; try again in {minutes} minutes or ask an administrator',
  },
  AUTH_DISABLED: {
    status: 403,
    zh: '账户已停用，请联系管理员',
    en: 'The account is disabled; contact an administrator',
  },
  AUTH_SESSION_EXPIRED: {
    status: 401,
    zh: '登录已超时，请重新登录',
    en: 'Your session has expired; please sign in again',
  },
  AUTH_CSRF: {
    status: 403,
    zh: '安全校验失败，请刷新页面后重试',
    en: 'Security check failed; reload the page and try again',
  },
  AUTH_PASSWORD_WEAK: {
    status: 400,
    zh: '密码至少 {min} 位，且须包含大写字母、小写字母、数字、符号中的至少 3 类',
    en: 'The password needs at least {min} characters from at least 3 of: upper case, lower case, digits, symbols',
  },
  AUTH_PASSWORD_WRONG: { status: 400, zh: '原密码不正确', en: 'The current password is wrong' },
  FORBIDDEN: { status: 403, zh: '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  OUT_OF_SCOPE: { status: 403, zh: '所选区域不在您的管辖范围内', en: 'That region is outside your scope' },
} as const satisfies Record<string, ErrorSpec>;
