#!/usr/bin/env node
// `npm test`: pure tests, database tests on PGlite, again on PostgreSQL when TEST_DATABASE_URL is set,
// then the browser journeys in Chromium when one is installed. Ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, '.vitest-results');
mkdirSync(out, { recursive: true });
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;
let suitesFailed = 0;

function run(name, args, env = {}) {
  const file = join(out, `${name}.json`);
  const res = spawnSync(
    process.execPath,
    [vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${file}`, ...args, ...extra],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    },
  );
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    // A file that fails to load has no tests to count; count the suite itself.
    if (r.numFailedTestSuites > 0 && r.numFailedTests === 0) failed += r.numFailedTestSuites;
    // Unhandled errors (a crashed worker, a bad config) fail the run without failing a test: count them.
    else if (r.success === false && r.numFailedTests === 0) failed += 1;
  } else if (res.status !== 0) {
    failed += 1;
  }
  if (res.status !== 0) suitesFailed++;
}

const pg = process.env.TEST_DATABASE_URL;
const projects = [
  '--project',
  'domain',
  '--project',
  'server-pglite',
  ...(pg ? ['--project', 'server-postgres'] : []),
];
run('unit', projects);
if (!pg) {
  process.stdout.write(
    '\n跳过 PostgreSQL 测试 / Skipped the PostgreSQL run of the database tests: TEST_DATABASE_URL is not set.\n' +
      '  (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test)\n\n',
  );
}

const chromium =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const e2eConfig = join(root, 'packages/e2e/vitest.config.ts');
if (existsSync(e2eConfig)) {
  if (chromium) {
    const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--quiet'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (b.status !== 0) {
      failed += 1;
      suitesFailed++;
    } else run('e2e', ['--config', e2eConfig], { CHROMIUM_PATH: chromium });
  } else {
    process.stdout.write(
      '\n跳过浏览器测试 / Skipped the browser journeys: no Chromium found (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH).\n\n',
    );
  }
}

writeFileSync(join(out, 'summary.json'), JSON.stringify({ passed, failed }));
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 || suitesFailed > 0 ? 1 : 0);
