import { readFileSync } from 'node:fs';
import { EVENT_OPEN_STATES } from '@fengqiao/domain';
import { describe, expect, it } from 'vitest';

// The duplicate search's partial index (migration 0015) lists the open states by hand; if the list drifts
// from EVENT_OPEN_STATES the planner silently stops using the index and the case detail slows tenfold.
describe('events_dup_open_idx', () => {
  it('covers exactly the open states the duplicate search asks for', () => {
    const sqlText = readFileSync(
      new URL('../../../drizzle/0015_events_dup_open_index.sql', import.meta.url),
      'utf8',
    );
    const list = /"state" IN \(([^)]*)\)/.exec(sqlText)?.[1] ?? '';
    const states = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect([...states].sort()).toEqual([...EVENT_OPEN_STATES].sort());
  });
});
