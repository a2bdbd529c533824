import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableActions, checkTransition } from '../cases/actions';
import { checkWorkflow } from '../cases/workflow-check';
import { permissionsOf } from '../identity/roles';
import { EVENT_CATEGORY_SEEDS } from './categories';
import { addCounters, COUNTER_KEYS, computeRates, type EventCounters, emptyCounters } from './metrics';
import { open311Status, open311StatusNotes, statesForOpen311 } from './open311';
import { inWindow, localMinutes, type RoutingRule, route } from './routing';
import { EVENT_WORKFLOW } from './workflow';

const rule = (over: Partial<RoutingRule>): RoutingRule => ({
  id: 1,
  priority: 10,
  active: true,
  regionPath: null,
  categoryCodes: [],
  keywords: [],
  hoursFrom: null,
  hoursTo: null,
  departmentId: 100,
  ...over,
});
const ev = {
  regionPath: 'd.t1.c1.g1',
  categoryCode: '0102',
  categoryParent: '01',
  description: '小区门口暴露垃圾无人清理',
  at: new Date('2026-11-23T10:00:00+08:00'),
};
const defaults = { categoryDepartmentId: 7, townDepartmentId: 23 };

describe('event workflow', () => {
  it('is a valid workflow', () => {
    expect(checkWorkflow(EVENT_WORKFLOW)).toEqual([]);
  });

  it('lets the lead department sign and feed back, and not the dispatcher', () => {
    const facts = {
      id: 1,
      state: 'dispatched',
      version: 1,
      regionPath: 'd.t1',
      reporterId: 5,
      assigneeUserId: null,
      assigneeDepartmentId: 7,
      data: {},
    };
    const officer = {
      userId: 9,
      roles: ['departmentOfficer'],
      permissions: new Set(permissionsOf(['departmentOfficer'])),
      departmentId: 7,
      system: false,
    };
    const other = { ...officer, departmentId: 8 };
    expect(availableActions(EVENT_WORKFLOW, facts, officer).map((a) => a.action)).toEqual([
      'sign',
      'return',
      'note',
    ]);
    expect(availableActions(EVENT_WORKFLOW, facts, other).map((a) => a.action)).toEqual(['note']);
    // A feedback without a photo is refused.
    const res = checkTransition(EVENT_WORKFLOW, { ...facts, state: 'handling' }, officer, {
      action: 'feedback',
      comment: '已清理',
    });
    expect(res.ok).toBe(false);
  });

  it('lets only the reporter or a call-back seat rate', () => {
    const facts = {
      id: 1,
      state: 'closed',
      version: 3,
      regionPath: 'd.t1',
      reporterId: 5,
      assigneeUserId: null,
      assigneeDepartmentId: 7,
      data: {},
    };
    const grid = (userId: number) => ({
      userId,
      roles: ['gridWorker'],
      permissions: new Set(permissionsOf(['gridWorker'])),
      departmentId: null,
      system: false,
    });
    const input = { action: 'rate', fields: { satisfaction: 'satisfied', resolved: true } };
    expect(checkTransition(EVENT_WORKFLOW, facts, grid(5), input).ok).toBe(true);
    expect(checkTransition(EVENT_WORKFLOW, facts, grid(6), input)).toMatchObject({
      ok: false,
      reason: 'guard',
    });
  });

  it('gives every seed category a handling limit the clock can use', () => {
    for (const c of EVENT_CATEGORY_SEEDS) expect(c.limit.value).toBeGreaterThan(0);
  });
});

describe('routing', () => {
  it('takes the first matching rule by priority', () => {
    const rules = [
      rule({ id: 1, priority: 20, categoryCodes: ['01'], departmentId: 101 }),
      rule({ id: 2, priority: 10, keywords: ['垃圾'], regionPath: 'd.t1', departmentId: 102 }),
      rule({ id: 3, priority: 5, keywords: ['噪声'], departmentId: 103 }),
    ];
    expect(route(rules, ev, defaults)).toEqual({ departmentId: 102, by: 'rule', ruleId: 2 });
    expect(route(rules, { ...ev, regionPath: 'd.t2.c1' }, defaults)).toEqual({
      departmentId: 101,
      by: 'rule',
      ruleId: 1,
    });
  });

  it('honours time-of-day windows, including ones that wrap past midnight', () => {
    const night = rule({ id: 4, hoursFrom: '22:00', hoursTo: '06:00', departmentId: 104 });
    expect(route([night], ev, defaults).by).toBe('category');
    expect(route([night], { ...ev, at: new Date('2026-11-23T23:30:00+08:00') }, defaults).departmentId).toBe(
      104,
    );
    expect(route([night], { ...ev, at: new Date('2026-11-24T05:59:00+08:00') }, defaults).departmentId).toBe(
      104,
    );
    expect(localMinutes(new Date('2026-11-23T00:00:00+08:00'))).toBe(0);
    expect(inWindow(8 * 60, '08:00', '12:00')).toBe(true);
    expect(inWindow(12 * 60, '08:00', '12:00')).toBe(false);
  });

  it('falls back to the category department, then to the town government (兜底)', () => {
    expect(route([], ev, defaults)).toEqual({ departmentId: 7, by: 'category', ruleId: null });
    expect(route([], ev, { categoryDepartmentId: null, townDepartmentId: 23 })).toEqual({
      departmentId: 23,
      by: 'fallback',
      ruleId: null,
    });
    expect(route([rule({ active: false })], ev, defaults).by).toBe('category');
  });

  it('property: the decision is the first matching rule of the sorted list, whatever the input order', () => {
    const arbRule = fc.record({
      id: fc.integer({ min: 1, max: 1000 }),
      priority: fc.integer({ min: 0, max: 5 }),
      active: fc.boolean(),
      regionPath: fc.constantFrom(null, 'd', 'd.t1', 'd.t2'),
      categoryCodes: fc.subarray(['01', '0102', '02']),
      keywords: fc.subarray(['垃圾', '噪声']),
      hoursFrom: fc.constant(null),
      hoursTo: fc.constant(null),
      departmentId: fc.integer({ min: 1, max: 50 }),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbRule, { selector: (r) => r.id, maxLength: 8 }), (rules) => {
        const a = route(rules, ev, defaults);
        const b = route([...rules].reverse(), ev, defaults);
        expect(a).toEqual(b);
        if (a.by !== 'rule') expect(a.departmentId).toBe(7);
      }),
    );
  });
});

