import { personName } from '../demo/names';
import { toFullWidth } from './address-normalize';
import { makeIdNumber } from './id-number';

/**
 * Synthetic 实有人口 rows for benchmarks and demos: realistic names, valid ID numbers (GB 11643 check
 * digit), phones, and addresses written the many ways offices write them (full-width digits, Chinese
 * numerals, 幢/号楼, dashes). A share of rows is bad on purpose: wrong check digit, bad phone, an address
 * that matches nothing, an ID repeated within the file.
 */
export const SYNTHETIC_HEADER = ['姓名', '身份证号', '联系电话', '人口类型', '居住地址', '工作单位'];

const REGIONS = [
  '350104',
  '350102',
  '350103',
  '350105',
  '350111',
  '350121',
  '350181',
  '360102',
  '430104',
  '510107',
];
const TYPES = ['户籍', '户籍', '户籍', '流动', '流动', '留守', '户籍人口', '流动人口'];
const WORK = ['', '', '', '示范区便利店', '示范区商贸有限公司', '示范区第一中学', '个体', '示范区建材经营部'];
const CN = '零一二三四五六七八九';

function cnDigits(n: number): string {
  return String(n)
    .split('')
    .map((d) => CN[Number(d)])
    .join('');
}

/** One standard room address split into parts, so the generator can write it in different ways. */
export interface RoomParts {
  town: string;
  road: string;
  door: number;
  building: number;
  unit: number;
  room: number;
}

export function writeAddress(p: RoomParts, style: number): string {
  switch (style % 6) {
    case 0:
      return `${p.town}${p.road}${p.door}号${p.building}栋${p.unit}单元${p.room}室`;
    case 1:
      return `福建省福州市示范区${p.town}${p.road}${p.door}号${p.building}幢${p.unit}单元${p.room}`;
    case 2:
      return `${p.town}${p.road}${p.door}号${p.building}-${p.unit}-${p.room}`;
    case 3:
      return toFullWidth(`${p.town}${p.road}${p.door}号${p.building}栋${p.unit}单元${p.room}室`);
    case 4:
      return `${p.town}${p.road}${p.door}号${p.building}号楼${cnDigits(p.unit)}单元${cnDigits(p.room)}`;
    default:
      return `${p.town} ${p.road}${p.door}号 ${p.building}栋 ${p.unit}单元 ${p.room}室`;
  }
}

export interface SyntheticOptions {
  rows: number;
  /** Share of deliberately bad rows (0–1). */
  badShare: number;
  seed: number;
  rooms: readonly RoomParts[];
}

/** Yields CSV-ready rows (header first). Deterministic for a seed; IDs are unique except planted repeats. */
export function* syntheticPeople(rand: () => number, opts: SyntheticOptions): Generator<string[]> {
  yield SYNTHETIC_HEADER;
  const used = new Set<string>();
  let last = '';
  for (let i = 0; i < opts.rows; i++) {
    const room = opts.rooms[Math.floor(rand() * opts.rooms.length)]!;
    let id = '';
    do {
      const y = 1940 + Math.floor(rand() * 80);
      const m = 1 + Math.floor(rand() * 12);
      const d = 1 + Math.floor(rand() * 28);
      id = makeIdNumber(
        REGIONS[Math.floor(rand() * REGIONS.length)]!,
        `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
        Math.floor(rand() * 1000),
      );
    } while (used.has(id));
    used.add(id);
    let phone =
      rand() < 0.85
        ? `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`
        : '';
    let address = writeAddress(room, Math.floor(rand() * 6));
    if (rand() < opts.badShare) {
      const kind = Math.floor(rand() * 4);
      if (kind === 0) id = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
      else if (kind === 1) phone = `1${Math.floor(rand() * 1e6)}`;
      else if (kind === 2) address = `外省某县无名路${Math.floor(rand() * 900) + 100}号`;
      else if (last) id = last;
    }
    last = id;
    yield [
      personName(rand),
      id,
      phone,
      TYPES[Math.floor(rand() * TYPES.length)]!,
      address,
      WORK[Math.floor(rand() * WORK.length)]!,
    ];
  }
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
}
