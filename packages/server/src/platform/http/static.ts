import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built web app: the console at `/`, the phone pages at `/m/`. Unknown paths that are not
 * API calls get the right index.html so client-side routes survive a reload.
 */
export async function serveWeb(app: FastifyInstance, distDir: string): Promise<boolean> {
  if (!existsSync(join(distDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    setHeaders(reply, path) {
      // Hashed assets never change; the HTML must always be fresh.
      if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      else reply.header('cache-control', 'no-cache');
    },
  });
  return true;
}

export function spaFallbackFile(url: string): string | null {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path === '/api' || path.startsWith('/open311/')) return null;
  // A missing file (`/assets/x.js`, `/favicon.ico`) is a 404, not a page.
  const last = path.slice(path.lastIndexOf('/') + 1);
  if (last.includes('.')) return null;
  if (path === '/m' || path.startsWith('/m/')) return 'm/index.html';
  return 'index.html';
}
