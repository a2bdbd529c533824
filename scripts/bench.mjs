#!/usr/bin/env node
// `npm run bench [-- <name>…] [--engines=pglite,postgres] [--dry]`
// Runs every benchmark module `packages/*/bench/*.bench.ts` (or those whose file name contains one of the
// names), once per engine in a fresh process: PGlite always, PostgreSQL when BENCH_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test) answers. Each writes its own section of BENCHMARKS.md (replacing
// the section with the same heading), with date, machine, engine, settings, figures and how to reproduce.
// --dry prints the sections instead of writing the file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { buildServer } from './build.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const dry = args.includes('--dry');
const engineArg = args.find((a) => a.startsWith('--engines='))?.slice('--engines='.length);
const names = args.filter((a) => !a.startsWith('--'));
const benchFile = join(root, 'BENCHMARKS.md');
const out = (m) => process.stdout.write(`${m}\n`);

function discover() {
  const files = [];
  for (const pkg of readdirSync(join(root, 'packages'))) {
    const dir = join(root, 'packages', pkg, 'bench');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir))
      if (f.endsWith('.bench.ts')) files.push(join('packages', pkg, 'bench', f));
  }
  files.sort();
  return names.length ? files.filter((f) => names.some((n) => f.split('/').pop().includes(n))) : files;
}

async function probePostgres() {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    const r = await client.query('SHOW server_version');
    return { url, version: String(r.rows[0].server_version).split(' ')[0] };
  } catch (e) {
    return { url, error: e.message };
  } finally {
    await client.end().catch(() => {});
  }
}

function tsx(argv, env = {}) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench/runner.ts'), ...argv], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function machine() {
  const cpus = os.cpus();
  let distro = `${os.type()} ${os.release()}`;
  try {
    const rel = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?/m);
    if (rel) distro = `${rel[1]} (${os.type()} ${os.release()})`;
  } catch {}
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown CPU',
    cores: cpus.length,
    ramGiB: (os.totalmem() / 1024 ** 3).toFixed(1),
    os: distro,
    node: process.version,
  };
}

const loadavg = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(' / ');

function shanghaiNow() {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} (Asia/Shanghai)`;
}

const cell = (v) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(t) {
  const lines = [];
  if (t.title) lines.push(`**${t.title}**`, '');
  lines.push(`| ${t.columns.map(cell).join(' | ')} |`);
  lines.push(`|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of t.rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

