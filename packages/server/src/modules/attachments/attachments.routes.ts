import { createReadStream } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import { type AttachmentsService, presentAttachment, type UploadedFile } from './attachments.service';

const MAX_FILES = 10;

/** RFC 6266/5987 Content-Disposition that keeps a Chinese file name intact. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function attachmentsRoutes(deps: { attachments: AttachmentsService }) {
  const { attachments } = deps;
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, {
      limits: {
        fileSize: attachments.maxBytes,
        files: MAX_FILES,
        fields: 5,
        fieldSize: 1024,
        parts: MAX_FILES + 5,
      },
    });
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/attachments',
      {
        config: { idempotent: false },
        schema: {
          tags: ['attachments'],
          summary: '上传附件（照片、PDF、Office 文档）/ Upload files',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError('ATTACHMENT_NOT_MULTIPART');
        const files: UploadedFile[] = [];
        try {
          for await (const part of req.parts()) {
            if (part.type !== 'file') continue;
            const data = await part.toBuffer();
            files.push({ name: part.filename || 'file', data });
          }
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE')
            throw new AppError('ATTACHMENT_TOO_LARGE', {
              name: { zh: '所选文件', en: 'the chosen file' },
              limit: `${Math.round(attachments.maxBytes / 1024 / 1024)} MB`,
            });
          if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
            throw new AppError('ATTACHMENT_TOO_MANY', { max: MAX_FILES });
          if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('ATTACHMENT_NOT_MULTIPART');
          throw e;
        }
        const rows = await attachments.upload(req.actor, files);
        reply.code(201);
        return { items: rows.map(presentAttachment) };
      },
    );

    r.get(
      '/api/v1/attachments/:id',
      { schema: { tags: ['attachments'], summary: '附件信息 / Attachment metadata', params: idParam } },
      async (req) => presentAttachment(await attachments.get(req.actor, req.params.id)),
    );

    r.get(
      '/api/v1/attachments/:id/content',
      { schema: { tags: ['attachments'], summary: '下载附件 / Download', params: idParam } },
      async (req, reply) => {
        const a = await attachments.get(req.actor, req.params.id);
        const inline = a.kind === 'image' || a.kind === 'pdf';
        reply
          .type(a.mime)
          .header('content-length', a.size)
          .header('content-disposition', disposition(inline ? 'inline' : 'attachment', a.name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=3600')
          .header('etag', `"${a.sha256}"`);
        return reply.send(createReadStream(attachments.contentPath(a)));
      },
    );

    r.get(
      '/api/v1/attachments/:id/thumbnail',
      { schema: { tags: ['attachments'], summary: '缩略图 / Thumbnail', params: idParam } },
      async (req, reply) => {
        const a = await attachments.get(req.actor, req.params.id);
        const path = attachments.thumbnailPath(a);
        if (!path) throw new AppError('NOT_FOUND', { what: { zh: '缩略图', en: 'Thumbnail' } });
        reply
          .type('image/webp')
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, max-age=86400');
        return reply.send(createReadStream(path));
      },
    );
  };
}
