// Registry benchmarks (issue #6): import 1.5 million people from CSV through the real import path
// (stream, validate, match addresses, encrypt + blind index, upsert), re-import, lookup by ID number and
// fuzzy name search over the result. `npm run bench -- registry`. BENCH_REGISTRY_ROWS (default 1,500,000)
// and BENCH_REGISTRY_ROWS_PGLITE (default 200,000) set the sizes.
import { spawnSync } from 'node:child_process';
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type Bench, defineBench, fmt, percentile } from '../../../scripts/bench/kit';
import { boot, type Runtime } from '../src/boot';
import { type Actor, SYSTEM_ACTOR } from '../src/db/context';
import type { AddressNode } from '../src/modules/registry/registry.service';
import { demoDoors } from '../src/seed/registry-demo';
import { freshPglite, freshPostgres } from '../test/bench-db';
import { testConfig } from '../test/test-env';

const ROWS = Number(process.env.BENCH_REGISTRY_ROWS ?? 1_500_000);
const PGLITE_ROWS = Number(process.env.BENCH_REGISTRY_ROWS_PGLITE ?? 200_000);
const BUILDINGS = 20;
const BAD = 0.02;
const LOOKUPS = 1000;
const NAME_QUERIES = 200;

const ACTOR: Actor = {
  userId: 1,
  username: 'bench',
  roles: ['dispatcher'],
  scopePath: '350199',
  departmentId: null,
};

type Row = (string | number)[];

async function addBuildings(rt: Runtime) {
  const s = rt.services;
  const dir = await s.territory.dir();
  const doors = demoDoors([...dir.byId.values()]);
  const roots: AddressNode[] = [];
  for (const d of doors) {
    const [m] = await s.registry.matchAddress(SYSTEM_ACTOR, `${d.town}${d.road}${d.door}号`, 1);
    for (let b = 2; b <= BUILDINGS; b++)
      roots.push({
        kind: 'building',
        name: `${b}栋`,
        parentId: m!.address.id,
        children: [1, 2].map((u) => ({
          kind: 'unit' as const,
          name: `${u}单元`,
          children: [101, 102, 103, 104, 201, 202, 203, 204].map((r) => ({
            kind: 'room' as const,
            name: `${r}室`,
          })),
        })),
      });
  }
  const t0 = performance.now();
  let n = 0;
  for (let i = 0; i < roots.length; i += 2000)
    n += await s.registry.insertAddressTree(SYSTEM_ACTOR, roots.slice(i, i + 2000));
  return { n, secs: (performance.now() - t0) / 1000 };
}

async function sample(file: string, every: number) {
  const ids: string[] = [];
  const names: string[] = [];
  let i = 0;
  for await (const line of createInterface({ input: createReadStream(file) })) {
    if (i++ === 0 || i % every) continue;
    const [name, id] = line.split(',');
    if (ids.length < LOOKUPS) ids.push(id!);
    if (names.length < NAME_QUERIES && [...name!].length === 3) names.push(name!);
  }
  return { ids, names };
}

async function timed(fn: () => Promise<unknown>, n: number) {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn.call(null);
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b);
}

async function importOnce(rt: Runtime, file: string) {
  const s = rt.services;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const copy = `${file}.${Date.now()}`;
  spawnSync('cp', [file, copy]);
  const imp = await s.registryImport.create(ACTOR, { entity: 'people', fileName: 'people.csv', path: copy });
  await s.jobs.runDue();
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  const done = await s.registryImport.get(SYSTEM_ACTOR, imp.id);
  // CPU seconds of this process (on PGlite that includes the embedded database): less sensitive to load.
  return { secs, cpuSecs: (cpu.user + cpu.system) / 1e6, peakMb: peak / 1024 / 1024, done };
}

