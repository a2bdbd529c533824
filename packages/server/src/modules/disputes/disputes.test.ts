import { makeIdNumber, shanghaiDate } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR, transaction, tx } from '../../db/context';
import type { SmsMessage } from '../messages/channels/sms';
import type { DisputeInput } from './disputes.service';

let t: TestApp;
let town1: Actor;
let town2: Actor;
let judge: Actor;
let m1: Actor; // 钱调解, town 1 centre, general
let m2: Actor; // 孙调解, first community, neighbour/family/property
let m3: Actor; // 冯调解, district property centre
let gridId: number;
let town2GridId: number;
const sent: SmsMessage[] = [];

const idA = makeIdNumber('350203', '1980-05-17', 123);
const idB = makeIdNumber('350203', '1975-11-02', 456);

function input(over: Partial<DisputeInput> = {}): DisputeInput {
  return {
    title: '楼上漏水纠纷',
    type: 'neighbour',
    source: 'walkIn',
    facts: '502室漏水至402室，双方就维修费用争执。',
    regionId: gridId,
    parties: [
      {
        kind: 'person',
        role: '申请人',
        name: '张明',
        idNumber: idA,
        phone: '13800138001',
        address: '东湖街道幸福里3号402室',
      },
      {
        kind: 'person',
        role: '被申请人',
        name: '李华',
        idNumber: idB,
        phone: '13800138002',
        address: '东湖街道幸福里3号502室',
      },
    ],
    ...over,
  };
}

const count = async (table: string) =>
  transaction(t.services.db, SYSTEM_ACTOR, async () => {
    const r = (await tx().execute(`SELECT count(*)::int AS n FROM ${table}` as never)) as unknown as {
      rows: { n: number }[];
    };
    return r.rows[0]!.n;
  });

const agreementBody = {
  issues: '漏水维修费用及402室天花板修复费用由谁承担。',
  responsibilities: '502室防水层老化是漏水原因，李华承担主要责任。',
  agreedItems: ['李华于十日内修复502室卫生间防水层。', '李华赔偿张明天花板修复费用人民币贰仟元。'],
  performance: { manner: '微信转账', deadline: '2026-12-31' },
};

async function mediating() {
  const d = await t.services.disputes.register(town1, input());
  await t.services.cases.apply(town1, 'dispute', d.id, { action: 'accept' });
  await t.services.cases.apply(town1, 'dispute', d.id, {
    action: 'assign',
    fields: { mediatorId: m2.userId },
  });
  await t.services.cases.apply(m2, 'dispute', d.id, { action: 'confirm' });
  return d;
}

const signAll = (names: string[]) => names.map((name) => ({ name, signedAt: '2026-11-23T10:00:00+08:00' }));

beforeAll(async () => {
  t = await createTestApp({}, { sms: { name: 'test', send: async (m) => void sent.push(m) } });
  [town1, town2, judge, m1, m2, m3] = (await Promise.all(
    ['town1', 'town2', 'judge', 'mediator1', 'mediator2', 'mediator3'].map((u) => t.actorOf(u)),
  )) as [Actor, Actor, Actor, Actor, Actor, Actor];
  const dir = await t.services.territory.dir();
  const grids = [...dir.byId.values()]
    .filter((r) => r.level === 'grid')
    .sort((a, b) => a.code.localeCompare(b.code));
  gridId = grids.find((g) => g.regionPath.startsWith(`${town1.scopePath}.`))!.id;
  town2GridId = grids.find((g) => g.regionPath.startsWith(`${town2.scopePath}.`))!.id;
});
afterAll(async () => t?.close());

