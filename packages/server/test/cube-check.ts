import type { Database } from '../src/db/client';
import { type Actor, SYSTEM_ACTOR, transaction, tx } from '../src/db/context';

/**
 * Test support for the region cubes and the open counts: recomputes in plain code what the triggers keep
 * (every ancestor of each rollup row, by day and by month; per dimension down to the community) and
 * returns the differences, so a test can assert there are none.
 */

type Row = Record<string, unknown>;

async function rows(db: Database, actor: Actor, text: string): Promise<Row[]> {
  return transaction(db, actor, async () => {
    const r = (await tx().execute(text as never)) as unknown as { rows: Row[] };
    return r.rows;
  });
}

const monthOf = (day: string) => `${day.slice(0, 8)}01`;

function add(into: Map<string, Record<string, number>>, key: string, counters: Record<string, number>) {
  const cur = into.get(key) ?? {};
  for (const [k, v] of Object.entries(counters)) cur[k] = (cur[k] ?? 0) + v;
  into.set(key, cur);
}

function differences(
  expected: Map<string, Record<string, number>>,
  actual: Map<string, Record<string, number>>,
): string[] {
  const out: string[] = [];
  const nonZero = (c: Record<string, number> | undefined) => !!c && Object.values(c).some((v) => v !== 0);
  for (const key of new Set([...expected.keys(), ...actual.keys()])) {
    const e = expected.get(key);
    const a = actual.get(key);
    if (!nonZero(e) && !nonZero(a)) continue;
    for (const k of new Set([...Object.keys(e ?? {}), ...Object.keys(a ?? {})]))
      if (Math.abs((e?.[k] ?? 0) - (a?.[k] ?? 0)) > 1e-6)
        out.push(`${key} ${k}: expected ${e?.[k] ?? 0}, kept ${a?.[k] ?? 0}`);
  }
  return out;
}

/**
 * Cube rows that differ from sums of the rollups. `dims` are the rollup's dimension columns kept per
 * value down to the community (events: category_code, department_id; disputes: type).
 */
export async function cubeDifferences(
  db: Database,
  spec: { rollups: string; cube: string; dims: { column: string; all: string }[]; counters: string[] },
): Promise<string[]> {
  const expected = new Map<string, Record<string, number>>();
  for (const r of await rows(
    db,
    SYSTEM_ACTOR,
    `SELECT *, region_path::text AS p, day::text AS d FROM ${spec.rollups}`,
  )) {
    const counters = Object.fromEntries(spec.counters.map((c) => [c, Number(r[c])]));
    const labels = String(r.p).split('.');
    const dims = spec.dims.map((d) => String(r[d.column]));
    for (let i = 1; i <= labels.length; i++) {
      const path = labels.slice(0, i).join('.');
      const keys = [spec.dims.map((d) => d.all)];
      if (i <= 3)
        for (let j = 0; j < spec.dims.length; j++)
          keys.push(spec.dims.map((d, m) => (m === j ? dims[j]! : d.all)));
      for (const k of keys)
        for (const [grain, day] of [
          ['day', String(r.d)],
          ['month', monthOf(String(r.d))],
        ])
          add(expected, [path, i, grain, day, ...k].join('|'), counters);
    }
  }
  const actual = new Map<string, Record<string, number>>();
  for (const r of await rows(
    db,
    SYSTEM_ACTOR,
    `SELECT *, region_path::text AS p, day::text AS d FROM ${spec.cube}`,
  ))
    add(
      actual,
      [r.p, r.depth, r.grain, r.d, ...spec.dims.map((d) => String(r[d.column]))].join('|'),
      Object.fromEntries(spec.counters.map((c) => [c, Number(r[c])])),
    );
  return differences(expected, actual);
}

/** Open-count rows that differ from a count of the open events (every ancestor × lead department and all). */
export async function openCountDifferences(db: Database, openStates: readonly string[]): Promise<string[]> {
  const expected = new Map<string, Record<string, number>>();
  for (const e of await rows(
    db,
    SYSTEM_ACTOR,
    'SELECT region_path::text AS p, state, overdue, assignee_department_id AS k FROM events',
  )) {
    if (!openStates.includes(String(e.state))) continue;
    const labels = String(e.p).split('.');
    for (let i = 1; i <= labels.length; i++)
      for (const k of [-1, Number(e.k ?? 0)])
        add(expected, `${labels.slice(0, i).join('.')}|${i}|${k}`, { open: 1, overdue: e.overdue ? 1 : 0 });
  }
  const actual = new Map<string, Record<string, number>>();
  for (const r of await rows(
    db,
    SYSTEM_ACTOR,
    'SELECT region_path::text AS p, depth, department_id AS k, open, overdue FROM event_open_counts',
  ))
    add(actual, `${r.p}|${r.depth}|${Number(r.k)}`, { open: Number(r.open), overdue: Number(r.overdue) });
  return differences(expected, actual);
}

/** Whether the database's open-state test agrees with the workflow's list, for each state. */
export async function openStateMismatches(db: Database, states: string[], openStates: readonly string[]) {
  const out: string[] = [];
  for (const s of states) {
    const [r] = await rows(db, SYSTEM_ACTOR, `SELECT event_is_open('${s}') AS open`);
    if (Boolean(r?.open) !== openStates.includes(s)) out.push(s);
  }
  return out;
}
