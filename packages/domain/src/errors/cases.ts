import type { ErrorSpec } from './types';

/** Case engine, timers, calendar, messages and attachments (issue #3). */
export const CASES_ERRORS = {
  CASE_KIND_UNKNOWN: { status: 404, zh: '没有“{kind}”这类案件', en: 'There is no case kind "{kind}"' },
  CASE_ACTION_UNKNOWN: {
    status: 400,
    zh: '{kind}没有“{action}”这个操作',
    en: '{kind} has no action "{action}"',
  },
  CASE_ACTION_WRONG_STATE: {
    status: 409,
    zh: '案件当前为“{state}”，不能执行“{action}”，请刷新查看最新进展',
    en: 'The case is now "{state}", so "{action}" is not possible; reload to see the latest',
  },
  CASE_CONFLICT: {
    status: 409,
    zh: '该案件刚刚已被他人处理（当前为“{state}”），您的操作未执行，请刷新后重试',
    en: 'Someone else has just acted on this case (it is now "{state}"); your action was not applied. Reload and try again',
  },
  CASE_GUARD: { status: 409, zh: '暂不能执行此操作：{reason}', en: 'Not possible now: {reason}' },
  CASE_ATTACHMENT_INVALID: {
    status: 400,
    zh: '附件 {id} 不存在、已被其他案件使用或不是您上传的',
    en: 'Attachment {id} does not exist, is used elsewhere or was not uploaded by you',
  },
  JOB_NOT_RETRYABLE: {
    status: 409,
    zh: '该任务当前状态为“{status}”，不能重试',
    en: 'The job is "{status}" and cannot be retried',
  },
  CALENDAR_INVALID: { status: 400, zh: '工作日历不正确：{detail}', en: 'Invalid working calendar: {detail}' },
  ATTACHMENT_MISSING: { status: 400, zh: '请选择要上传的文件', en: 'Choose a file to upload' },
  ATTACHMENT_EMPTY: { status: 400, zh: '文件“{name}”是空的', en: 'The file "{name}" is empty' },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: '文件“{name}”超过 {limit} 上限',
    en: 'The file "{name}" is larger than the {limit} limit',
  },
  ATTACHMENT_TOO_MANY: {
    status: 413,
    zh: '一次最多上传 {max} 个文件',
    en: 'At most {max} files per upload',
  },
  ATTACHMENT_TYPE: {
    status: 415,
    zh: '文件“{name}”的内容是{detected}，不在允许范围内：仅可上传照片（JPEG、PNG、WebP、GIF）、PDF 和 Office 文档（Word、Excel、PowerPoint）',
    en: 'The file "{name}" contains {detected}, which is not allowed: only photos (JPEG, PNG, WebP, GIF), PDF and Office documents (Word, Excel, PowerPoint)',
  },
  ATTACHMENT_NOT_MULTIPART: {
    status: 415,
    zh: '请以 multipart/form-data 方式上传文件',
    en: 'Upload files as multipart/form-data',
  },
  EXTENSION_CLOCK_GONE: {
    status: 409,
    zh: '该时限已不在计时中，无需（或无法）延期',
    en: 'That time limit is no longer running, so it cannot be extended',
  },
  EXTENSION_PENDING: {
    status: 409,
    zh: '该时限已有一份待审批的延期申请',
    en: 'There is already an extension request awaiting a decision for that time limit',
  },
  SUBSCRIPTION_URL: {
    status: 400,
    zh: '推送地址不正确：{detail}',
    en: 'Invalid delivery URL: {detail}',
  },
} as const satisfies Record<string, ErrorSpec>;
