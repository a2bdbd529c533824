import { EVENT_WORKFLOW } from '@fengqiao/domain';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cubeDifferences, openCountDifferences, openStateMismatches } from '../../../test/cube-check';
import { ownerQuery } from '../../../test/db';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR } from '../../db/context';
import type { RegionSummary } from '../territory/territory.repo';
import { OPEN_STATES } from './events.service';

/**
 * The kept counters the cockpit reads instead of scanning: `event_cube` (the rollups summed up the region
 * tree by day and month) and `event_open_counts` (在办/超期 now). Whatever happens to the events — the
 * whole loop, 改派, 挂账, merge, reopen, escalation by the clock, a case reported last month — they must
 * equal a recount of the rollups and of the event rows.
 */

let t: TestApp;
let grid: Actor;
let town1: Actor;
let town2: Actor;
let dept: Actor;
let d07: number;
let d08: number;
let spot: RegionSummary;
let town2Spot: RegionSummary;

const at = (day: string, hm: string) => new Date(`${day}T${hm}:00+08:00`);
const MON = '2026-11-16';

const COUNTERS = [
  'reported',
  'received',
  'filed',
  'filed_on_time',
  'dispatched',
  'misdispatched',
  'handled',
  'handled_on_time',
  'due_to_close',
  'closed',
  'closed_on_time',
  'reworked',
  'extended',
  'accept_minutes',
  'handle_minutes',
  'responded',
  'rated',
  'resolved_rated',
  'satisfied',
];

async function photo(actor: Actor): Promise<number> {
  const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3a6' } })
    .png()
    .toBuffer();
  const [f] = await t.services.attachments.upload(actor, [{ name: '现场.png', data: png }]);
  return f!.id;
}

async function report(actor: Actor, where: RegionSummary, code: string, when: Date) {
  const { event } = await t.services.events.report(
    actor,
    {
      categoryCode: code,
      description: `计数测试 ${code} ${when.toISOString()}`,
      address: '测试地址',
      lng: where.centroidLng!,
      lat: where.centroidLat!,
      channel: 'grid',
      attachments: [await photo(actor)],
    },
    { now: when },
  );
  return event.id;
}

const apply = (actor: Actor, id: number, action: string, when: Date, extra: Record<string, unknown> = {}) =>
  t.services.cases.apply(actor, 'event', id, { action, ...extra }, { now: when });

async function expectKept() {
  // Changes append rollup deltas (migration 0018); the sums hold them once folded.
  await t.services.events.foldRollups();
  expect(await pendingDeltas()).toBe(0);
  const cube = await cubeDifferences(t.services.db, {
    rollups: 'event_rollups',
    cube: 'event_cube',
    dims: [
      { column: 'category_code', all: '' },
      { column: 'department_id', all: '-1' },
    ],
    counters: COUNTERS,
  });
  expect(cube).toEqual([]);
  expect(await openCountDifferences(t.services.db, OPEN_STATES)).toEqual([]);
}

const pendingDeltas = async () =>
  Number((await ownerQuery<{ n: number }>(t, 'SELECT count(*)::int AS n FROM event_rollup_pending'))[0]!.n);

const reportedOn = async (day: string) =>
  Number(
    (
      await ownerQuery<{ n: number }>(
        t,
        `SELECT coalesce(sum(reported), 0)::int AS n FROM event_rollups WHERE day = '${day}'`,
      )
    )[0]!.n,
  );

beforeAll(async () => {
  t = await createTestApp();
  grid = await t.actorOf('grid');
  town1 = await t.actorOf('town1');
  town2 = await t.actorOf('town2');
  dept = await t.actorOf('dept');
  d07 = dept.departmentId!;
  const depts = await t.services.territory.listDepartments(SYSTEM_ACTOR, {});
  d08 = depts.find((d) => d.code === 'D08')!.id;
  const dir = await t.services.territory.dir();
  const located = (path: string) => {
    const r = [...dir.byId.values()].find(
      (x) =>
        x.regionPath.startsWith(path) &&
        x.centroidLng !== null &&
        dir.locate(x.centroidLng!, x.centroidLat!)?.at(-1)?.regionPath.startsWith(path),
    )!;
    return dir.locate(r.centroidLng!, r.centroidLat!)!.at(-1)!;
  };
  spot = located(grid.scopePath);
  town2Spot = located(town2.scopePath);
});
afterAll(async () => t?.close());

