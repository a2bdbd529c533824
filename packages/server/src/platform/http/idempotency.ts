import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { Database } from '../../db/client';
import { transaction } from '../../db/context';
import * as repo from '../../modules/platform/idempotency.repo';
import { AppError } from '../errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{8,128}$/;

function requestHash(req: FastifyRequest): Buffer {
  const h = createHash('sha256').update(req.method).update('\u0000').update(req.url).update('\u0000');
  if (Buffer.isBuffer(req.body)) h.update(req.body);
  else h.update(JSON.stringify(req.body ?? null));
  return h.digest();
}

/**
 * `Idempotency-Key` for every write (DESIGN.md §3): the key, the request's hash and the answer are stored
 * in the same transaction as the change, so a retried request after a lost answer replays the first
 * answer instead of creating twice, and a crash before commit leaves nothing behind.
 */
export function installIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => UNSAFE.has(m)) || route.config?.idempotent === false) return;
    const original = route.handler as RouteHandlerMethod;
    route.handler = async function idempotent(
      this: FastifyInstance,
      req: FastifyRequest,
      reply: FastifyReply,
    ) {
      const key = req.headers['idempotency-key'];
      if (key === undefined) return original.call(this, req, reply);
      if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
        throw new AppError('VALIDATION_FAILED', {}, [
          {
            path: 'headers.idempotency-key',
            code: 'invalid_format',
            message:
              req.lang === 'en'
                ? '8–128 characters: letters, digits, - _ : .'
                : '应为 8–128 位字母、数字或 - _ : .',
          },
        ]);
      }
      const owner = req.auth ? `u:${req.auth.user.id}` : 'anon';
      const hash = requestHash(req);
      if (route.config?.rendersOutsideTransaction) {
        const claim = { owner, key, method: req.method, path: req.url.slice(0, 500), requestHash: hash };
        const prior = await transaction(db, req.actor, () => repo.claimKey(claim));
        if (prior) {
          if (!prior.requestHash.equals(hash)) throw new AppError('IDEMPOTENCY_MISMATCH');
          if (prior.statusCode === 0) throw new AppError('IDEMPOTENCY_IN_PROGRESS');
          reply.header('idempotent-replayed', 'true');
          reply.code(prior.statusCode);
          return prior.response;
        }
        let result: unknown;
        try {
          result = await original.call(this, req, reply);
        } catch (e) {
          await transaction(db, req.actor, () => repo.releaseKey(owner, key)).catch(() => {});
          throw e;
        }
        await transaction(db, req.actor, () =>
          repo.completeKey(
            owner,
            key,
            reply.statusCode,
            result === undefined ? null : JSON.parse(JSON.stringify(result)),
          ),
        );
        return result;
      }
      return transaction(db, req.actor, async () => {
        const prior = await repo.claimKey({
          owner,
          key,
          method: req.method,
          path: req.url.slice(0, 500),
          requestHash: hash,
        });
        if (prior) {
          if (!prior.requestHash.equals(hash)) throw new AppError('IDEMPOTENCY_MISMATCH');
          reply.header('idempotent-replayed', 'true');
          reply.code(prior.statusCode || 200);
          return prior.response;
        }
        const result = await original.call(this, req, reply);
        await repo.completeKey(
          owner,
          key,
          reply.statusCode,
          result === undefined ? null : JSON.parse(JSON.stringify(result)),
        );
        return result;
      });
    } as RouteHandlerMethod;
  });
}
