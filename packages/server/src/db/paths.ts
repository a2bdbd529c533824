import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's root, found by walking up to the migrations folder, so the same code works
 * from `src/` under vitest and from the bundled `dist/main.js`.
 */
export function serverRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'drizzle', 'meta', '_journal.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find packages/server/drizzle from ' + fileURLToPath(import.meta.url));
}

export const migrationsFolder = (): string => join(serverRoot(), 'drizzle');
