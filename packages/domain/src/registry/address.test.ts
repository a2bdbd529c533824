import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chineseToInt, intToChinese, normalizeAddress, toFullWidth } from './address-normalize';
import { addressMatchScore, parseAddress } from './address-parse';

describe('chineseToInt', () => {
  it.each([
    ['十二', 12],
    ['二十', 20],
    ['一百零一', 101],
    ['三〇一', 301],
    ['一零一', 101],
    ['两千零五', 2005],
    ['十', 10],
  ])('%s → %d', (cn, n) => expect(chineseToInt(cn)).toBe(n));

  it('refuses what is not a number', () => {
    expect(chineseToInt('十百')).toBeNull();
    expect(chineseToInt('东')).toBeNull();
    expect(chineseToInt('')).toBeNull();
  });

  it('reads back every number it writes (0–9999)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 9999 }), (n) => chineseToInt(intToChinese(n)) === n));
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['东湖路１２号３幢二单元三〇一', '东湖路12号3栋2单元301室'],
    ['东湖路12号3#2-301', '东湖路12号3栋2单元301室'],
    ['东湖路十二号3号楼2单元301室', '东湖路12号3栋2单元301室'],
    ['东湖路12号3-2-301', '东湖路12号3栋2单元301室'],
    ['福建省福州市示范区东湖街道 东湖路12号', '示范区东湖街道东湖路12号'],
    ['五一路3号A座1201', '五一路3号A栋1201室'],
    ['东湖街道办事处新港社区居委会', '东湖街道新港社区'],
    ['前村村民委员会三组', '前村村3组'],
    ['东湖路12号3栋2单元301房', '东湖路12号3栋2单元301室'],
  ])('%s → %s', (raw, want) => expect(normalizeAddress(raw)).toBe(want));

  it('keeps numerals that are part of a name (五一路)', () => {
    expect(normalizeAddress('五一路')).toBe('五一路');
  });

  it('is idempotent', () => {
    const parts = fc.constantFrom(
      '东湖路',
      '十二号',
      '12号',
      '3幢',
      '二单元',
      '301',
      '3#',
      '-',
      'A座',
      '社区居委会',
      '　',
    );
    fc.assert(
      fc.property(fc.array(parts, { maxLength: 8 }), (xs) => {
        const once = normalizeAddress(xs.join(''));
        return normalizeAddress(once) === once;
      }),
    );
  });

  it('does not care about full-width characters', () => {
    fc.assert(
      fc.property(
        fc.record({
          road: fc.constantFrom('东湖路', '江滨大道', '五一路'),
          no: fc.integer({ min: 1, max: 999 }),
          b: fc.integer({ min: 1, max: 30 }),
          u: fc.integer({ min: 1, max: 6 }),
          r: fc.integer({ min: 101, max: 3204 }),
        }),
        ({ road, no, b, u, r }) => {
          const half = `${road}${no}号${b}栋${u}单元${r}室`;
          return (
            normalizeAddress(toFullWidth(half)) === half &&
            normalizeAddress(`${road}${no}号${b}-${u}-${r}`) === half
          );
        },
      ),
    );
  });
});

describe('parseAddress', () => {
  it('splits a full address into GA/T 2000.32 elements', () => {
    expect(parseAddress('福建省福州市示范区东湖街道新港社区东湖路12号3幢二单元301')).toEqual({
      district: '示范区',
      town: '东湖街道',
      community: '新港社区',
      road: '东湖路',
      doorplate: '12号',
      building: '3栋',
      unit: '2单元',
      room: '301室',
    });
  });

  it('finds a compound between the door number and the building', () => {
    expect(parseAddress('江滨大道88号阳光花园5栋1单元1602')).toEqual({
      road: '江滨大道',
      doorplate: '88号',
      compound: '阳光花园',
      building: '5栋',
      unit: '1单元',
      room: '1602室',
    });
  });

  it('keeps what it cannot place', () => {
    expect(parseAddress('东湖路12号对面小卖部').rest).toBe('对面小卖部');
  });
});

describe('addressMatchScore', () => {
  const q = parseAddress('东湖路12号3栋2单元301室');
  it('prefers the same room over a textually close neighbour', () => {
    const same = addressMatchScore(q, parseAddress('东湖路12号3栋2单元301室'), 0.8);
    const other = addressMatchScore(q, parseAddress('东湖路12号5栋2单元301室'), 0.85);
    expect(same).toBeGreaterThan(other);
  });
  it('prefers the building itself when the query stops at the building', () => {
    const b = parseAddress('东湖路12号3栋');
    expect(addressMatchScore(b, parseAddress('东湖路12号3栋'), 0.9)).toBeGreaterThan(
      addressMatchScore(b, parseAddress('东湖路12号3栋2单元301室'), 0.9),
    );
  });
});
