import { describe, expect, it, vi } from 'vitest';
import { SourceCache } from './cockpit.cache';

describe('the cockpit source cache', () => {
  it('shares one answer (and one query in flight) within the TTL', async () => {
    const cache = new SourceCache(60_000, 0);
    const fn = vi.fn(async () => 42);
    const [a, b] = await Promise.all([cache.get('k', '1.2', fn), cache.get('k', '1.2', fn)]);
    expect([a, b]).toEqual([42, 42]);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('drops entries of regions containing a changed case, not their neighbours', async () => {
    const cache = new SourceCache(60_000, 0);
    await cache.get('district', '350199', async () => 1);
    await cache.get('town1', '350199.350199001', async () => 1);
    await cache.get('town2', '350199.350199002', async () => 1);
    cache.invalidate('350199.350199001.350199001001.350199001001001');
    const again = vi.fn(async () => 2);
    expect(await cache.get('town2', '350199.350199002', again)).toBe(1);
    expect(await cache.get('town1', '350199.350199001', again)).toBe(2);
    expect(await cache.get('district', '350199', again)).toBe(2);
  });

  it('keeps an entry younger than the minimum age until that age, and forgets failures', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const cache = new SourceCache(60_000, 1_000);
      await cache.get('k', '1', async () => 1);
      vi.advanceTimersByTime(400);
      cache.invalidate('1.2');
      expect(await cache.get('k', '1', async () => 2)).toBe(1);
      // One minimum age after it was made, the changed entry is asked again (not after the full TTL).
      vi.advanceTimersByTime(600);
      expect(await cache.get('k', '1', async () => 3)).toBe(3);
      await expect(cache.get('bad', '1', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
      expect(await cache.get('bad', '1', async () => 4)).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
