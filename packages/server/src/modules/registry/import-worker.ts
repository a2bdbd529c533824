import { parentPort, workerData } from 'node:worker_threads';
import { AddressMatcher, type MatcherAddress } from '@fengqiao/domain';
import { PiiCipher } from '../../platform/pii';
import { type ImportEncoding, type ImportFormat, readRows } from './import-file';
import { type PreparedPeopleChunk, preparePeopleChunk, type RawRow } from './people-prepare';

/**
 * A worker thread of the people import (`import-pool.ts`). The reader parses the file (CSV in UTF-8 or GBK,
 * or XLSX) and cuts it into chunks; it prepares chunks itself and hands every other one (with a helper) to
 * the main thread, which passes it on to the helper. The keys arrive in `workerData` (memory only, never
 * written anywhere); the standard addresses too, so no worker opens a database connection.
 */
export interface ImportWorkerData {
  role: 'reader' | 'helper';
  keys: { pii: Uint8Array; blindIndex: Uint8Array };
  addresses: MatcherAddress[];
  fuzzyBudget: number;
  index: Record<string, number>;
  scopePath: string;
  batch: number;
  /** Chunks the reader may have handed out that the main thread has not taken yet. */
  ahead: number;
  helpers: number;
  file: { path: string; format: ImportFormat; encoding: ImportEncoding } | null;
}

export type ToMain =
  | { type: 'chunk'; seq: number; chunk: PreparedPeopleChunk }
  | { type: 'raw'; seq: number; rows: RawRow[] }
  | { type: 'end'; chunks: number }
  | { type: 'ready'; addresses: number; ms: number };

export type ToWorker = { type: 'raw'; seq: number; rows: RawRow[] } | { type: 'ack' };

const port = parentPort!;
const data = workerData as ImportWorkerData;
const t0 = performance.now();
const ctx = {
  index: data.index,
  scopePath: data.scopePath,
  pii: new PiiCipher(Buffer.from(data.keys.pii), Buffer.from(data.keys.blindIndex)),
  matcher: new AddressMatcher(data.addresses, { fuzzyBudget: data.fuzzyBudget }),
};
data.addresses = [];
port.postMessage({ type: 'ready', addresses: ctx.matcher.size, ms: Math.round(performance.now() - t0) });

function sendPrepared(seq: number, rows: RawRow[]) {
  const chunk = preparePeopleChunk(ctx, rows);
  port.postMessage({ type: 'chunk', seq, chunk } satisfies ToMain, [
    chunk.rowNos.buffer as ArrayBuffer,
    chunk.keys.buffer as ArrayBuffer,
  ]);
}

if (data.role === 'helper') {
  port.on('message', (m: ToWorker) => {
    if (m.type === 'raw') sendPrepared(m.seq, m.rows);
  });
} else {
  let taken = 0;
  let handedOut = 0;
  let wake: (() => void) | null = null;
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'ack') return;
    taken++;
    wake?.();
    wake = null;
  });
  const emit = async (rows: RawRow[]) => {
    while (handedOut - taken >= data.ahead) await new Promise<void>((r) => (wake = r));
    const seq = handedOut++;
    if (data.helpers > 0 && seq % (data.helpers + 1) !== 0)
      port.postMessage({ type: 'raw', seq, rows } satisfies ToMain);
    else sendPrepared(seq, rows);
  };
  const file = data.file!;
  let batch: RawRow[] = [];
  let header = true;
  for await (const row of readRows(file.path, file.format, file.encoding)) {
    if (header) {
      header = false;
      continue;
    }
    batch.push(row);
    if (batch.length >= data.batch) {
      await emit(batch);
      batch = [];
    }
  }
  if (batch.length) await emit(batch);
  port.postMessage({ type: 'end', chunks: handedOut } satisfies ToMain);
}
