import { inTransaction } from './context';

/**
 * A value read from the database and kept for `ms`: when it is stale, the first caller reads it again
 * and every caller arriving meanwhile waits for that one read (single flight) instead of starting its
 * own. A caller inside a transaction reads in it (it may see its own uncommitted change) and refreshes
 * the value for the others.
 */
export function cachedValue<T>(ms: number, load: () => Promise<T>) {
  let hit: { at: number; value: T } | null = null;
  let flying: Promise<T> | null = null;
  let generation = 0;
  const fetch = async () => {
    const g = generation;
    const value = await load();
    if (g === generation) hit = { at: Date.now(), value };
    return value;
  };
  return {
    async get(): Promise<T> {
      if (hit && Date.now() - hit.at < ms) return hit.value;
      if (inTransaction()) return fetch();
      if (!flying)
        flying = fetch().finally(() => {
          flying = null;
        });
      return flying;
    },
    /** Forgets the value (after an edit): the next caller reads it again. */
    drop() {
      hit = null;
      generation++;
    },
  };
}
