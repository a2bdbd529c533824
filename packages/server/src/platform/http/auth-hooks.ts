import type { Permission } from '@fengqiao/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../../modules/users/auth.service';
import { AppError } from '../errors';
import { pickLanguage } from '../language';
import { anonymousActor } from './types';

export const SESSION_COOKIE = 'fq_session';
export const CSRF_COOKIE = 'fq_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/**
 * Who is calling, decided before the body is even parsed: 401 and 403 come before 400, so a caller
 * without rights learns nothing about the shape of the endpoint. Browsers use the httpOnly cookie and
 * must echo the CSRF token on unsafe methods; scripts use `Authorization: Bearer`.
 */
export function installAuthHooks(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('auth', null);
  app.decorateRequest('viaCookie', false);
  app.decorateRequest('actor', null as never);

  app.addHook('onRequest', async (req: FastifyRequest, _reply: FastifyReply) => {
    req.lang = pickLanguage(req.headers['accept-language'], req.cookies?.fq_lang);
    req.actor = anonymousActor(req.ip, req.id);
    const fromHeader = bearer(req);
    const token = fromHeader ?? req.cookies?.[SESSION_COOKIE] ?? null;
    const config = req.routeOptions.config ?? {};
    if (token) {
      req.auth = await auth.authenticate(token, { ip: req.ip, requestId: req.id });
      req.viaCookie = !fromHeader;
      if (req.auth) {
        req.actor = req.auth.actor;
        req.log = req.log.child({ userId: req.auth.user.id });
      }
    }
    // Unknown routes fall through to the 404 handler: a wrong URL is a 404 even without a session.
    if (!req.url.startsWith('/api/') || config.public || req.is404) return;
    if (!req.auth) throw new AppError(token ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED');
    if (req.viaCookie && UNSAFE.has(req.method)) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || sent !== req.auth.csrfToken) throw new AppError('AUTH_CSRF');
    }
    const needed = config.permission;
    if (needed) {
      const list: Permission[] = Array.isArray(needed) ? needed : [needed];
      if (!list.some((p) => req.auth!.permissions.has(p))) throw new AppError('FORBIDDEN');
    }
  });
}

export function requirePermission(req: FastifyRequest, p: Permission): void {
  if (!req.auth) throw new AppError('AUTH_REQUIRED');
  if (!req.auth.permissions.has(p)) throw new AppError('FORBIDDEN');
}

export function hasPermission(req: FastifyRequest, p: Permission): boolean {
  return req.auth?.permissions.has(p) ?? false;
}