async function runOn(rt: Runtime, dir: string, rows: number, log: (m: string) => void) {
  const tables: Row[] = [];
  log('adding buildings…');
  const b = await addBuildings(rt);
  tables.push([
    'standard addresses added (19 buildings × 2 units × 8 rooms per door)',
    fmt(b.n),
    `${b.secs.toFixed(1)} s`,
    '',
  ]);
  const file = join(dir, 'people.csv');
  log(`generating ${rows} rows…`);
  const g0 = performance.now();
  const gen = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/server/src/cli/registry-gen.ts',
      '--rows',
      String(rows),
      '--bad',
      String(BAD),
      '--buildings',
      String(BUILDINGS),
      '--out',
      file,
    ],
    { stdio: 'inherit' },
  );
  if (gen.status !== 0) throw new Error('generator failed');
  tables.push([
    'generate CSV (separate process, not counted)',
    fmt(rows),
    `${((performance.now() - g0) / 1000).toFixed(1)} s`,
    `${(statSync(file).size / 1024 / 1024).toFixed(0)} MB`,
  ]);
  log('importing…');
  // BENCH_REGISTRY_CPU_PROF=<file.cpuprofile>: a V8 CPU profile of the first import only (not the setup).
  const profFile = process.env.BENCH_REGISTRY_CPU_PROF;
  const inspector = profFile ? new Session() : null;
  if (inspector) {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  }
  const first = await importOnce(rt, file);
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(profFile!, JSON.stringify(profile));
    inspector.disconnect();
  }
  const d = first.done;
  tables.push([
    'import (job: stream, validate, match, encrypt, upsert)',
    fmt(d.totalRows),
    `${first.secs.toFixed(1)} s (${fmt(Math.round(d.totalRows / first.secs))} rows/s)`,
    `inserted ${fmt(d.inserted)}, rejected ${fmt(d.rejected)}, peak RSS ${first.peakMb.toFixed(0)} MB, process CPU ${first.cpuSecs.toFixed(1)} s`,
  ]);
  // BENCH_REGISTRY_REIMPORT=0 skips the re-import (it takes about as long as the import at full size).
  const again =
    process.env.BENCH_REGISTRY_REIMPORT === '0' ? null : (log('re-importing…'), await importOnce(rt, file));
  if (again)
    tables.push([
      're-import of the same file',
      fmt(again.done.totalRows),
      `${again.secs.toFixed(1)} s`,
      `inserted ${again.done.inserted}, updated ${again.done.updated}, unchanged ${fmt(again.done.unchanged)}, peak RSS ${again.peakMb.toFixed(0)} MB, process CPU ${again.cpuSecs.toFixed(1)} s`,
    ]);
  const { ids, names } = await sample(file, Math.max(1, Math.floor(rows / 2000)));
  let k = 0;
  const byId = await timed(
    () => rt.services.registry.searchPeople(ACTOR, { q: ids[k++ % ids.length] }, 1, 20),
    ids.length,
  );
  let j = 0;
  const byName = await timed(
    () => rt.services.registry.searchPeople(ACTOR, { q: names[j++ % names.length] }, 1, 20),
    names.length,
  );
  // Surnames: the first character of the sampled names (one-character queries are a prefix, LIKE '王%').
  const surnames = [...new Set(names.map((n) => [...n][0]!))];
  let m = 0;
  const bySurname = await timed(
    () => rt.services.registry.searchPeople(ACTOR, { q: surnames[m++ % surnames.length] }, 1, 20),
    Math.max(50, surnames.length),
  );
  const lat = (ms: number[]) =>
    `p50 ${percentile(ms, 50).toFixed(2)} · p95 ${percentile(ms, 95).toFixed(2)} · p99 ${percentile(ms, 99).toFixed(2)} ms`;
  tables.push([
    'lookup by ID number (blind index; audited)',
    fmt(ids.length),
    lat(byId),
    'service call incl. audit write',
  ]);
  tables.push([
    'fuzzy name search, 3-character names (pg_trgm <% on the GIN index under RLS, page of 20 + total)',
    fmt(names.length),
    lat(byName),
    '',
  ]);
  tables.push([
    `surname search, one character (LIKE prefix on the same GIN index under RLS, page of 20 + total; ${surnames.length} surnames)`,
    String(bySurname.length),
    lat(bySurname),
    '',
  ]);
  // The plans as the service runs them (app role, scope, RLS), after the timed loops (warm cache).
  const plans: string[] = [];
  for (const [what, q] of [
    ['ID number', ids[0]!],
    ['name', names[0]!],
    ['surname', surnames[0]!],
  ] as const) {
    const lines = await rt.services.registry.explainPeopleSearch(ACTOR, q);
    log(`EXPLAIN ANALYZE, ${what} search:\n${lines.join('\n')}`);
    const scan = lines
      .find((l) => /Index|Bitmap|Seq Scan/.test(l))
      ?.trim()
      .replace(/\s+\(.*$/, '');
    const exec = lines.find((l) => l.startsWith('Execution Time'));
    plans.push(`EXPLAIN ANALYZE of the ${what} search: ${scan ?? '?'}; ${exec ?? ''}`);
  }
  return { tables, first, again, byId, byName, plans };
}

