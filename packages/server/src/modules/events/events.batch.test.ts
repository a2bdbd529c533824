import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import type { Actor } from '../../db/context';
import type { RegionSummary } from '../territory/territory.repo';

let t: TestApp;
let town1: Actor;
let spot: RegionSummary;

/** A fixed past Monday, so deadlines do not depend on when the tests run. */
const at = (hm: string) => new Date(`2026-11-16T${hm}:00+08:00`);

const report = (over: Record<string, unknown> = {}, now = at('10:00')) =>
  t.services.events.report(
    town1,
    {
      categoryCode: '0201',
      description: '建设路口电线杆上贴满小广告',
      address: '建设路',
      lng: spot.centroidLng!,
      lat: spot.centroidLat!,
      channel: 'hotline',
      ...over,
    } as Parameters<typeof t.services.events.report>[1],
    { now },
  );

beforeAll(async () => {
  t = await createTestApp();
  town1 = await t.actorOf('town1');
  const dir = await t.services.territory.dir();
  const inTown = [...dir.byId.values()].find(
    (r) =>
      r.regionPath.startsWith(town1.scopePath) &&
      r.centroidLng !== null &&
      dir.locate(r.centroidLng!, r.centroidLat!)?.at(-1)?.regionPath.startsWith(town1.scopePath),
  )!;
  spot = dir.locate(inTown.centroidLng!, inTown.centroidLat!)!.at(-1)!;
  // Warm the catalogue, rules and departments so the concurrent reports below arrive in one turn.
  await report({ description: '预热：第一条上报' }, at('09:00'));
});
afterAll(async () => t?.close());

describe('event intake in batches (group commit)', () => {
  it('writes many concurrent reports in one batch, each with its own id, timeline, clock, audit and rollup', async () => {
    const before = t.services.events.intakeStats();
    const n = 24;
    const res = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        report(
          { description: `批量上报第${i}号：路灯不亮 ${'灯'.repeat(i % 5)}` },
          at(`10:${String(i).padStart(2, '0')}`),
        ),
      ),
    );
    const after = t.services.events.intakeStats();
    expect(after.largest).toBeGreaterThan(1);
    expect(after.items - before.items).toBe(n);
    const ids = res.map((r) => r.event.id);
    expect(new Set(ids).size).toBe(n);
    for (const [i, r] of res.entries()) {
      expect(r.created).toBe(true);
      expect(r.event).toMatchObject({ state: 'reported', regionPath: spot.regionPath, categoryCode: '0201' });
      expect(r.event.description).toBe(`批量上报第${i}号：路灯不亮 ${'灯'.repeat(i % 5)}`);
      expect(r.event.createdAt.toISOString()).toBe(at(`10:${String(i).padStart(2, '0')}`).toISOString());
      // Within a batch an event only sees those filed before it as possible duplicates.
      for (const d of r.duplicates) expect(d.id).toBeLessThan(r.event.id);
    }
    // Each case: one open entry by its reporter, a running intake clock due by the deadline on the row.
    for (const r of [res[0]!, res[n - 1]!]) {
      const timeline = await t.services.cases.timeline(town1, 'event', r.event.id);
      expect(timeline.map((e) => [e.action, e.toState, e.actorId, e.comment])).toEqual([
        ['open', 'reported', town1.userId, r.event.description],
      ]);
      const view = await t.services.cases.get(town1, 'event', r.event.id);
      const intake = view.clocks.filter((c) => c.name === 'intake');
      expect(intake).toHaveLength(1);
      expect(intake[0]!.status).toBe('running');
      expect(intake[0]!.startedAt).toBe(r.event.createdAt.toISOString());
      expect(r.event.dueAt?.toISOString()).toBe(intake[0]!.dueAt);
    }
    // The day's rollup counted every report once; the audit trail holds one open entry per case and its
    // hash chain verifies.
    const stats = await t.services.events.stats(town1, {
      from: '2026-11-16',
      to: '2026-11-16',
      groupBy: 'day',
    });
    expect(stats.total.counters.reported).toBe(n + 1);
    const verify = await t.services.audit.verify();
    expect(verify.ok).toBe(true);
    const audited = await ownerQuery<{ object_id: string; actor_id: number }>(
      t,
      `SELECT object_id, actor_id FROM audit_log WHERE action = 'event.open' AND object_id IN (${ids.map((i) => `'${i}'`).join(',')}) ORDER BY id`,
    );
    expect(audited.map((a) => Number(a.object_id))).toEqual(ids);
    for (const a of audited) expect(Number(a.actor_id)).toBe(town1.userId);
    // The batch folded its 在办 counters at the end (migration 0017): they equal a recount from the events.
    const kept = `SELECT region_path::text AS p, department_id AS d, open, overdue FROM event_open_counts
                   WHERE open <> 0 OR overdue <> 0 ORDER BY 1, 2`;
    const before0017 = await ownerQuery(t, kept);
    await ownerQuery(t, 'SELECT event_open_rebuild()');
    expect(await ownerQuery(t, kept)).toEqual(before0017);
    const grid = await ownerQuery<{ open: number }>(
      t,
      `SELECT open FROM event_open_counts WHERE region_path = '${spot.regionPath}' AND department_id = -1`,
    );
    expect(Number(grid[0]!.open)).toBe(n + 1);
  });

  it('answers a row the database refuses with its own error and files the others of its batch', async () => {
    const before = t.services.events.intakeStats();
    const settled = await Promise.allSettled([
      report({ description: '好的一条：井盖缺失' }),
      report({ description: '坏的一条\u0000含空字符' }),
      report({ description: '好的另一条：井盖破损' }),
    ]);
    const after = t.services.events.intakeStats();
    expect(after.fallbacks - before.fallbacks).toBe(1);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.event] : []));
    expect(ok.map((e) => e.description)).toEqual(['好的一条：井盖缺失', '好的另一条：井盖破损']);
    for (const e of ok) {
      const timeline = await t.services.cases.timeline(town1, 'event', e.id);
      expect(timeline.map((x) => x.action)).toEqual(['open']);
    }
  });

  it('keeps one event per outside reference: in one batch and on a later retry', async () => {
    const alarm = {
      channel: 'police110',
      externalRef: 'JJ-20261116-0042',
      description: '110 联动：噪声扰民',
    };
    const first = await Promise.all([
      report(alarm),
      report(alarm),
      report({ description: '另一条：占道经营' }),
    ]);
    expect(first[0]!.created).toBe(true);
    expect(first[1]!.created).toBe(false);
    expect(first[1]!.event.id).toBe(first[0]!.event.id);
    expect(first[2]!.created).toBe(true);
    const retry = await report(alarm, at('11:00'));
    expect(retry).toMatchObject({ created: false, duplicates: [] });
    expect(retry.event.id).toBe(first[0]!.event.id);
    const timeline = await t.services.cases.timeline(town1, 'event', first[0]!.event.id);
    expect(timeline.map((x) => x.action)).toEqual(['open']);
  });
});
