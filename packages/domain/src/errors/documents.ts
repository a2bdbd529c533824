import type { ErrorSpec } from './types';

export const DOCUMENT_ERRORS = {
  DOCUMENT_TEMPLATE_UNKNOWN: {
    status: 400,
    zh: '没有名为 {template} 的文书模板',
    en: 'No document template named {template}',
  },
  DOCUMENT_SUBJECT_UNKNOWN: {
    status: 400,
    zh: '文书不能关联到 {type}',
    en: 'Documents cannot be attached to {type}',
  },
  DOCUMENT_ALREADY_REVOKED: { status: 409, zh: '该文书已作废', en: 'The document has already been revoked' },
  DOCUMENT_FILE_TOO_LARGE: {
    status: 413,
    zh: '文件过大，验真文件不超过 {mb} MB',
    en: 'The file is too large (limit {mb} MB)',
  },
} as const satisfies Record<string, ErrorSpec>;
