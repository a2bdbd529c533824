import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRegionCode, childLevel, codeLength, pathWithin, townKind } from './region-code';

describe('region codes', () => {
  it('composes the GB/T 2260 + 10114 + village + grid widths', () => {
    expect(codeLength('district')).toBe(6);
    expect(codeLength('town')).toBe(9);
    expect(codeLength('community')).toBe(12);
    expect(codeLength('grid')).toBe(15); // Beijing DB11: 6+3+3+3
    expect(codeLength('grid', 2)).toBe(14); // the 14-digit variant
    expect(codeLength('microGrid')).toBe(17);
  });

  it('accepts a valid chain and names each problem', () => {
    expect(checkRegionCode('350199', 'district', null)).toBeNull();
    expect(checkRegionCode('350199001', 'town', '350199')).toBeNull();
    expect(checkRegionCode('350199001001001', 'grid', '350199001001')).toBeNull();
    expect(checkRegionCode('35019900100100', 'grid', '350199001001')).toEqual({
      kind: 'length',
      expected: 15,
    });
    expect(checkRegionCode('350200001', 'town', '350199')).toEqual({ kind: 'prefix', parent: '350199' });
    expect(checkRegionCode('350199000', 'town', '350199')).toEqual({ kind: 'zero' });
    expect(checkRegionCode('350199700', 'town', '350199')?.kind).toBe('range');
    expect(checkRegionCode('990199', 'district', null)?.kind).toBe('range');
    expect(checkRegionCode('3501a9', 'district', null)).toEqual({ kind: 'notDigits' });
  });

  it('classifies GB/T 10114 town segments', () => {
    expect(townKind('001')).toBe('street');
    expect(townKind('101')).toBe('town');
    expect(townKind('201')).toBe('township');
    expect(townKind('450')).toBe('other');
  });

  it('walks the levels in order', () => {
    expect(childLevel('district')).toBe('town');
    expect(childLevel('grid')).toBe('microGrid');
    expect(childLevel('microGrid')).toBeNull();
  });

  it('pathWithin matches ltree <@ semantics', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^\d{3}$/), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (labels, cut) => {
          const path = labels.join('.');
          const prefix = labels.slice(0, Math.min(cut + 1, labels.length)).join('.');
          expect(pathWithin(path, prefix)).toBe(true);
        },
      ),
    );
    expect(pathWithin('350199.350199001', '350199.35019900')).toBe(false);
    expect(pathWithin('350199', '350199.350199001')).toBe(false);
  });
});
