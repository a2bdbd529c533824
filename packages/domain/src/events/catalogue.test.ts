import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CatalogueEntry,
  type CategoryDraft,
  checkCategory,
  checkDisable,
  LIMIT_BOUNDS,
} from './catalogue';
import { EVENT_CATEGORY_SEEDS } from './categories';

const seeds: CatalogueEntry[] = EVENT_CATEGORY_SEEDS.map((c) => ({
  code: c.code,
  parent: c.parent,
  group: c.group,
  active: true,
}));

const draft = (over: Partial<CategoryDraft> = {}): CategoryDraft => ({
  code: '0107',
  name: '乱堆物堆料',
  nameEn: 'Goods piled in public',
  parent: '01',
  group: 'cityManagement',
  limitValue: 2,
  limitUnit: 'workingDays',
  limitSource: 'default',
  acceptCondition: '公共场所堆放物料',
  closeCondition: '物料已清走',
  departmentType: 'urbanManagement',
  photoRequired: true,
  duplicateRadiusM: 50,
  duplicateWindowHours: 72,
  urgent: false,
  sort: 0,
  ...over,
});

describe('checkCategory: worked examples', () => {
  it('accepts a new sub-category under 市容环境', () => {
    expect(checkCategory(draft(), seeds, 'create')).toBeNull();
  });

  it('refuses a taken code, a bad code and a sub-category code outside its class', () => {
    expect(checkCategory(draft({ code: '0101' }), seeds, 'create')?.code).toBe('EVENT_CATEGORY_EXISTS');
    expect(checkCategory(draft({ code: '1' }), seeds, 'create')?.code).toBe('EVENT_CATEGORY_CODE');
    expect(checkCategory(draft({ code: 'ab01' }), seeds, 'create')?.code).toBe('EVENT_CATEGORY_CODE');
    expect(checkCategory(draft({ code: '0207' }), seeds, 'create')).toMatchObject({
      code: 'EVENT_CATEGORY_PARENT',
      params: { parent: '01' },
    });
  });

  it('refuses a parent that is missing, a sub-category, disabled or of another group', () => {
    expect(checkCategory(draft({ parent: '09', code: '0901' }), seeds, 'create')?.code).toBe(
      'EVENT_CATEGORY_PARENT',
    );
    expect(checkCategory(draft({ parent: '0101', code: '010101' }), seeds, 'create')?.code).toBe(
      'EVENT_CATEGORY_PARENT',
    );
    const off = seeds.map((s) => (s.code === '01' ? { ...s, active: false } : s));
    expect(checkCategory(draft(), off, 'create')?.params).toMatchObject({
      reason: { en: 'the major class is disabled' },
    });
    expect(checkCategory(draft({ group: 'hotline' }), seeds, 'create')?.code).toBe('EVENT_CATEGORY_PARENT');
  });

  it('refuses limits outside the bounds of their unit (0 days, 500 working hours)', () => {
    expect(checkCategory(draft({ limitValue: 0 }), seeds, 'create')?.code).toBe('EVENT_CATEGORY_LIMIT');
    expect(
      checkCategory(draft({ limitValue: 500, limitUnit: 'workingHours' }), seeds, 'create')?.params,
    ).toMatchObject({ min: 0.5, max: 400, unit: { zh: '工作小时' } });
    // 2 hours for an emergency (the 12345 draft's urgent limit) fits.
    expect(checkCategory(draft({ limitValue: 2, limitUnit: 'workingHours' }), seeds, 'create')).toBeNull();
  });

  it('will not turn a major class with sub-categories into a sub-category', () => {
    const withNew = [...seeds, { code: 'A1', parent: null, group: 'cityManagement', active: true }];
    expect(checkCategory(draft({ code: '01', parent: 'A1' }), withNew, 'update')?.code).toBe(
      'EVENT_CATEGORY_PARENT',
    );
    expect(
      checkCategory(draft({ code: 'A1', parent: null }), withNew, 'update'),
      'a major class may be edited in place',
    ).toBeNull();
  });

  it('refuses to disable a class whose sub-categories are active, allows it once they are off', () => {
    expect(checkDisable('01', seeds)).toMatchObject({
      code: 'EVENT_CATEGORY_HAS_CHILDREN',
      params: { children: expect.stringContaining('0101') },
    });
    const childrenOff = seeds.map((s) => (s.parent === '01' ? { ...s, active: false } : s));
    expect(checkDisable('01', childrenOff)).toBeNull();
    expect(checkDisable('0101', seeds)).toBeNull();
  });
});

describe('checkCategory: properties', () => {
  it('every seeded category passes its own check in update mode', () => {
    for (const s of EVENT_CATEGORY_SEEDS) {
      const d = draft({
        code: s.code,
        parent: s.parent,
        group: s.group,
        limitValue: s.limit.value,
        limitUnit: s.limit.unit,
      });
      expect(checkCategory(d, seeds, 'update'), s.code).toBeNull();
    }
  });

  it('a limit is accepted exactly when it lies within its unit bounds', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 1000, noNaN: true }),
        fc.constantFrom(...(Object.keys(LIMIT_BOUNDS) as (keyof typeof LIMIT_BOUNDS)[])),
        (value, unit) => {
          const b = LIMIT_BOUNDS[unit];
          const p = checkCategory(draft({ limitValue: value, limitUnit: unit }), seeds, 'create');
          expect(p === null).toBe(value >= b.min && value <= b.max);
        },
      ),
    );
  });

  it('an accepted sub-category code always starts with its parent code', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{2,8}$/), fc.constantFrom('01', '02', '05'), (code, parent) => {
        const p = checkCategory(draft({ code, parent }), seeds, 'create');
        if (p === null) expect(code.startsWith(parent) && code.length > parent.length).toBe(true);
      }),
    );
  });
});
