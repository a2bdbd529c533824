import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AddressMatcher, type MatcherAddress } from '@fengqiao/domain';
import { PiiCipher } from '../../platform/pii';
import { type ImportEncoding, type ImportFormat, readRows } from './import-file';
import type { ImportWorkerData, ToMain } from './import-worker';
import { type PreparedPeopleChunk, preparePeopleChunk, type RawRow } from './people-prepare';

/**
 * Where the prepared chunks of a people import come from, in file order: worker threads (`workers` ≥ 1:
 * one reader that parses and prepares, plus `workers − 1` helpers that prepare every other chunk), or the
 * main thread (`workers` = 0). Both run `preparePeopleChunk`, so they give the same chunks.
 */
export interface PeopleSourceOptions {
  workers: number;
  keys: { pii: Buffer; blindIndex: Buffer };
  addresses: MatcherAddress[];
  fuzzyBudget: number;
  index: Record<string, number>;
  scopePath: string;
  batch: number;
  file: { path: string; format: ImportFormat; encoding: ImportEncoding };
  onReady?: (info: { addresses: number; ms: number }) => void;
}

/** Chunks the reader may run ahead of the database writes (each ~3 MB of COPY text). */
const AHEAD = 4;

export function preparedPeopleChunks(opts: PeopleSourceOptions): AsyncGenerator<PreparedPeopleChunk> {
  return opts.workers > 0 ? workerChunks(opts) : inThreadChunks(opts);
}

async function* inThreadChunks(opts: PeopleSourceOptions): AsyncGenerator<PreparedPeopleChunk> {
  const t0 = performance.now();
  const ctx = {
    index: opts.index,
    scopePath: opts.scopePath,
    pii: new PiiCipher(opts.keys.pii, opts.keys.blindIndex),
    matcher: new AddressMatcher(opts.addresses, { fuzzyBudget: opts.fuzzyBudget }),
  };
  opts.addresses = [];
  opts.onReady?.({ addresses: ctx.matcher.size, ms: Math.round(performance.now() - t0) });
  let batch: RawRow[] = [];
  let header = true;
  for await (const row of readRows(opts.file.path, opts.file.format, opts.file.encoding)) {
    if (header) {
      header = false;
      continue;
    }
    batch.push(row);
    if (batch.length >= opts.batch) {
      yield preparePeopleChunk(ctx, batch);
      batch = [];
    }
  }
  if (batch.length) yield preparePeopleChunk(ctx, batch);
}

/**
 * How to start the worker: from the bundle, its `registry-import-worker.js` entry (scripts/build.mjs) next to
 * the chunk or entry this code was bundled into; from source (tsx or vitest), a small script that loads
 * `import-worker.ts` through tsx's `tsImport` (Node 20 does not pass `--import tsx` hooks on to workers).
 */
function workerEntry(): { script: string | URL; eval: boolean } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const api = pathToFileURL(
      createRequire(here)
        .resolve('tsx/esm/api')
        .replace(/index\.cjs$/, 'index.mjs'),
    ).href;
    const file = new URL('./import-worker.ts', here).href;
    return {
      script: `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(file)}, ${JSON.stringify(file)}));`,
      eval: true,
    };
  }
  for (const rel of ['./registry-import-worker.js', '../registry-import-worker.js']) {
    const url = new URL(rel, here);
    if (existsSync(fileURLToPath(url))) return { script: url, eval: false };
  }
  throw new Error('registry-import-worker.js is missing from the server bundle (run npm run build)');
}

async function* workerChunks(opts: PeopleSourceOptions): AsyncGenerator<PreparedPeopleChunk> {
  const entry = workerEntry();
  const helpers = opts.workers - 1;
  const base: Omit<ImportWorkerData, 'role' | 'file'> = {
    // Copies with buffers of their own: a Buffer may be a view into a shared pool holding other bytes.
    keys: { pii: new Uint8Array(opts.keys.pii), blindIndex: new Uint8Array(opts.keys.blindIndex) },
    addresses: opts.addresses,
    // Each worker has its own matcher: the file's budget of fuzzy doorplate searches is shared out.
    fuzzyBudget: Math.ceil(opts.fuzzyBudget / opts.workers),
    index: opts.index,
    scopePath: opts.scopePath,
    batch: opts.batch,
    ahead: AHEAD,
    helpers,
  };
  const start = (data: ImportWorkerData) => new Worker(entry.script, { workerData: data, eval: entry.eval });
  const reader = start({ ...base, role: 'reader', file: opts.file });
  const helping = Array.from({ length: helpers }, () => start({ ...base, role: 'helper', file: null }));
  const all = [reader, ...helping];
  // The workers have their copies: let this thread's go.
  base.addresses = [];
  opts.addresses = [];
  const buffered = new Map<number, PreparedPeopleChunk>();
  let total: number | null = null;
  let failure: Error | null = null;
  let notify: (() => void) | null = null;
  const poke = () => {
    notify?.();
    notify = null;
  };
  let ready = 0;
  const onMessage = (m: ToMain) => {
    if (m.type === 'chunk') buffered.set(m.seq, m.chunk);
    else if (m.type === 'raw') helping[(m.seq % (helpers + 1)) - 1]!.postMessage(m);
    else if (m.type === 'end') total = m.chunks;
    else if (m.type === 'ready' && ++ready === all.length) opts.onReady?.(m);
    poke();
  };
  for (const w of all) {
    w.on('message', onMessage);
    w.on('error', (e: Error) => {
      failure ??= e;
      poke();
    });
    w.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`registry import worker stopped (exit code ${code})`);
      poke();
    });
  }
  try {
    for (let seq = 0; ; seq++) {
      while (!buffered.has(seq) && !failure && !(total !== null && seq >= total))
        await new Promise<void>((r) => (notify = r));
      const chunk = buffered.get(seq);
      if (!chunk) {
        if (failure) throw failure;
        return;
      }
      buffered.delete(seq);
      yield chunk;
      reader.postMessage({ type: 'ack' });
    }
  } finally {
    for (const w of all) w.removeAllListeners('exit');
    await Promise.all(all.map((w) => w.terminate()));
  }
}
