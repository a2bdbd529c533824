import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_CATEGORY_SEEDS } from '../events/categories';
import { DEPARTMENT_TYPES } from '../territory/department-types';
import { RISK_FLAGS, type RiskFlag, riskLevelOf } from './constants';

describe('dispute risk level', () => {
  it('worked examples', () => {
    expect(riskLevelOf([])).toBe('low');
    expect(riskLevelOf(['repeated'])).toBe('medium');
    expect(riskLevelOf(['weapons'])).toBe('high');
    expect(riskLevelOf(['threats', 'repeated'])).toBe('critical');
    expect(riskLevelOf(['mentalIllness', 'repeated'])).toBe('critical');
  });
  it('more flags never lower the level', () => {
    const order = ['low', 'medium', 'high', 'critical'];
    const flag = fc.constantFrom(...(Object.keys(RISK_FLAGS) as RiskFlag[]));
    fc.assert(
      fc.property(fc.array(flag), flag, (flags, extra) => {
        expect(order.indexOf(riskLevelOf([...flags, extra]))).toBeGreaterThanOrEqual(
          order.indexOf(riskLevelOf(flags)),
        );
      }),
    );
  });
});

describe('event category seeds', () => {
  it('have unique codes, known parents and departments, positive limits with a source', () => {
    const codes = new Set(EVENT_CATEGORY_SEEDS.map((c) => c.code));
    expect(codes.size).toBe(EVENT_CATEGORY_SEEDS.length);
    for (const c of EVENT_CATEGORY_SEEDS) {
      if (c.parent) expect(codes.has(c.parent), c.code).toBe(true);
      expect(c.departmentType in DEPARTMENT_TYPES, c.code).toBe(true);
      expect(c.limit.value).toBeGreaterThan(0);
      expect(c.limit.source.length).toBeGreaterThan(0);
    }
    const names = EVENT_CATEGORY_SEEDS.map((c) => c.name);
    for (const n of [
      '市容环境',
      '宣传广告',
      '施工管理',
      '街面秩序',
      '突发事件',
      '其他',
      '矛盾纠纷线索',
      '治安隐患',
      '消防隐患',
      '安全生产',
      '食品安全',
      '特殊人群异常',
      '民生服务',
      '咨询',
      '求助',
      '投诉',
      '举报',
      '建议',
    ])
      expect(names).toContain(n);
  });
});
