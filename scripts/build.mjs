#!/usr/bin/env node
// Builds what `npm start` needs: the server bundle (esbuild, always: it takes a moment) and the web app
// (vite, only when its sources are newer than the last build, or with --force).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');
const log = (m) => quiet || process.stdout.write(`${m}\n`);

function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of readdirSync(path)) {
    if (e === 'node_modules' || e === 'dist') continue;
    max = Math.max(max, newest(join(path, e)));
  }
  return max;
}

/** Every dependency stays external except our own workspace packages, which are TypeScript source. */
function externals() {
  const deps = new Set();
  for (const pkg of ['packages/server/package.json', 'packages/domain/package.json']) {
    const j = JSON.parse(readFileSync(join(root, pkg), 'utf8'));
    for (const d of Object.keys({ ...j.dependencies, ...j.devDependencies }))
      if (!d.startsWith('@fengqiao/')) deps.add(d);
  }
  return [...deps].flatMap((d) => [d, `${d}/*`]);
}

export async function buildServer() {
  const t = performance.now();
  const entries = {
    main: 'packages/server/src/main.ts',
    // A worker thread's module must be a file of its own (import-pool.ts finds it beside the chunks).
    'registry-import-worker': 'packages/server/src/modules/registry/import-worker.ts',
  };
  const cliDir = join(root, 'packages/server/src/cli');
  if (existsSync(cliDir))
    for (const f of readdirSync(cliDir))
      if (f.endsWith('.ts') && !f.endsWith('.test.ts'))
        entries[`cli/${f.slice(0, -3)}`] = `packages/server/src/cli/${f}`;
  await build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: 'packages/server/dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    sourcemap: true,
    splitting: true,
    external: externals(),
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __fqRequire } from 'node:module'; const require = __fqRequire(import.meta.url);",
    },
  });
  log(`server bundle built in ${Math.round(performance.now() - t)} ms`);
}

export function buildWeb() {
  const web = join(root, 'packages/web');
  if (!existsSync(join(web, 'vite.config.ts'))) return;
  const stamp = join(web, 'dist/index.html');
  const sources = Math.max(
    newest(join(web, 'src')),
    newest(join(web, 'index.html')),
    newest(join(web, 'm')),
    newest(join(web, 'vite.config.ts')),
    newest(join(root, 'packages/domain/src')),
  );
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) {
    log('web app is up to date');
    return;
  }
  const t = performance.now();
  log('building the web app (vite)…');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', quiet ? 'error' : 'warn'],
    { cwd: web, stdio: 'inherit' },
  );
  log(`web app built in ${Math.round((performance.now() - t) / 100) / 10} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildServer();
  buildWeb();
}
