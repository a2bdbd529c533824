// One benchmark, one engine, one fresh process (started by scripts/bench.mjs with `node --import tsx`).
//   runner.ts --meta <file>                  → prints the bench's title, description and engines as JSON
//   runner.ts <file> <engine> <result.json>  → runs it and writes the BenchResult as JSON
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, BenchContext, Engine } from './kit';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const meta = args[0] === '--meta';
const file = meta ? args[1]! : args[0]!;
const bench = (await import(pathToFileURL(resolve(root, file)).href)).default as Bench;

if (meta) {
  process.stdout.write(
    `${JSON.stringify({ title: bench.title, description: bench.description, engines: bench.engines })}\n`,
  );
  process.exit(0);
}

const engine = args[1] as Engine;
const out = args[2]!;
const temps: string[] = [];
const ctx: BenchContext = {
  engine,
  databaseUrl: engine === 'postgres' ? (process.env.BENCH_DATABASE_URL ?? null) : null,
  root,
  log: (m) => process.stderr.write(`  [${engine}] ${m}\n`),
  tempDir(prefix) {
    const d = mkdtempSync(join(tmpdir(), `fq-bench-${prefix}-`));
    temps.push(d);
    return d;
  },
};
try {
  const result = await bench.run(ctx);
  writeFileSync(out, JSON.stringify(result));
} finally {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
}
// Pools, timers and child processes a bench forgot must not keep the runner alive.
process.exit(0);
