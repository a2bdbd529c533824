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
  DOCUMENT_SIGNATURE_IMAGE_INVALID: {
    status: 400,
    zh: '签名图像无效：{reason}',
    en: 'The signature image is not valid: {reason}',
  },
  DOCUMENT_ALREADY_SIGNED: { status: 409, zh: '“{name}”已经签名', en: '"{name}" has already signed' },
  DOCUMENT_DRAFT_CLOSED: {
    status: 409,
    zh: '该文书草稿已出具或已被新稿取代，请刷新',
    en: 'This draft has been issued or replaced; reload',
  },
  DOCUMENT_SIGNING_INCOMPLETE: {
    status: 409,
    zh: '尚未签名：{names}',
    en: 'Not yet signed by: {names}',
  },
  DOCUMENT_SIGN_LINK_INVALID: {
    status: 404,
    zh: '签名链接无效、已使用或已过期，请联系调解员重新发送',
    en: 'The signing link is not valid, already used or expired; ask the mediator for a new one',
  },
} as const satisfies Record<string, ErrorSpec>;