describe('kept event counters', () => {
  it('the database and the workflow agree on which states are open (在办)', async () => {
    expect(await openStateMismatches(t.services.db, Object.keys(EVENT_WORKFLOW.states), OPEN_STATES)).toEqual(
      [],
    );
  });

  it('equal a recount after the loop, 改派, 挂账, merge, reopen, escalation and a case from last month', async () => {
    await expectKept();
    const d08Actor: Actor = { ...dept, departmentId: d08 };
    // Last month: reported, filed and dispatched on 30 October.
    const old = await report(grid, spot, '0104', at('2026-10-30', '09:00'));
    await apply(town1, old, 'accept', at('2026-10-30', '09:10'));
    await t.services.events.dispatch(town1, old, { departmentId: d07 }, { now: at('2026-10-30', '09:30') });

    const ids: number[] = [];
    for (const code of ['0201', '0201', '0201', '0104', '0104'])
      ids.push(await report(grid, spot, code, at(MON, '09:00')));
    const [a, b, c, d, e] = ids as [number, number, number, number, number];
    const far = await report(town2, town2Spot, '0201', at(MON, '09:05'));
    await expectKept();

    // a: the whole loop, rated unsatisfied, reopened to another department.
    await apply(town1, a, 'accept', at(MON, '09:10'));
    await t.services.events.dispatch(town1, a, { departmentId: d07 }, { now: at(MON, '09:20') });
    await apply(dept, a, 'sign', at(MON, '09:40'));
    await apply(dept, a, 'feedback', at(MON, '10:00'), {
      comment: '已清理',
      attachments: [await photo(dept)],
    });
    await apply(grid, a, 'verifyPass', at(MON, '10:30'), { attachments: [await photo(grid)] });
    await apply(town1, a, 'close', at(MON, '11:00'));
    await expectKept();
    await apply(grid, a, 'rateUnsatisfied', at(MON, '11:30'), { comment: '又贴上了' });
    await apply(town1, a, 'reopen', at(MON, '12:00'), {
      comment: '重新处置',
      fields: { departmentId: d08 },
    });
    // b: returned by the wrong department (改派), re-dispatched, signed, backlogged (挂账) and resumed.
    await apply(town1, b, 'accept', at(MON, '09:10'));
    await t.services.events.dispatch(town1, b, { departmentId: d08 }, { now: at(MON, '09:20') });
    await apply(d08Actor, b, 'return', at(MON, '09:25'), { comment: '不属于本部门' });
    await t.services.events.dispatch(town1, b, { departmentId: d07 }, { now: at(MON, '09:30') });
    await apply(dept, b, 'sign', at(MON, '09:50'));
    await apply(dept, b, 'suspend', at(MON, '10:00'), { comment: '需等待施工' });
    await expectKept();
    await apply(dept, b, 'resume', at(MON, '14:00'), { comment: '恢复处置' });
    // c merged into b; d not filed; e dispatched and left to go overdue.
    await t.services.eventOps.merge(town1, c, b);
    await apply(town1, d, 'cancel', at(MON, '09:15'), { comment: '重复上报' });
    await apply(town1, e, 'accept', at(MON, '09:10'));
    await t.services.events.dispatch(town1, e, { departmentId: d07 }, { now: at(MON, '09:30') });
    await expectKept();

    // The clocks run out: escalation marks the open ones overdue (and counts them 应结案).
    await t.services.jobs.runDue({ asOf: new Date('2026-11-20T23:00:00+08:00') });
    await expectKept();
    // The loaders' one-pass rebuild gives the same cube (run as the owner, as the loaders do).
    await t.services.db.orm.execute('SELECT event_cube_rebuild()' as never);
    await t.services.db.orm.execute('SELECT event_open_rebuild()' as never);
    await expectKept();
    const rowE = await t.services.events.get(town1, e);
    expect(rowE.overdue).toBe(true);

    // What the cockpit reads: the town's open and overdue events by department and in total.
    const total = await t.services.events.openCounts(town1, {
      regionPath: town1.scopePath,
      groupBy: 'total',
    });
    const openInTown = (await t.services.events.openCounts(town1, { groupBy: 'department' })).reduce(
      (n, r) => n + r.open,
      0,
    );
    expect(total[0]!.open).toBe(openInTown);
    expect(total[0]!.overdue).toBeGreaterThanOrEqual(1);
    // A town user never sees the other town's open event, even asking about the district.
    const district = town1.scopePath.split('.')[0]!;
    const asked = await t.services.events.openCounts(town1, { regionPath: district, groupBy: 'total' });
    expect(asked).toEqual(total);
    const lead = await t.services.events.openCounts(SYSTEM_ACTOR, { regionPath: district, groupBy: 'total' });
    expect(lead[0]!.open).toBeGreaterThan(total[0]!.open);
    void far;
  }, 300_000);
  it('keep a change as a pending delta until a fold or a read adds it up (migration 0018)', async () => {
    const day = '2026-11-18';
    await t.services.events.foldRollups();
    const before = await reportedOn(day);
    const stats = () =>
      t.services.events.stats(town1, { from: day, to: day, groupBy: 'day' }).then((s) => s.total.counters);
    const seen = (await stats()).reported;
    await report(grid, spot, '0201', at(day, '08:00'));
    await report(grid, spot, '0104', at(day, '08:05'));
    // Appended, not yet added: the rollups (and the cube) are untouched, no shared row was locked.
    expect(await pendingDeltas()).toBe(2);
    expect(await reportedOn(day)).toBe(before);
    // A read folds first, so it sees both; the queue is empty after it.
    expect((await stats()).reported).toBe(seen + 2);
    expect(await pendingDeltas()).toBe(0);
    expect(await reportedOn(day)).toBe(before + 2);
    // The job's fold (every second) with nothing pending writes nothing.
    expect(await t.services.events.foldRollups()).toBe(0);
    await report(grid, spot, '0201', at(day, '08:10'));
    expect(await t.services.events.foldRollups()).toBe(1);
    expect((await stats()).reported).toBe(seen + 3);
    await expectKept();
  }, 120_000);

  it('fold a delta of the deepest place (微网格, five levels) into each level of the cube (migration 0019)', async () => {
    // The fold expands each delta over a constant series of levels (see the migration): every level counts.
    const [grid5] = await ownerQuery<{ p: string }>(
      t,
      "SELECT region_path::text || '.m01' AS p FROM regions WHERE level = 'grid' ORDER BY id LIMIT 1",
    );
    const deep = grid5!.p;
    await ownerQuery(
      t,
      `INSERT INTO event_rollup_pending (region_path, day, category_code, department_id, reported, closed)
       VALUES ('${deep}', '2026-10-03', '0201', 0, 1, 0), ('${deep}', '2026-10-03', '0104', 0, 1, 1)`,
    );
    await expectKept();
    const levels = await ownerQuery<{ depth: number; reported: number; closed: number }>(
      t,
      `SELECT depth, reported, closed FROM event_cube
       WHERE grain = 'day' AND day = '2026-10-03' AND category_code = '' AND department_id = -1
         AND region_path @> '${deep}' ORDER BY depth`,
    );
    expect(levels.map((l) => [l.depth, Number(l.reported), Number(l.closed)])).toEqual([
      [1, 2, 1],
      [2, 2, 1],
      [3, 2, 1],
      [4, 2, 1],
      [5, 2, 1],
    ]);
  }, 120_000);

  it('lose no delta when reports, folds and reads run at the same time', async () => {
    const day = '2026-11-19';
    await t.services.events.foldRollups();
    const before = await reportedOn(day);
    const n = 24;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      work.push(report(grid, spot, i % 2 ? '0201' : '0104', at(day, `09:${String(i).padStart(2, '0')}`)));
      if (i % 4 === 0) work.push(t.services.events.foldRollups());
      if (i % 6 === 0) work.push(t.services.events.stats(town1, { from: day, to: day, groupBy: 'category' }));
    }
    await Promise.all(work);
    await expectKept();
    expect(await reportedOn(day)).toBe(before + n);
  }, 120_000);
});
