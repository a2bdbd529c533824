import { TEMPLATE_KEYS } from '@fengqiao/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { idParam } from '../../platform/http/schemas';
import type { DocumentRow } from './documents.repo';
import type { DocumentsService } from './documents.service';

const VERIFY_LIMIT_MB = 20;
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function present(d: DocumentRow) {
  return {
    id: d.id,
    docNo: d.docNo,
    verifyCode: d.verifyCode,
    template: d.template,
    title: d.title,
    subjectType: d.subjectType,
    subjectId: d.subjectId,
    issuer: d.issuer,
    issuedAt: d.issuedAt.toISOString(),
    status: d.status,
    revokedReason: d.revokedReason,
    pdfSha256: d.pdfSha256,
    docxSha256: d.docxSha256,
  };
}

const verifyCode = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[0-9A-Za-z]{12}$/),
});

export function documentsRoutes(deps: { documents: DocumentsService }) {
  const { documents } = deps;
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // Copies presented for verification arrive as the raw file.
    for (const type of ['application/pdf', 'application/octet-stream', DOCX_MIME]) {
      app.addContentTypeParser(
        type,
        { parseAs: 'buffer', bodyLimit: VERIFY_LIMIT_MB * 1024 * 1024 },
        (_req, body, done) => done(null, body),
      );
    }

    r.get(
      '/api/v1/documents/templates',
      { schema: { tags: ['documents'], summary: '文书模板 / Templates' } },
      async () => ({
        items: documents.templates(),
      }),
    );

    r.post(
      '/api/v1/documents/preview',
      {
        config: { permission: 'document:issue', idempotent: false },
        schema: {
          tags: ['documents'],
          summary: '文书样稿预览 / Preview a document (PDF)',
          body: z.strictObject({
            template: z.enum(TEMPLATE_KEYS as [string, ...string[]]),
            data: z.record(z.string(), z.unknown()),
          }),
        },
      },
      async (req, reply) => {
        const pdf = await documents.preview(req.body.template, req.body.data);
        return reply
          .type('application/pdf')
          .header('content-disposition', 'inline; filename="preview.pdf"')
          .send(pdf);
      },
    );

    r.post(
      '/api/v1/documents',
      {
        config: { permission: 'document:issue', rendersOutsideTransaction: true },
        schema: {
          tags: ['documents'],
          summary: '制作并签发文书 / Issue a document',
          body: z.strictObject({
            template: z.enum(TEMPLATE_KEYS as [string, ...string[]]),
            subjectType: z.string().min(1).max(32),
            subjectId: z.number().int().positive(),
            data: z.record(z.string(), z.unknown()),
          }),
        },
      },
      async (req, reply) => {
        const d = await documents.issue(req.actor, req.body, req.auth!.permissions);
        reply.code(201);
        return present(d);
      },
    );

    r.get(
      '/api/v1/documents',
      {
        schema: {
          tags: ['documents'],
          summary: '某对象的文书 / Documents of a record',
          querystring: z.strictObject({
            subjectType: z.string().min(1).max(32),
            subjectId: z.coerce.number().int().positive(),
          }),
        },
      },
      async (req) => ({
        items: (
          await documents.list(req.actor, req.query.subjectType, req.query.subjectId, req.auth!.permissions)
        ).map(present),
      }),
    );

    r.get('/api/v1/documents/:id', { schema: { tags: ['documents'], params: idParam } }, async (req) =>
      present(await documents.get(req.actor, req.params.id, req.auth!.permissions)),
    );

    r.get(
      '/api/v1/documents/:id/file',
      {
        schema: {
          tags: ['documents'],
          summary: '下载文书 / Download (PDF or DOCX)',
          params: idParam,
          querystring: z.strictObject({ format: z.enum(['pdf', 'docx']).default('pdf') }),
        },
      },
      async (req, reply) => {
        const { doc, bytes } = await documents.file(
          req.actor,
          req.params.id,
          req.query.format,
          req.auth!.permissions,
        );
        const name = encodeURIComponent(`${doc.title}-${doc.docNo}.${req.query.format}`);
        return reply
          .type(req.query.format === 'pdf' ? 'application/pdf' : DOCX_MIME)
          .header('content-disposition', `attachment; filename*=UTF-8''${name}`)
          .send(bytes);
      },
    );

    r.post(
      '/api/v1/documents/:id/revoke',
      {
        config: { permission: 'document:issue' },
        schema: {
          tags: ['documents'],
          params: idParam,
          body: z.strictObject({ reason: z.string().trim().min(2).max(500) }),
        },
      },
      async (req) =>
        present(await documents.revoke(req.actor, req.params.id, req.body.reason, req.auth!.permissions)),
    );

    // ---- public verification (the QR code's target) ----

    r.get(
      '/api/v1/verify/public-key',
      {
        config: { public: true },
        schema: { tags: ['documents'], summary: '文书签名公钥 / Signing public key (Ed25519, PEM)' },
      },
      async (_req, reply) => reply.type('application/x-pem-file').send(documents.publicKeyPem()),
    );

    r.get(
      '/api/v1/verify/:code',
      {
        config: { public: true },
        schema: {
          tags: ['documents'],
          summary: '文书验真 / Verify a document by its code',
          params: verifyCode,
        },
      },
      async (req) => documents.verify(req.params.code),
    );

    r.post(
      '/api/v1/verify/:code',
      {
        config: { public: true, idempotent: false },
        schema: {
          tags: ['documents'],
          summary: '核对文书副本 / Check a presented copy (raw PDF or DOCX body)',
          params: verifyCode,
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
        return documents.verifyCopy(req.params.code, req.body);
      },
    );

    // ---- public signing through a one-time link (texted to a party) ----

    const token = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/) });

    r.get(
      '/api/v1/sign/:token',
      {
        config: { public: true },
        schema: {
          tags: ['documents'],
          summary: '签名链接：待签署的文书内容 / One-time link: the content to sign',
          params: token,
        },
      },
      async (req) => documents.signing.linkView(req.params.token),
    );

    r.post(
      '/api/v1/sign/:token',
      {
        config: { public: true, rendersOutsideTransaction: true },
        schema: {
          tags: ['documents'],
          summary: '签名链接：手写签名 / One-time link: sign by hand',
          params: token,
          body: z.strictObject({
            image: z
              .string()
              .max(700_000)
              .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, { message: 'a PNG data URL' }),
          }),
        },
      },
      async (req) => {
        const png = Buffer.from(req.body.image.slice(req.body.image.indexOf(',') + 1), 'base64');
        const r = await documents.signing.signByLink(req.params.token, png, {
          ip: req.ip,
          userAgent: req.headers['user-agent'],
        });
        return { signed: true, name: r.signer.name, signedAt: r.signer.signedAt!.toISOString() };
      },
    );
  };
}