describe('metrics', () => {
  it('reproduces the 天门 monthly report: 结案率 and 按期结案率 over 应结案数 (§1.5)', () => {
    const c = { ...emptyCounters(), filed: 996, dueToClose: 972, closed: 911, closedOnTime: 737 };
    const r = computeRates(c);
    expect(r.closedRate!.toFixed(4)).toBe('0.9372');
    expect(r.closedOnTimeRate!.toFixed(4)).toBe('0.7582');
  });

  it('computes every rate from its counters and leaves an empty denominator as null', () => {
    const c: EventCounters = {
      ...emptyCounters(),
      reported: 120,
      received: 110,
      filed: 100,
      filedOnTime: 95,
      dispatched: 90,
      misdispatched: 9,
      handled: 80,
      handledOnTime: 72,
      reworked: 4,
      extended: 3,
      acceptMinutes: 3000,
      handleMinutes: 96000,
      responded: 81,
      rated: 50,
      resolvedRated: 45,
      satisfied: 47,
    };
    expect(computeRates(c)).toMatchObject({
      filedOnTimeRate: 0.95,
      accurateDispatchRate: 0.9,
      handledOnTimeRate: 0.9,
      reworkRate: 0.05,
      extensionRate: 3 / 90,
      avgAcceptMinutes: 30,
      avgHandleMinutes: 1200,
      responseRate: 0.9,
      resolutionRate: 0.9,
      satisfactionRate: 0.94,
      closedRate: null,
    });
  });

  it('property: summing counters of parts equals the counters of the whole; rates stay in [0, 1]', () => {
    const arb = fc
      .record({
        filed: fc.nat(1000),
        dispatched: fc.nat(1000),
        dueToClose: fc.nat(1000),
        rated: fc.nat(1000),
        handled: fc.nat(1000),
      })
      .chain((b) =>
        fc.record({
          ...Object.fromEntries(COUNTER_KEYS.map((k) => [k, fc.constant(0)])),
          filed: fc.constant(b.filed),
          filedOnTime: fc.nat(b.filed),
          dispatched: fc.constant(b.dispatched),
          misdispatched: fc.nat(b.dispatched),
          responded: fc.nat(b.dispatched),
          handled: fc.constant(b.handled),
          handledOnTime: fc.nat(b.handled),
          dueToClose: fc.constant(b.dueToClose),
          closed: fc.nat(b.dueToClose),
          rated: fc.constant(b.rated),
          satisfied: fc.nat(b.rated),
          resolvedRated: fc.nat(b.rated),
        }),
      ) as fc.Arbitrary<EventCounters>;
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 10 }), (parts) => {
        const total = parts.reduce((acc, p) => addCounters(acc, p), emptyCounters());
        for (const k of COUNTER_KEYS) expect(total[k]).toBe(parts.reduce((s, p) => s + p[k], 0));
        const r = computeRates(total);
        for (const key of [
          'filedOnTimeRate',
          'accurateDispatchRate',
          'closedRate',
          'responseRate',
          'satisfactionRate',
        ] as const) {
          const v = r[key];
          if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
        }
      }),
    );
  });
});

describe('Open311 status', () => {
  it('maps internal states to open/closed with a Chinese note', () => {
    expect(open311Status('handling')).toBe('open');
    expect(open311Status('reopenRequested')).toBe('open');
    expect(open311Status('rated')).toBe('closed');
    expect(open311StatusNotes('cancelled', '重复上报')).toBe('不予立案：重复上报');
    const all = [...statesForOpen311('open'), ...statesForOpen311('closed')];
    expect(new Set(all).size).toBe(Object.keys(EVENT_WORKFLOW.states).length);
  });
});
