import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import type { UploadedFile } from '../attachments/attachments.service';
import { presentPublicEvent } from './events.present';
import type { EventsService } from './events.service';
import type { EventPublicService } from './events-public.service';

const MAX_PHOTOS = 9;
const phone = z.string().regex(/^1[3-9]\d{9}$/);

/** The resident's report without an account, with photos (issue #4). */
export function eventPublicRoutes(deps: {
  events: EventsService;
  publicEvents: EventPublicService;
  maxBytes: number;
}) {
  const { events, publicEvents, maxBytes } = deps;
  return async (app: FastifyInstance) => {
    await app.register(fastifyMultipart, {
      limits: { fileSize: maxBytes, files: MAX_PHOTOS, fields: 2, fieldSize: 64, parts: MAX_PHOTOS + 2 },
    });
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/api/v1/public/event-photos',
      {
        config: { public: true, idempotent: false },
        schema: {
          tags: ['events'],
          summary: '群众上报照片（免登录，仅照片，限频）/ Resident photo upload without an account',
          consumes: ['multipart/form-data'],
        },
      },
      async (req, reply) => {
        if (!req.isMultipart()) throw new AppError('ATTACHMENT_NOT_MULTIPART');
        const files: UploadedFile[] = [];
        let number = '';
        try {
          for await (const part of req.parts()) {
            if (part.type === 'file')
              files.push({ name: part.filename || 'photo', data: await part.toBuffer() });
            else if (part.fieldname === 'phone') number = String(part.value ?? '');
          }
        } catch (e) {
          const code = (e as { code?: string }).code;
          if (code === 'FST_REQ_FILE_TOO_LARGE')
            throw new AppError('ATTACHMENT_TOO_LARGE', {
              name: { zh: '所选照片', en: 'the chosen photo' },
              limit: `${Math.round(maxBytes / 1024 / 1024)} MB`,
            });
          if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
            throw new AppError('ATTACHMENT_TOO_MANY', { max: MAX_PHOTOS });
          if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError('ATTACHMENT_NOT_MULTIPART');
          throw e;
        }
        if (!phone.safeParse(number).success)
          throw new AppError('VALIDATION_FAILED', {}, [
            {
              path: 'phone',
              code: 'invalid',
              message: req.lang === 'en' ? 'Mobile number' : '请填写手机号码',
            },
          ]);
        const items = await publicEvents.uploadPhotos(files, { phone: number, ip: req.ip });
        reply.code(201);
        return { items };
      },
    );

    r.post(
      '/api/v1/public/events',
      {
        config: { public: true },
        schema: {
          tags: ['events'],
          summary: '群众上报（免登录，可附照片）/ Resident report without an account',
          body: z.strictObject({
            categoryCode: z.string().min(1).max(10),
            description: z.string().trim().min(5).max(1000),
            address: z.string().trim().max(200).optional(),
            lng: z.number().min(-180).max(180),
            lat: z.number().min(-90).max(90),
            reporterName: z.string().trim().min(1).max(50),
            reporterPhone: phone,
            photos: z
              .array(z.strictObject({ id: z.number().int().positive(), token: z.string().min(10).max(64) }))
              .max(MAX_PHOTOS)
              .default([]),
          }),
        },
      },
      async (req, reply) => {
        const { photos, ...input } = req.body;
        const res = await publicEvents.report(input, photos);
        reply.code(201);
        return {
          trackingCode: res.event.trackingCode,
          photos: photos.length,
          ...presentPublicEvent(res.event, await events.labels()),
        };
      },
    );
  };
}
