/**
 * Group commit: callers submit items one by one; while a batch is being written, the items that arrive
 * wait and are then written together in one transaction (`runBatch`). Nothing waits on a timer: a lone
 * caller is written at once, and under load the batch grows to what arrived meanwhile (up to `maxBatch`).
 * Items are batched only with items of the same key (the acting user and scope). Every caller gets its own
 * answer. If a batch of several fails, each of its items is written again on its own (`runOne`), so one
 * bad item fails only its own caller.
 */
export interface GroupCommit<I, O> {
  submit(item: I): Promise<O>;
  /** Items waiting or being written (for tests and diagnostics). */
  pending(): number;
  /** Batches written, items in them, the largest batch, batches that fell back to one by one. */
  stats(): { batches: number; items: number; largest: number; fallbacks: number };
}

export function createGroupCommit<I, O>(opts: {
  keyOf: (item: I) => string;
  runBatch: (items: I[]) => Promise<O[]>;
  runOne: (item: I) => Promise<O>;
  maxBatch: number;
  /** Batches written at the same time (1 for a single-connection engine). */
  parallel?: number;
}): GroupCommit<I, O> {
  interface Waiting {
    item: I;
    key: string;
    resolve: (o: O) => void;
    reject: (e: unknown) => void;
  }
  const queue: Waiting[] = [];
  const parallel = Math.max(1, opts.parallel ?? 1);
  let running = 0;
  const stats = { batches: 0, items: 0, largest: 0, fallbacks: 0 };

  async function write(batch: Waiting[]) {
    stats.batches++;
    stats.items += batch.length;
    stats.largest = Math.max(stats.largest, batch.length);
    try {
      const out = await opts.runBatch(batch.map((w) => w.item));
      for (const [i, w] of batch.entries()) w.resolve(out[i] as O);
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
    }
    stats.fallbacks++;
    for (const w of batch) {
      try {
        w.resolve(await opts.runOne(w.item));
      } catch (err) {
        w.reject(err);
      }
    }
  }

  function take(): Waiting[] {
    const key = queue[0]!.key;
    const batch: Waiting[] = [];
    for (let i = 0; i < queue.length && batch.length < opts.maxBatch; ) {
      if (queue[i]!.key === key) batch.push(...queue.splice(i, 1));
      else i++;
    }
    return batch;
  }

  function kick() {
    while (running < parallel && queue.length) {
      const batch = take();
      running++;
      void write(batch).finally(() => {
        running--;
        kick();
      });
    }
  }

  return {
    submit(item) {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, key: opts.keyOf(item), resolve, reject });
        // Let the callers of this turn of the event loop join before the first batch starts.
        if (running === 0) setImmediate(kick);
        else kick();
      });
    },
    pending: () => queue.length + running,
    stats: () => ({ ...stats }),
  };
}