function section(file, meta, runs, m, started, load) {
  const id = file
    .split('/')
    .pop()
    .replace(/\.bench\.ts$/, '');
  const lines = [
    `## ${meta.title}`,
    '',
    meta.description,
    '',
    `- Date: ${started}`,
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}`,
    `- Load average (1/5/15 min) when it started: ${load} — the machine is shared, so figures are lower bounds`,
    `- Reproduce: \`npm run bench -- ${id}\` (module \`${file}\`)`,
    '',
  ];
  for (const run of runs) {
    lines.push(`### ${run.label}`, '');
    if (run.error) {
      lines.push(`Not run: ${run.error}`, '');
      continue;
    }
    const r = run.result;
    const settings = Object.entries(r.settings ?? {});
    if (settings.length) lines.push(`Settings: ${settings.map(([k, v]) => `${k} = ${v}`).join('; ')}.`, '');
    for (const t of r.targets ?? [])
      lines.push(`- Target — ${t.what}: ${t.goal}; measured ${t.actual}: **${t.met ? 'met' : 'missed'}**`);
    if (r.targets?.length) lines.push('');
    for (const t of r.tables) lines.push(table(t), '');
    for (const n of r.notes ?? []) lines.push(`- ${n}`);
    if (r.notes?.length) lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const INTRO = `# Benchmarks

Speed targets live here, never in timed unit tests. Every figure below was written by \`npm run bench\`,
with the date, the machine, the engine and the settings it ran with.

## How benchmarks work

- A benchmark is a module \`packages/<package>/bench/<id>.bench.ts\` whose default export is
  \`defineBench({ title, description, engines, run })\` from \`scripts/bench/kit.ts\`. \`run(ctx)\` returns
  \`{ settings, tables, targets?, notes? }\`; the runner turns that into a section of this file.
- \`npm run bench\` runs every module (\`npm run bench -- locate login\` runs those whose file name contains
  a word), each in a fresh Node process (\`node --import tsx\`), once per engine it lists: \`pglite\` always,
  \`postgres\` when \`BENCH_DATABASE_URL\` (default \`postgres://postgres@127.0.0.1:5432/test\`) answers,
  \`none\` for in-process work. \`--engines=pglite\` narrows it; \`--dry\` prints instead of writing.
- Before running, the server bundle is rebuilt (\`scripts/build.mjs\`), so benchmarks that start the real
  server (\`node packages/server/dist/main.js\`, see \`packages/server/bench/support.ts\`) measure current code.
- A section is replaced by its heading (\`## <title>\`); other sections stay. Keep a title stable once
  published. Sections appear in the order they were first written.
- Helpers: \`opsPerSecond\`, \`percentile\`, \`fmt\` (kit); \`startServer\` (spawn the built server on a data
  directory or a database and time it until \`/api/health\` answers ok), \`freshDatabase\`, \`seedDatabase\`
  (boot in-process: migrate + demo district), \`httpLoad\` (a keep-alive load loop at a given concurrency,
  bounded in time, loopback only), \`login\` (support).
- Be honest: report what was measured, on what, under which load; when a target is missed say so and
  what was done about it. The machine has 2 cores shared with other work, and the load generator shares
  them with the server: HTTP figures are lower bounds.
`;

function writeSection(title, text) {
  const current = existsSync(benchFile) ? readFileSync(benchFile, 'utf8') : INTRO;
  const body = current.includes('## How benchmarks work') ? current : `${INTRO}\n${current}`;
  // Sections start at "## " at the start of a line; the intro's own "## How benchmarks work" is kept.
  const parts = body.split(/^(?=## )/m);
  const heading = `## ${title}`;
  const i = parts.findIndex((p) => p.split('\n')[0].trim() === heading);
  if (i >= 0) parts[i] = `${text}\n`;
  else parts.push(`${parts.at(-1).endsWith('\n\n') ? '' : '\n'}${text}\n`);
  writeFileSync(benchFile, `${parts.join('').trimEnd()}\n`);
}

const files = discover();
if (files.length === 0) {
  out(`no benchmark matches ${names.join(', ')}`);
  process.exit(1);
}
out(`benchmarks: ${files.map((f) => relative(root, join(root, f))).join(', ')}`);
await buildServer();
const pgInfo = await probePostgres();
out(
  pgInfo.error
    ? `PostgreSQL not reachable (${pgInfo.url}): ${pgInfo.error}`
    : `PostgreSQL ${pgInfo.version} at ${pgInfo.url}`,
);
const wanted = engineArg ? engineArg.split(',') : null;
const m = machine();
const tmp = mkdtempSync(join(os.tmpdir(), 'fq-bench-results-'));
let failures = 0;

for (const file of files) {
  const metaRun = tsx(['--meta', file]);
  if (metaRun.status !== 0) {
    out(`${file}: cannot load (exit ${metaRun.status})`);
    failures++;
    continue;
  }
  const meta = JSON.parse(metaRun.stdout.trim().split('\n').pop());
  const started = shanghaiNow();
  const load = loadavg();
  const runs = [];
  for (const engine of meta.engines) {
    if (wanted && !wanted.includes(engine)) continue;
    const label =
      engine === 'pglite'
        ? 'PGlite (embedded PostgreSQL 17, WASM)'
        : engine === 'postgres'
          ? `PostgreSQL ${pgInfo.version ?? ''} (server, ${pgInfo.url.replace(/\/\/[^@]*@/, '//')})`
          : 'In-process (no database)';
    if (engine === 'postgres' && pgInfo.error) {
      runs.push({ label, error: `PostgreSQL not reachable at ${pgInfo.url} (${pgInfo.error})` });
      continue;
    }
    out(`\n▶ ${meta.title} — ${engine}`);
    const result = join(tmp, `${Math.random().toString(36).slice(2)}.json`);
    const t = performance.now();
    const res = tsx([file, engine, result], engine === 'postgres' ? { BENCH_DATABASE_URL: pgInfo.url } : {});
    if (res.status !== 0 || !existsSync(result)) {
      out(`  failed (exit ${res.status})`);
      runs.push({ label, error: `the run failed (exit ${res.status}); see the console output` });
      failures++;
      continue;
    }
    out(`  done in ${Math.round((performance.now() - t) / 1000)} s`);
    runs.push({ label, result: JSON.parse(readFileSync(result, 'utf8')) });
  }
  if (runs.length === 0) continue;
  const text = section(file, meta, runs, m, started, load);
  if (dry) out(`\n${text}`);
  else writeSection(meta.title, text);
}
rmSync(tmp, { recursive: true, force: true });
if (!dry) out(`\nwrote ${relative(process.cwd(), benchFile)}`);
process.exit(failures > 0 ? 1 : 0);
