import { pathWithin } from '@fengqiao/domain';
import type { CockpitSources } from './cockpit.sources';

/**
 * A short-lived cache of source answers, per process. A wall display polls and many screens show the
 * same district, so identical aggregate queries within `ttlMs` share one answer (and one in-flight
 * query). A case change under a cached region drops that entry, or, when it is younger than `minAgeMs`,
 * makes it expire `minAgeMs` after it was made: a quiet region is fresh at once, a busy district is
 * recomputed at most every `minAgeMs`, and an answer asked for `minAgeMs` after a change includes it.
 * Answers depend only on the query: the region was checked against the caller's scope before.
 */
export class SourceCache {
  private readonly entries = new Map<
    string,
    { at: number; path: string; value: Promise<unknown>; expires: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly minAgeMs: number,
    private readonly max = 2000,
  ) {}

  get<T>(key: string, path: string, fn: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now < hit.expires) return hit.value as Promise<T>;
    if (this.entries.size >= this.max) this.sweep(now);
    const value = fn();
    this.entries.set(key, { at: now, path, value, expires: now + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** A case changed at `path`: entries about a region containing it go stale. */
  invalidate(path: string): void {
    const now = Date.now();
    for (const [k, e] of this.entries) {
      if (!pathWithin(path, e.path)) continue;
      if (now - e.at >= this.minAgeMs) this.entries.delete(k);
      else e.expires = Math.min(e.expires, e.at + this.minAgeMs);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number) {
    for (const [k, e] of this.entries) if (now >= e.expires) this.entries.delete(k);
    if (this.entries.size >= this.max) this.entries.clear();
  }
}

const UNCACHED = new Set(['recent', 'specialTags']);

/** Wraps every aggregate method of the sources (not the live feed) with the cache. */
export function cachedSources(s: CockpitSources, cache: SourceCache): CockpitSources {
  const wrap = <T extends object>(name: string, src: T | undefined): T | undefined => {
    if (!src) return undefined;
    const out = {} as Record<string, unknown>;
    for (const [k, v] of Object.entries(src)) {
      if (typeof v !== 'function' || UNCACHED.has(k)) {
        out[k] = typeof v === 'function' ? v.bind(src) : v;
        continue;
      }
      out[k] = (actor: unknown, q: { regionPath: string }) =>
        cache.get(`${name}.${k}|${JSON.stringify(q)}`, q.regionPath, () => v.call(src, actor, q));
    }
    return out as T;
  };
  return {
    events: wrap('events', s.events),
    disputes: wrap('disputes', s.disputes),
    registry: wrap('registry', s.registry),
  };
}