const bench: Bench = defineBench({
  title: 'Registry: import 1.5 million people, lookups',
  description:
    'A synthetic CSV from `npm run registry:gen` (names, valid GB 11643 ID numbers, phones, addresses in the demo ' +
    'district written six ways — full-width, Chinese numerals, 幢/号楼, dashes — and 2% bad rows: wrong check digit, ' +
    'bad phone, unknown address, repeated ID) is imported through the real path: upload check, then the import job ' +
    'streams it (csv-parse), validates every row (GB 11643 check digit, phone, type), matches addresses against ' +
    'the standard addresses of the scope held in memory (normalised exact match; unknown texts once each by ' +
    'doorplate + trigram ranking, capped), encrypts ID number and phone (AES-256-GCM) with HMAC blind indexes, ' +
    'and writes chunks of 5,000 rows with COPY into a staging table + one INSERT … ON CONFLICT (the next chunk is ' +
    'prepared while one is written), bumping the kept per-grid resident counters in the same transaction. Before ' +
    'that, 19 more buildings (2 units × 8 rooms) are added under each of the 741 demo doors so people spread over ' +
    'about 230,000 rooms. Peak memory is the RSS of the one process that runs the import (sampled every 100 ms; ' +
    'on PGlite it includes the embedded database). Lookups are service calls (scope, query, audit entry for ID lookups).',
  engines: ['postgres', 'pglite'],
  async run(ctx) {
    const dir = ctx.tempDir('fq-registry-bench-');
    let rt: Runtime;
    let drop: (() => Promise<void>) | null = null;
    const rows = ctx.engine === 'postgres' ? ROWS : PGLITE_ROWS;
    if (ctx.engine === 'postgres') {
      const db = await freshPostgres(ctx.databaseUrl!);
      drop = db.drop;
      if (process.env.BENCH_REGISTRY_KEEP === '1') ctx.log(`database ${db.url}`);
      rt = await boot(testConfig(dir, db.url, { LOG_LEVEL: 'silent', FENGQIAO_IMPORT_MAX_MB: '4096' }), {
        workers: false,
      });
    } else {
      rt = await boot(testConfig(dir, undefined, { LOG_LEVEL: 'silent', FENGQIAO_IMPORT_MAX_MB: '4096' }), {
        workers: false,
        pglite: await freshPglite(),
      });
    }
    try {
      const r = await runOn(rt, dir, rows, ctx.log);
      const p95Id = percentile(r.byId, 95);
      const p95Name = percentile(r.byName, 95);
      return {
        settings: {
          rows,
          'bad share': BAD,
          'chunk size': 5000,
          'ID lookups': LOOKUPS,
          'name queries': r.byName.length,
        },
        tables: [{ columns: ['step', 'rows / queries', 'time', 'notes'], rows: r.tables }],
        targets:
          ctx.engine === 'postgres'
            ? [
                {
                  what: `import ${fmt(rows)} people`,
                  goal: '≤ 120 s',
                  actual: `${r.first.secs.toFixed(1)} s`,
                  met: r.first.secs <= 120,
                },
                {
                  what: 'import peak memory (RSS)',
                  goal: '< 1 GB',
                  actual: `${r.first.peakMb.toFixed(0)} MB`,
                  met: r.first.peakMb < 1024,
                },
                {
                  what: 'lookup by ID number p95',
                  goal: '< 10 ms',
                  actual: `${p95Id.toFixed(2)} ms`,
                  met: p95Id < 10,
                },
                {
                  what: 'fuzzy name search p95',
                  goal: '< 100 ms',
                  actual: `${p95Name.toFixed(2)} ms`,
                  met: p95Name < 100,
                },
              ]
            : [],
        notes: [
          ...(ctx.engine === 'pglite'
            ? [
                `PGlite runs ${fmt(rows)} rows (BENCH_REGISTRY_ROWS_PGLITE), reported as is: one WASM connection, no parallelism.`,
              ]
            : []),
          ...r.plans,
        ],
      };
    } finally {
      await rt.stop();
      // BENCH_REGISTRY_KEEP=1 leaves the PostgreSQL database in place for looking at afterwards.
      if (process.env.BENCH_REGISTRY_KEEP === '1' && drop) ctx.log('database kept (BENCH_REGISTRY_KEEP=1)');
      else await drop?.();
    }
  },
});
export default bench;
