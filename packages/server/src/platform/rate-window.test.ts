import { describe, expect, it } from 'vitest';
import { RateWindow } from './rate-window';

describe('RateWindow', () => {
  it('lets hits through up to the limit per key and window, then refuses until the next window', () => {
    const w = new RateWindow(60_000);
    const t0 = 1_800_000_000_000;
    expect(w.take('ip:1', 5, 3, t0)).toBe(true);
    expect(w.take('ip:1', 5, 3, t0 + 1)).toBe(false);
    expect(w.take('ip:1', 5, 2, t0 + 2)).toBe(true);
    expect(w.take('ip:1', 5, 1, t0 + 3)).toBe(false);
    expect(w.take('ip:2', 5, 1, t0 + 3), 'other keys are counted apart').toBe(true);
    expect(w.take('ip:1', 5, 5, t0 + 60_000), 'a new window starts afresh').toBe(true);
  });

  it('keeps memory bounded by dropping old keys', () => {
    const w = new RateWindow(1_000, 10);
    for (let i = 0; i < 100; i++) expect(w.take(`k${i}`, 1, 1, i * 1_000)).toBe(true);
    expect((w as unknown as { hits: Map<string, unknown> }).hits.size).toBeLessThanOrEqual(10);
  });
});
