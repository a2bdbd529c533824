import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../platform/http/auth-hooks';
import type { AuthService } from '../users/auth.service';
import type { LiveService } from './live.service';

function tokenOf(req: FastifyRequest): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]! : (req.cookies?.[SESSION_COOKIE] ?? null);
}

/**
 * `GET /api/v1/stream`: Server-Sent Events with the case changes and notifications this user may see.
 * A comment every `heartbeatMs` keeps proxies from closing the stream; at each heartbeat the session is
 * re-checked (without counting as activity), and the stream ends when it has expired or been revoked.
 */
export function liveRoutes(deps: { live: LiveService; auth: AuthService; heartbeatMs?: number }) {
  const { live, auth } = deps;
  const heartbeatMs = deps.heartbeatMs ?? 25_000;
  return async (app: FastifyInstance) => {
    // Open streams never go idle, so the server could not close while one is open: end them first.
    const streams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const close of streams) close();
    });
    app.get(
      '/api/v1/stream',
      { schema: { tags: ['live'], summary: '实时推送（SSE）/ Live updates (Server-Sent Events)' } },
      async (req, reply) => {
        const token = tokenOf(req);
        const state = req.auth!;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
          'x-request-id': req.id,
        });
        let open = true;
        const send = (event: string, data: unknown) => {
          if (open) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
        };
        res.write('retry: 5000\n\n');
        send('ready', { userId: state.user.id, at: new Date().toISOString() });
        const unsubscribe = live.subscribe({ actor: state.actor, permissions: state.permissions, send });
        const close = () => {
          if (!open) return;
          open = false;
          clearInterval(beat);
          unsubscribe();
          streams.delete(close);
          res.end();
        };
        streams.add(close);
        const beat = setInterval(async () => {
          const still = token ? await auth.authenticate(token, {}, { touch: false }).catch(() => null) : null;
          if (!still) {
            send('expired', {});
            close();
            return;
          }
          if (open) res.write(': ping\n\n');
        }, heartbeatMs);
        req.raw.on('close', close);
        res.on('error', close);
      },
    );
  };
}
