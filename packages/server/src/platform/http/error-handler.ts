import { ERRORS, errorMessage, type Lang } from '@fengqiao/domain';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { pickLanguage } from '../language';
import { type IssueLike, issueMessage } from '../validation-messages';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function langOf(req: FastifyRequest): Lang {
  return req.lang ?? pickLanguage(req.headers['accept-language']);
}

function issuesToDetails(issues: readonly IssueLike[], lang: Lang, prefix?: string) {
  return issues.map((i) => {
    const path = [...(prefix ? [prefix] : []), ...i.path.map(String)].join('.');
    return { path, code: i.code, message: issueMessage(i, lang) };
  });
}

export function appErrorBody(err: AppError, lang: Lang): ErrorBody {
  const body: ErrorBody = { error: { code: err.code, message: errorMessage(err.code, lang, err.params) } };
  if (err.details !== undefined) body.error.details = err.details;
  return body;
}

/** PostgreSQL error codes that are the caller's fault rather than ours. */
function fromDatabase(err: { code?: string; constraint?: string }): AppError | null {
  switch (err.code) {
    case '23505':
      return new AppError(
        'DUPLICATE',
        { what: { zh: '记录', en: 'Record' } },
        { constraint: err.constraint },
      );
    case '40001':
    case '40P01':
      return new AppError('CONFLICT');
    case '42501': // row-level security refused the write: the row is outside the caller's scope
      return new AppError('NOT_FOUND', { what: { zh: '记录', en: 'Record' } });
    case '22P02':
    case '22003':
      return new AppError('VALIDATION_FAILED');
    default:
      return null;
  }
}

/** One error handler: every failure leaves as `{ error: { code, message, details } }` in the caller's language. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((raw: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const lang = langOf(req);
    if (raw instanceof AppError) {
      if (raw.status === 401 && req.viaCookie) reply.clearCookie('fq_session', { path: '/' });
      return reply.code(raw.status).send(appErrorBody(raw, lang));
    }
    const err = raw as FastifyError & { code?: string; validationContext?: string };
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const path = v.instancePath ? v.instancePath.split('/').filter(Boolean) : [];
        const issue = { ...(v.params as object), code: v.keyword, path, message: v.message } as IssueLike;
        return {
          path: [err.validationContext, ...path].filter(Boolean).join('.'),
          code: v.keyword,
          message: issueMessage(issue, lang),
        };
      });
      return reply.code(400).send({
        error: { code: 'VALIDATION_FAILED', message: errorMessage('VALIDATION_FAILED', lang), details },
      });
    }
    if (err instanceof ZodError) {
      const details = issuesToDetails(err.issues as unknown as IssueLike[], lang);
      return reply.code(400).send({
        error: { code: 'VALIDATION_FAILED', message: errorMessage('VALIDATION_FAILED', lang), details },
      });
    }
    if (err.code === 'FST_ERR_RESPONSE_SERIALIZATION') {
      req.log.error({ err, details: err.cause }, 'response did not match its schema');
      return reply.code(500).send(appErrorBody(new AppError('INTERNAL'), lang));
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(appErrorBody(new AppError('MALFORMED_JSON'), lang));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(
          appErrorBody(
            new AppError('PAYLOAD_TOO_LARGE', {
              limit: `${Math.round(app.initialConfig.bodyLimit! / 1024)} KB`,
            }),
            lang,
          ),
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(415).send(appErrorBody(new AppError('UNSUPPORTED_MEDIA_TYPE'), lang));
      case 'FST_REQ_FILE_TOO_LARGE':
        return reply.code(413).send(appErrorBody(new AppError('PAYLOAD_TOO_LARGE', { limit: '' }), lang));
    }
    if (err instanceof SyntaxError && (err as FastifyError).statusCode === 400) {
      return reply.code(400).send(appErrorBody(new AppError('MALFORMED_JSON'), lang));
    }
    // drizzle wraps driver errors ("Failed query: …") and keeps the PostgreSQL error as the cause.
    const driverErr = (err as { cause?: { code?: string } }).cause?.code
      ? (err as { cause: { code?: string; constraint?: string } }).cause
      : err;
    const dbErr = fromDatabase(driverErr as { code?: string; constraint?: string });
    if (dbErr) return reply.code(dbErr.status).send(appErrorBody(dbErr, lang));
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const code =
        status === 404
          ? 'ROUTE_NOT_FOUND'
          : status === 413
            ? 'PAYLOAD_TOO_LARGE'
            : status === 415
              ? 'UNSUPPORTED_MEDIA_TYPE'
              : 'VALIDATION_FAILED';
      const params = { method: req.method, url: req.url, limit: '' };
      return reply.code(status).send({
        error: { code, message: errorMessage(code, lang, params), details: { reason: err.message } },
      });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(appErrorBody(new AppError('INTERNAL'), lang));
  });
}

/**
 * Unknown URLs: the built web app's index.html for page routes (so a reload of `/m/...` or a console
 * deep link works), otherwise a 404 in the caller's language. One handler, set once, after the routes.
 */
export function installNotFoundHandler(
  app: FastifyInstance,
  webFallback: ((url: string) => string | null) | null = null,
): void {
  app.setNotFoundHandler((req, reply) => {
    const file = webFallback && (req.method === 'GET' || req.method === 'HEAD') ? webFallback(req.url) : null;
    if (file) return reply.type('text/html').header('cache-control', 'no-cache').sendFile(file);
    const lang = langOf(req);
    return reply
      .code(404)
      .send(
        appErrorBody(
          new AppError('ROUTE_NOT_FOUND', { method: req.method, url: req.url.split('?')[0] ?? '' }),
          lang,
        ),
      );
  });
}

export const KNOWN_ERROR_CODES = Object.keys(ERRORS);
