/**
 * Counts hits per key in fixed time windows, in this process only (a cluster of N processes lets up to
 * N × the limit through; enough to stop a script, not a distributed attack). Old windows are dropped
 * once the map grows past `maxKeys`, so memory stays bounded whatever keys callers send.
 */
export class RateWindow {
  private readonly hits = new Map<string, { window: number; n: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly maxKeys = 50_000,
  ) {}

  /** Adds `n` hits for `key` if that keeps it within `limit` in the current window; false otherwise. */
  take(key: string, limit: number, n = 1, now = Date.now()): boolean {
    const window = Math.floor(now / this.windowMs);
    const cur = this.hits.get(key);
    const used = cur && cur.window === window ? cur.n : 0;
    if (used + n > limit) return false;
    if (!cur && this.hits.size >= this.maxKeys) this.prune(window);
    this.hits.set(key, { window, n: used + n });
    return true;
  }

  private prune(window: number) {
    for (const [k, v] of this.hits) if (v.window !== window) this.hits.delete(k);
    // Every key is in the current window: forget the oldest half rather than grow without bound.
    if (this.hits.size >= this.maxKeys) {
      let drop = Math.ceil(this.hits.size / 2);
      for (const k of this.hits.keys()) {
        if (drop-- <= 0) break;
        this.hits.delete(k);
      }
    }
  }
}
