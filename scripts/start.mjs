#!/usr/bin/env node
// `npm start`: build what is stale, then run the platform (embedded PGlite unless DATABASE_URL is set).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildWeb } from './build.mjs';

const root = join(import.meta.dirname, '..');
if (!process.argv.includes('--no-build')) {
  await buildServer();
  buildWeb();
}
process.env.NODE_ENV ??= 'production';
await import(pathToFileURL(join(root, 'packages/server/dist/main.js')).href);
