import { fileTypeFromBuffer } from 'file-type';
import type { AttachmentKind } from './attachments.schema';

const ALLOWED: Record<string, AttachmentKind> = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'office',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'office',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'office',
};

/** Legacy Office (.doc/.xls/.ppt, also WPS) share one container format; the name only picks the label. */
const CFB_BY_EXTENSION: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  wps: 'application/msword',
  et: 'application/vnd.ms-excel',
};

export type Sniffed =
  | { ok: true; mime: string; kind: AttachmentKind; ext: string }
  | { ok: false; detected: { zh: string; en: string } };

/**
 * Decides what a file is from its first bytes (magic numbers), never from its name or the browser's
 * Content-Type: a script renamed to photo.jpg is refused.
 */
export async function sniff(buf: Buffer, name: string): Promise<Sniffed> {
  const t = await fileTypeFromBuffer(buf);
  if (!t) return { ok: false, detected: { zh: '无法识别的格式', en: 'an unrecognised format' } };
  if (t.mime === 'application/x-cfb') {
    const ext = name.toLowerCase().split('.').pop() ?? '';
    return {
      ok: true,
      mime: CFB_BY_EXTENSION[ext] ?? 'application/x-cfb',
      kind: 'office',
      ext: ext || 'cfb',
    };
  }
  const kind = ALLOWED[t.mime];
  if (!kind)
    return { ok: false, detected: { zh: `${t.ext.toUpperCase()} 格式`, en: `${t.ext.toUpperCase()} data` } };
  return { ok: true, mime: t.mime, kind, ext: t.ext };
}
