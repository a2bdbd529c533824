#!/usr/bin/env node
// Runs a server command-line tool (packages/server/src/cli/<name>.ts) from the bundle.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer } from './build.mjs';

const [name, ...rest] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: run-server-script.mjs <name> [args]\n');
  process.exit(2);
}
await buildServer();
process.argv = [process.argv[0], name, ...rest];
await import(pathToFileURL(join(import.meta.dirname, '..', 'packages/server/dist/cli', `${name}.js`)).href);
