import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AddressMatcher,
  MATCH_ERRORS,
  type MatcherAddress,
  stripRegionPrefix,
  trigramSimilarity,
  trigrams,
  withoutTown,
} from './address-matcher';
import { normalizeAddress } from './address-normalize';
import { type RoomParts, writeAddress } from './synthetic';

/** A small tree: two towns, one road each, doors 12 and 14 (东湖) and 12 (西山), building 3, units 1–2, rooms. */
function tree(): MatcherAddress[] {
  const rows: MatcherAddress[] = [];
  let id = 0;
  const add = (parentId: number | null, kind: string, full: string, path: string) => {
    rows.push({ id: ++id, parentId, kind, norm: normalizeAddress(full), path });
    return id;
  };
  for (const [town, road, doors, path] of [
    ['东湖街道', '东湖路', [12, 14], '350199.350199001.350199001001.g1'],
    ['西山镇', '西山路', [12], '350199.350199002.350199002001.g2'],
  ] as const) {
    const r = add(null, 'road', `${town}${road}`, path.split('.').slice(0, 2).join('.'));
    for (const door of doors) {
      const d = add(r, 'doorplate', `${town}${road}${door}号`, path);
      const b = add(d, 'building', `${town}${road}${door}号3栋`, path);
      for (const unit of [1, 2]) {
        const u = add(b, 'unit', `${town}${road}${door}号3栋${unit}单元`, path);
        for (const room of [101, 102, 301])
          add(u, 'room', `${town}${road}${door}号3栋${unit}单元${room}室`, path);
      }
    }
  }
  return rows;
}

const idOf = (rows: MatcherAddress[], full: string) =>
  rows.find((r) => r.norm === normalizeAddress(full))!.id;

describe('trigram similarity (pg_trgm semantics)', () => {
  it('matches the PostgreSQL documentation example', () => {
    // similarity('word', 'two words') = 0.363636 in the pg_trgm docs: 4 shared of 11 distinct trigrams.
    expect(trigramSimilarity(trigrams('word'), trigrams('two words'))).toBeCloseTo(4 / 11, 6);
  });
  it('treats Chinese characters as letters of one word', () => {
    expect([...trigrams('东湖路')]).toEqual(['  东', ' 东湖', '东湖路', '湖路 ']);
    expect(trigramSimilarity(trigrams('东湖路12号'), trigrams('东湖路12号'))).toBe(1);
  });
});

describe('AddressMatcher', () => {
  const rows = tree();

  it('finds a standard address written the six ways offices write it, exactly', () => {
    const m = new AddressMatcher(rows);
    const want = idOf(rows, '东湖街道东湖路14号3栋2单元301室');
    const parts: RoomParts = { town: '东湖街道', road: '东湖路', door: 14, building: 3, unit: 2, room: 301 };
    for (let style = 0; style < 6; style++) {
      const r = m.match(writeAddress(parts, style));
      expect(r, writeAddress(parts, style)).toMatchObject({ id: want, exact: true });
    }
  });

  it('finds the address when the town is left out (the road and door are unique)', () => {
    const m = new AddressMatcher(rows);
    expect(m.match('西山路12号3栋1单元102')).toMatchObject({
      id: idOf(rows, '西山镇西山路12号3栋1单元102室'),
      exact: false,
    });
  });

  it('refuses a road and door that exist in two towns when the town is missing', () => {
    const m = new AddressMatcher([
      ...rows,
      { id: 999, parentId: null, kind: 'doorplate', norm: '西山镇东湖路12号', path: 'x' },
    ]);
    expect(m.match('东湖路12号')).toEqual({ error: MATCH_ERRORS.ambiguous });
  });

  it('tolerates a misspelt road when the door is clearly the closest', () => {
    const m = new AddressMatcher(rows);
    expect(m.match('东湖街道东胡路12号3栋1单元101室')).toMatchObject({
      id: idOf(rows, '东湖街道东湖路12号3栋1单元101室'),
    });
    expect(m.stats.doorSearches).toBe(1);
  });

  it('never moves a person to another building, door or room', () => {
    const m = new AddressMatcher(rows);
    expect(m.match('东湖街道东湖路16号3栋1单元101室')).toHaveProperty('error');
    expect(m.match('东湖街道东湖路12号5栋1单元101室')).toHaveProperty('error');
    const r = m.match('东湖街道东湖路12号3栋1单元909室');
    // A room that does not exist is at best placed on its unit, never on another room.
    if (!('error' in r)) expect(r.id).toBe(idOf(rows, '东湖街道东湖路12号3栋1单元'));
  });

  it('answers an address of another place with a reason', () => {
    const m = new AddressMatcher(rows);
    expect(m.match('外省某县无名路123号')).toEqual({ error: MATCH_ERRORS.none });
    expect(m.match('')).toEqual({ error: MATCH_ERRORS.none });
  });

  it('matches each distinct text once and stops searching doors when the budget is spent', () => {
    const m = new AddressMatcher(rows, { fuzzyBudget: 2 });
    m.match('无名路1号');
    m.match('无名路1号');
    m.match('无名路2号');
    expect(m.stats).toMatchObject({ fuzzy: 2, cached: 1, doorSearches: 2 });
    expect(m.match('无名路3号')).toEqual({ error: MATCH_ERRORS.budget });
    // Exact matches never use the budget.
    expect(m.match('东湖街道东湖路12号')).toMatchObject({ exact: true });
  });

  it('places every standard address on itself, whichever way it is written (property)', () => {
    const m = new AddressMatcher(rows);
    const rooms = rows.filter((r) => r.norm.endsWith('室'));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: rooms.length - 1 }),
        fc.integer({ min: 0, max: 5 }),
        (k, style) => {
          const r = rooms[k]!;
          const [, town, road, door, b, u, room] =
            /^(.+?(?:街道|镇))(.+?路)(\d+)号(\d+)栋(\d+)单元(\d+)室$/.exec(r.norm)!;
          const text = writeAddress(
            { town: town!, road: road!, door: +door!, building: +b!, unit: +u!, room: +room! },
            style,
          );
          const got = m.match(text);
          return 'id' in got && got.id === r.id;
        },
      ),
    );
  });

  it('strips a district before a town and the town before a road', () => {
    expect(stripRegionPrefix('示范区东湖街道东湖路12号')).toBe('东湖街道东湖路12号');
    expect(withoutTown('东湖街道东湖路12号')).toBe('东湖路12号');
  });
});
