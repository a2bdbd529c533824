import { ERRORS, type ErrorCode, type MessageParam } from '@fengqiao/domain';

/** The one exception type a service throws; the error handler turns it into the API's error body. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, MessageParam> = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

export const notFound = (what: { zh: string; en: string }) => new AppError('NOT_FOUND', { what });
export const forbidden = () => new AppError('FORBIDDEN');

/** Things named in messages, in both languages. */
export const THINGS = {
  region: { zh: '区域', en: 'Region' },
  department: { zh: '部门', en: 'Department' },
  post: { zh: '岗位', en: 'Post' },
  user: { zh: '用户', en: 'User' },
  session: { zh: '会话', en: 'Session' },
  username: { zh: '用户名', en: 'User name' },
  code: { zh: '代码', en: 'Code' },
} as const;