describe('registering a dispute', () => {
  it('starts at the village committee, encrypts and masks ID numbers, counts it in the rollup', async () => {
    const d = await t.services.disputes.register(town1, input());
    expect(d).toMatchObject({ state: 'registered', level: 'village', riskLevel: 'low', riskFlags: [] });
    expect(d.refNo).toMatch(/^TJ\d{8}\d{6}$/);
    const view = await t.services.disputes.detail(town1, d.id);
    expect(view.org?.name).toContain('人民调解委员会');
    expect(view.parties[0]).toMatchObject({
      name: '张明',
      idNumber: `${idA.slice(0, 6)}**********${idA.slice(-2)}`,
      masked: true,
    });
    expect(view.parties[0]!.phone).toBe('138****8001');
    // The same people again: flagged as repeated conflict.
    const again = await t.services.disputes.register(town1, input({ riskFlags: ['threats'] }));
    expect(again).toMatchObject({ riskFlags: ['threats', 'repeated'], riskLevel: 'critical' });
    const stats = await t.services.disputes.stats(town1, {
      from: shanghaiDate(new Date()),
      to: shanghaiDate(new Date()),
      groupBy: 'type',
    });
    expect(stats.rows.find((r) => r.key === 'neighbour')!.found).toBeGreaterThanOrEqual(1);
  });

  it('refuses an invalid ID number or credit code and writes nothing', async () => {
    const before = await count('disputes');
    const bad = idA.slice(0, 17) + (idA[17] === '1' ? '2' : '1');
    await expect(
      t.services.disputes.register(
        town1,
        input({ parties: [{ ...input().parties[0]!, idNumber: bad } as never, input().parties[1]!] }),
      ),
    ).rejects.toMatchObject({ code: 'DISPUTE_ID_NUMBER_INVALID', status: 400 });
    await expect(
      t.services.disputes.register(
        town1,
        input({
          parties: [
            input().parties[0]!,
            {
              kind: 'organisation',
              role: '被申请人',
              name: '某物业公司',
              creditCode: '91350200MA0000000X',
              representative: '王经理',
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'DISPUTE_CREDIT_CODE_INVALID' });
    expect(await count('disputes')).toBe(before);
    expect(await count('dispute_parties')).toBeGreaterThan(0);
  });

  it('keeps a town out of another town', async () => {
    await expect(t.services.disputes.register(town1, input({ regionId: town2GridId }))).rejects.toMatchObject(
      { status: 404 },
    );
    const d = await t.services.disputes.register(town2, input({ regionId: town2GridId }));
    await expect(t.services.disputes.detail(town1, d.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('mediation', () => {
  it('assigns by place and specialty, and refuses a mediator who does not fit', async () => {
    const d = await t.services.disputes.register(town1, input({ type: 'labour', title: '拖欠工资' }));
    await t.services.cases.apply(town1, 'dispute', d.id, { action: 'accept' });
    // 冯调解 only takes property disputes; 孙调解 neither labour.
    for (const m of [m3, m2])
      await expect(
        t.services.cases.apply(town1, 'dispute', d.id, {
          action: 'assign',
          fields: { mediatorId: m.userId },
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_MEDIATOR_MISFIT', status: 409 });
    const ranked = await t.services.disputes.candidates(town1, d.id);
    expect(ranked[0]!.userId).toBe(m1.userId); // the town centre's generalist is nearest
    expect(ranked.find((r) => r.userId === m3.userId)!.misfits).toEqual(['specialty']);
    const r = await t.services.cases.apply(town1, 'dispute', d.id, {
      action: 'assign',
      fields: { mediatorId: m1.userId },
    });
    expect(r.case).toMatchObject({ state: 'assigned', assigneeUserId: m1.userId });
    const view = await t.services.cases.get(m1, 'dispute', d.id);
    expect(view.clocks.find((c) => c.name === 'mediatorConfirm')).toMatchObject({ status: 'running' });
  });

  it('texts the parties the session time, records the session, and settles with a complete agreement only', async () => {
    const d = await mediating();
    const s = await t.services.disputes.planSession(m2, d.id, {
      startsAt: new Date('2026-11-25T09:30:00+08:00'),
      place: '老娘舅调解室',
      online: false,
      participants: [{ role: '申请人', name: '张明' }],
      notify: true,
    });
    await t.services.jobs.runDue();
    const texts = sent.filter((m) => m.text.includes(d.refNo) && m.text.includes('老娘舅调解室'));
    expect(texts.map((m) => m.phone).sort()).toEqual(['13800138001', '13800138002']);
    expect(texts[0]!.text).toContain('11月25日09:30');
    await t.services.disputes.holdSession(m2, s.id, {
      endsAt: new Date('2026-11-25T11:00:00+08:00'),
      entries: [{ speaker: '调解员', text: '双方陈述了各自意见。' }],
      outcome: '双方初步同意由李华承担维修费用。',
      issueRecord: true,
    });
    const docsBefore = await count('documents');
    // Missing the parties' signatures and the deadline: 400, nothing written, still mediating.
    await expect(
      t.services.disputes.issueAgreement(m2, d.id, {
        ...agreementBody,
        performance: { manner: '转账', deadline: '' },
      }),
    ).rejects.toMatchObject({ code: 'DISPUTE_AGREEMENT_INCOMPLETE', status: 400 });
    expect(await count('documents')).toBe(docsBefore);
    expect((await t.services.disputes.detail(m2, d.id)).dispute.state).toBe('mediating');
    const doc = await t.services.disputes.issueAgreement(m2, d.id, {
      ...agreementBody,
      signatures: signAll(['张明', '李华', '孙调解']),
    });
    expect(doc.title).toBe('人民调解协议书');
    const after = await t.services.disputes.detail(m2, d.id);
    expect(after.dispute).toMatchObject({ state: 'settled', agreementDocumentId: doc.id });
    expect(after.sessions[0]).toMatchObject({ status: 'held' });
    const timeline = await t.services.cases.timeline(m2, 'dispute', d.id);
    expect(timeline.map((e) => e.action)).toEqual([
      'open',
      'accept',
      'assign',
      'confirm',
      'session',
      'settle',
    ]);
  });

  it('transfers a failed dispute up to the district centre, never sideways or down', async () => {
    const d = await mediating();
    await t.services.cases.apply(m2, 'dispute', d.id, { action: 'fail', comment: '双方分歧较大' });
    const orgs = await t.services.disputes.orgs(town1, { covering: d.regionPath });
    const village = orgs.find((o) => o.level === 'village' && o.id !== d.orgId)!;
    const district = orgs.find((o) => o.level === 'district')!;
    if (village)
      await expect(
        t.services.cases.apply(town1, 'dispute', d.id, {
          action: 'transfer',
          comment: '上交',
          fields: { orgId: village.id },
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_ORG_NOT_ABOVE' });
    const r = await t.services.cases.apply(town1, 'dispute', d.id, {
      action: 'transfer',
      comment: '村级调解未果，上交区矛调中心',
      fields: { orgId: district.id },
    });
    expect(r.case.row).toMatchObject({
      state: 'accepted',
      level: 'district',
      orgId: district.id,
      transfers: 1,
      assigneeUserId: null,
    });
  });
});

describe('judicial confirmation', () => {
  async function settled(agreedOn?: string) {
    const d = await mediating();
    await t.services.disputes.issueAgreement(m2, d.id, {
      ...agreementBody,
      signatures: signAll(['张明', '李华', '孙调解']),
      ...(agreedOn ? { agreedOn } : {}),
    });
    return d;
  }

  it('refuses an application after 30 days, or without both parties', async () => {
    const d = await settled('2026-09-01');
    const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
    await expect(
      t.services.disputes.applyConfirmation(m2, d.id, {
        court: '示范区人民法院',
        applicantPartyIds: parties,
      }),
    ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_TOO_LATE', status: 409 });
    const d2 = await settled();
    const p2 = (await t.services.disputes.detail(m2, d2.id)).parties.map((p) => p.id);
    await expect(
      t.services.disputes.applyConfirmation(m2, d2.id, {
        court: '示范区人民法院',
        applicantPartyIds: p2.slice(0, 1),
      }),
    ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_JOINT' });
    expect(await count('judicial_confirmations')).toBe(0);
  });

  it('runs application → acceptance → ruling, with the ruling as a document and the time measured', async () => {
    const d = await settled();
    const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
    const c = await t.services.disputes.applyConfirmation(m2, d.id, {
      court: '示范区人民法院',
      applicantPartyIds: parties,
    });
    expect(c.state).toBe('applied');
    await expect(
      t.services.disputes.applyConfirmation(m2, d.id, {
        court: '示范区人民法院',
        applicantPartyIds: parties,
      }),
    ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_PENDING' });
    const queue = await t.services.disputes.confirmationQueue(judge, ['applied'], 50, 0);
    expect(queue.rows.map((r) => r.id)).toContain(c.id);
    await t.services.cases.apply(judge, 'confirmation', c.id, { action: 'accept' });
    const ext = await t.services.cases.apply(judge, 'confirmation', c.id, {
      action: 'extendRuling',
      comment: '经院长批准延长十日',
    });
    expect(ext.case.row).toMatchObject({ ruleExtended: true });
    await expect(
      t.services.cases.apply(judge, 'confirmation', c.id, { action: 'extendRuling', comment: '再延' }),
    ).rejects.toMatchObject({ code: 'CASE_GUARD' });
    const ruled = await t.services.disputes.rule(judge, c.id, {
      decision: 'confirm',
      findings: '经审查，调解协议系双方自愿达成，内容不违反法律规定。',
      clerk: '陈书记员',
    });
    expect(ruled).toMatchObject({ state: 'confirmed', decision: 'confirm' });
    const docs = await t.services.documents.list(judge, 'dispute', d.id, new Set(['dispute:read']));
    expect(docs.map((x) => x.template).sort()).toEqual([
      'confirmationApplication',
      'confirmationRuling',
      'mediationAgreement',
    ]);
    const today = shanghaiDate(new Date());
    const stats = await t.services.disputes.stats(judge, { from: today, to: today, groupBy: 'level' });
    expect(stats.total.confirmed).toBe(1);
    expect(stats.total.avgConfirmHours).not.toBeNull();
    expect(stats.total.shareVillage).toBeGreaterThan(0);
  });
});

describe('screening', () => {
  it('is done by a zero report or by the disputes found, once', async () => {
    const grid = await t.actorOf('grid');
    const tasks = await t.services.disputes.tasks(grid, { open: true }, 50, 0);
    expect(tasks.rows.length).toBeGreaterThan(0);
    const task = tasks.rows[0]!;
    await expect(
      t.services.disputes.completeTask(grid, task.id, { zeroReport: false }),
    ).rejects.toMatchObject({
      code: 'DISPUTE_SCREENING_EMPTY',
    });
    await t.services.disputes.reportFound(
      grid,
      task.id,
      input({ title: '排查发现：宅基地边界争议', type: 'land' }),
    );
    await expect(t.services.disputes.completeTask(grid, task.id, { zeroReport: true })).rejects.toMatchObject(
      {
        code: 'DISPUTE_SCREENING_EMPTY',
      },
    );
    const done = await t.services.disputes.completeTask(grid, task.id, {
      zeroReport: false,
      note: '发现一起',
    });
    expect(done).toMatchObject({ found: 1, zeroReport: false });
    await expect(t.services.disputes.completeTask(grid, task.id, { zeroReport: true })).rejects.toMatchObject(
      {
        code: 'DISPUTE_SCREENING_DONE',
      },
    );
    // A town-level task closed with a zero report.
    const townTask = (await t.services.disputes.tasks(town1, { open: true }, 50, 0)).rows.find(
      (r) => r.level === 'town',
    )!;
    await t.services.disputes.completeTask(town1, townTask.id, { zeroReport: true });
    const today = shanghaiDate(new Date());
    const stats = await t.services.disputes.stats(town1, { from: today, to: today, groupBy: 'type' });
    expect(stats.total.screenings).toBe(2);
    expect(stats.total.zeroReportRate).toBe(0.5);
    // Generating again creates nothing new.
    expect(await t.services.disputes.generateTasks(today)).toBe(0);
  });
});

describe('bulk loader', () => {
  it('loads disputes with one statement per batch and adds them to the rollups', async () => {
    const from = shanghaiDate(new Date(Date.now() - 40 * 86_400_000));
    const to = shanghaiDate(new Date());
    const before = await t.services.disputes.stats(SYSTEM_ACTOR, { from, to, groupBy: 'level' });
    const r = await t.services.disputes.bulkLoad(3_000, { days: 30, batch: 1_000 });
    expect(r.last - r.first + 1).toBeGreaterThanOrEqual(3_000);
    const after = await t.services.disputes.stats(SYSTEM_ACTOR, { from, to, groupBy: 'level' });
    expect(after.total.found - before.total.found).toBe(3_000);
    expect(after.total.settled).toBeGreaterThan(before.total.settled);
    const list = await t.services.disputes.list(town1, { q: '批量载入' }, 5, 0);
    expect(list.total).toBeGreaterThan(0);
    expect(list.rows.every((d) => d.regionPath.startsWith(`${town1.scopePath}.`))).toBe(true);
    // Three batches, each folded into the region cube by its trigger: minutes on a loaded machine.
  }, 240_000);
});
