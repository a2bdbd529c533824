import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWorkflow } from '../cases/workflow-check';
import { addDays } from '../cockpit/period';
import { mediationAgreementSchema } from '../documents/templates';
import { agreementGaps } from './agreement';
import {
  checkConfirmationApplication,
  confirmationApplyDeadline,
  confirmationDeadlines,
  daysBetween,
  shanghaiDate,
} from './confirmation';
import { CONFIRMATION_WORKFLOW } from './confirmation-workflow';
import { DISPUTE_WORKFLOW } from './dispute-workflow';
import { type MediatorFacts, mediatorMisfits, rankMediators } from './matching';
import {
  addDisputeCounters,
  DISPUTE_COUNTERS,
  type DisputeCounters,
  disputeDelta,
  disputeMetricsOf,
  zeroDisputeCounters,
} from './metrics';
import { screeningOverdue, screeningPeriods } from './screening';

describe('dispute workflows', () => {
  it('pass the engine check', () => {
    expect(checkWorkflow(DISPUTE_WORKFLOW)).toEqual([]);
    expect(checkWorkflow(CONFIRMATION_WORKFLOW)).toEqual([]);
  });
});

const m = (over: Partial<MediatorFacts>): MediatorFacts => ({
  userId: 1,
  orgId: 1,
  regionPath: '350199.350199001',
  specialties: ['neighbour'],
  active: true,
  load: 0,
  maxLoad: 10,
  ...over,
});

describe('mediator matching', () => {
  const dispute = { type: 'neighbour', regionPath: '350199.350199001.350199001002' };
  it('worked examples: place, specialty, load', () => {
    expect(mediatorMisfits(m({}), dispute)).toEqual([]);
    expect(mediatorMisfits(m({ regionPath: '350199.350199002' }), dispute)).toEqual(['place']);
    expect(mediatorMisfits(m({ specialties: ['labour'] }), dispute)).toEqual(['specialty']);
    expect(mediatorMisfits(m({ specialties: ['general'] }), dispute)).toEqual([]);
    expect(mediatorMisfits(m({ load: 10 }), dispute)).toEqual(['full']);
    expect(mediatorMisfits(m({ active: false, load: 11 }), dispute)).toEqual(['inactive', 'full']);
    // A sibling path with the same prefix is not "under" it.
    expect(mediatorMisfits(m({ regionPath: '350199.35019900' }), dispute)).toEqual(['place']);
  });
  it('ranks specialist, nearest, lightest', () => {
    const ranked = rankMediators(
      [
        m({ userId: 1, specialties: ['general'], regionPath: '350199.350199001.350199001002' }),
        m({ userId: 2, regionPath: '350199', load: 0 }),
        m({ userId: 3, regionPath: '350199.350199001', load: 5 }),
        m({ userId: 4, regionPath: '350199.350199001', load: 1 }),
        m({ userId: 5, regionPath: '350199.350199002' }),
      ],
      dispute,
    );
    expect(ranked.map((x) => x.userId)).toEqual([4, 3, 2, 1]);
  });
  it('every ranked mediator fits, and every fitting one is ranked', () => {
    const arb = fc.record({
      userId: fc.integer({ min: 1, max: 1000 }),
      orgId: fc.constant(1),
      regionPath: fc.constantFrom(
        '350199',
        '350199.350199001',
        '350199.350199002',
        '350199.350199001.350199001002',
      ),
      specialties: fc.subarray(['neighbour', 'labour', 'general', 'family']),
      active: fc.boolean(),
      load: fc.integer({ min: 0, max: 12 }),
      maxLoad: fc.integer({ min: 1, max: 12 }),
    });
    fc.assert(
      fc.property(fc.array(arb, { maxLength: 12 }), (list) => {
        const ranked = rankMediators(list, dispute);
        expect(ranked.length).toBe(list.filter((x) => mediatorMisfits(x, dispute).length === 0).length);
        for (const r of ranked) expect(mediatorMisfits(r, dispute)).toEqual([]);
      }),
    );
  });
});

const agreement = {
  committee: '东湖街道人民调解委员会',
  parties: [
    { kind: 'person' as const, role: '申请人', name: '张三', address: '东湖街道1号' },
    { kind: 'person' as const, role: '被申请人', name: '李四', address: '东湖街道2号' },
  ],
  facts: '相邻漏水。',
  issues: '维修费用承担。',
  responsibilities: '李四承担主要责任。',
  agreedItems: ['李四赔偿张三2000元。'],
  performance: { manner: '银行转账', deadline: '2026-12-01' },
  mediators: ['郑调解'],
  agreedOn: '2026-11-23',
  signatures: [
    { name: '张三', signedAt: '2026-11-23T10:00:00+08:00' },
    { name: '李四', signedAt: '2026-11-23T10:01:00+08:00' },
    { name: '郑调解', signedAt: '2026-11-23T10:02:00+08:00' },
  ],
};

