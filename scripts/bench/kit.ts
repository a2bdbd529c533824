/**
 * The benchmark kit every module uses (see BENCHMARKS.md, "How benchmarks work"). A benchmark is a
 * file `packages/<pkg>/bench/<id>.bench.ts` whose default export is `defineBench({...})`; the runner
 * (`npm run bench`) runs it once per engine in a fresh process and writes its section of BENCHMARKS.md.
 */

export type Engine = 'pglite' | 'postgres' | 'none';

export interface BenchContext {
  engine: Engine;
  /** A PostgreSQL server URL (any database on it) when engine is 'postgres'. */
  databaseUrl: string | null;
  /** The repository root. */
  root: string;
  /** Progress on stderr (the result goes to BENCHMARKS.md, not the console). */
  log(message: string): void;
  /** Make a temporary directory that is removed when the run ends. */
  tempDir(prefix: string): string;
}

export interface Table {
  title?: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface Target {
  what: string;
  goal: string;
  actual: string;
  met: boolean;
}

export interface BenchResult {
  /** Knobs of this run: sizes, durations, concurrency, cost parameters. */
  settings: Record<string, string | number>;
  tables: Table[];
  targets?: Target[];
  notes?: string[];
}

export interface Bench {
  /** The section heading in BENCHMARKS.md: keep it stable, the runner replaces the section by it. */
  title: string;
  /** One paragraph: what is measured and why. */
  description: string;
  /** Engines to run on; 'none' for in-process work that touches no database. */
  engines: Engine[];
  run(ctx: BenchContext): Promise<BenchResult>;
}

export function defineBench(b: Bench): Bench {
  return b;
}

/** Calls `fn` in rounds until `minMs` have passed (after a warm-up); returns operations per second. */
export function opsPerSecond(fn: () => number, opts: { warmupMs?: number; minMs?: number } = {}) {
  const warmupEnd = performance.now() + (opts.warmupMs ?? 300);
  while (performance.now() < warmupEnd) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < (opts.minMs ?? 1000)) {
    ops += fn();
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** 1234567 → "1,234,567"; keeps `digits` decimals below 100. */
export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(digits);
}

/** Milliseconds as "850 ms" or "12.3 s". */
export function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${fmt(ms)} ms`;
}
