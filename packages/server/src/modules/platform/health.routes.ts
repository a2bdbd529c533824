import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client';
import { ping } from './health.repo';

export function healthRoutes(deps: { db: Database; version: string }) {
  const started = Date.now();
  return async (app: FastifyInstance) => {
    app.get(
      '/api/health',
      { config: { public: true }, schema: { tags: ['platform'], summary: '健康检查 / Health' } },
      async (_req, reply) => {
        const t = performance.now();
        let database: { status: 'ok' | 'down'; engine: string; latencyMs?: number; error?: string };
        try {
          await ping(deps.db);
          database = {
            status: 'ok',
            engine: deps.db.engine,
            latencyMs: Math.round((performance.now() - t) * 100) / 100,
          };
        } catch (e) {
          database = { status: 'down', engine: deps.db.engine, error: (e as Error).message };
        }
        const status = database.status === 'ok' ? 'ok' : 'degraded';
        if (status !== 'ok') reply.code(503);
        return {
          status,
          version: deps.version,
          uptimeSeconds: Math.round((Date.now() - started) / 1000),
          database,
        };
      },
    );

    app.get('/api/docs', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  };
}