describe('agreement completeness (人民调解法 第29条)', () => {
  it('a complete, signed agreement has no gaps and passes the template schema', () => {
    expect(agreementGaps(agreement)).toEqual([]);
    expect(mediationAgreementSchema.safeParse(agreement).success).toBe(true);
  });
  it('names each missing part', () => {
    expect(agreementGaps({ ...agreement, performance: { manner: '转账', deadline: '' } })).toEqual([
      'performanceDeadline',
    ]);
    expect(agreementGaps({ ...agreement, responsibilities: ' ' })).toEqual(['responsibilities']);
    expect(agreementGaps({ ...agreement, signatures: agreement.signatures.slice(0, 1) })).toEqual([
      'partySignatures',
      'mediatorSignature',
    ]);
    expect(agreementGaps({ ...agreement, signatures: [] }, { requireSignatures: false })).toEqual([]);
    expect(agreementGaps({})).toEqual([
      'parties',
      'facts',
      'issues',
      'responsibilities',
      'agreedItems',
      'performanceManner',
      'performanceDeadline',
      'partySignatures',
      'mediatorSignature',
      'committeeSeal',
    ]);
  });
  it('removing any one text part always yields a gap', () => {
    const keys = ['facts', 'issues', 'responsibilities', 'committee'] as const;
    fc.assert(
      fc.property(fc.constantFrom(...keys), (k) => {
        expect(agreementGaps({ ...agreement, [k]: '' }).length).toBe(1);
      }),
    );
  });
});

describe('judicial confirmation deadlines', () => {
  it('worked examples', () => {
    // Agreement effective 23 November: the 30 days run from the 24th and end on 23 December.
    expect(confirmationApplyDeadline('2026-11-23')).toBe('2026-12-23');
    expect(checkConfirmationApplication('2026-11-23', '2026-12-23')).toEqual({
      ok: true,
      deadline: '2026-12-23',
    });
    expect(checkConfirmationApplication('2026-11-23', '2026-12-24')).toMatchObject({
      ok: false,
      reason: 'tooLate',
    });
    expect(checkConfirmationApplication('2026-11-23', '2026-11-22')).toMatchObject({
      ok: false,
      reason: 'beforeAgreement',
    });
    expect(confirmationDeadlines('2026-12-01', null, false)).toEqual({
      acceptBy: '2026-12-04',
      ruleBy: null,
    });
    expect(confirmationDeadlines('2026-12-01', '2026-12-02', false).ruleBy).toBe('2026-12-17');
    expect(confirmationDeadlines('2026-12-01', '2026-12-02', true).ruleBy).toBe('2026-12-27');
    expect(shanghaiDate(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24');
  });
  it('an application is in time exactly when at most 30 days have passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 60 }), (base, after) => {
        const on = addDays('2020-01-01', base);
        const r = checkConfirmationApplication(on, addDays(on, after));
        expect(r.ok).toBe(after <= 30);
        expect(daysBetween(on, r.deadline)).toBe(30);
      }),
    );
  });
});

describe('metrics', () => {
  it('worked example from seed 000 (e体+: 142 transferred, 133 settled = 93.6%)', () => {
    let c = zeroDisputeCounters();
    for (let i = 0; i < 142; i++)
      c = addDisputeCounters(c, { ...disputeDelta('open', 'district'), accepted: 1 });
    for (let i = 0; i < 133; i++) c = addDisputeCounters(c, disputeDelta('settle', 'district'));
    for (let i = 0; i < 9; i++) c = addDisputeCounters(c, disputeDelta('fail', 'district'));
    const x = disputeMetricsOf(c);
    expect(x.resolutionRate?.toFixed(3)).toBe('0.937');
    expect(x.successRate?.toFixed(3)).toBe('0.937');
    expect(x.shareDistrict).toBe(1);
    expect(x.zeroReportRate).toBeNull();
  });
  it('counters add up in any order and shares stay within [0, 1]', () => {
    const delta = fc.record(
      Object.fromEntries(DISPUTE_COUNTERS.map((k) => [k, fc.nat(50)])) as Record<
        keyof DisputeCounters,
        fc.Arbitrary<number>
      >,
    );
    fc.assert(
      fc.property(fc.array(delta, { maxLength: 10 }), (ds) => {
        const fwd = ds.reduce(addDisputeCounters, zeroDisputeCounters());
        const back = [...ds].reverse().reduce(addDisputeCounters, zeroDisputeCounters());
        expect(fwd).toEqual(back);
        const settledAt = fc.sample(fc.constantFrom('village', 'town', 'district', 'specialised'), ds.length);
        let c = zeroDisputeCounters();
        for (const lv of settledAt) c = addDisputeCounters(c, disputeDelta('settle', lv));
        const x = disputeMetricsOf(c);
        if (c.settled > 0)
          expect(
            (x.shareVillage ?? 0) + (x.shareTown ?? 0) + (x.shareDistrict ?? 0) + (x.shareSpecialised ?? 0),
          ).toBeCloseTo(1);
      }),
      { numRuns: 50 },
    );
  });
});

describe('screening schedule', () => {
  it('weekly village screening from a Monday', () => {
    expect(screeningPeriods('2026-11-02', 7, '2026-11-10', '2026-11-23')).toEqual([
      { periodStart: '2026-11-16', dueOn: '2026-11-22' },
      { periodStart: '2026-11-23', dueOn: '2026-11-29' },
    ]);
    expect(screeningPeriods('2026-11-23', 1, '2026-11-23', '2026-11-23')).toEqual([
      { periodStart: '2026-11-23', dueOn: '2026-11-23' },
    ]);
    expect(screeningOverdue({ dueOn: '2026-11-22', doneAt: null }, '2026-11-23')).toBe(true);
    expect(screeningOverdue({ dueOn: '2026-11-23', doneAt: null }, '2026-11-23')).toBe(false);
  });
  it('periods tile the calendar without gaps or overlaps', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 90 }),
        (every, off, span) => {
          const from = addDays('2026-01-01', off);
          const ps = screeningPeriods('2026-01-01', every, from, addDays(from, span));
          for (let i = 1; i < ps.length; i++) expect(addDays(ps[i - 1]!.dueOn, 1)).toBe(ps[i]!.periodStart);
          for (const p of ps) expect(p.periodStart >= from).toBe(true);
        },
      ),
    );
  });
});
