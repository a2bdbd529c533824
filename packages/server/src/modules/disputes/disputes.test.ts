import { createHash } from 'node:crypto';
import { makeIdNumber, shanghaiDate } from '@fengqiao/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ownerQuery } from '../../../test/db';
import { applySigned, settleSigned, signaturePng } from '../../../test/dispute-signing';
import { createTestApp, type TestApp } from '../../../test/harness';
import { type Actor, SYSTEM_ACTOR, transaction, tx } from '../../db/context';
import type { SmsMessage } from '../messages/channels/sms';
import type { DisputeInput } from './disputes.service';

/** Tests that draw several signed PDFs: rendering is CPU-bound, and the machine is shared. */
const HEAVY = 180_000;
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

  it(
    'texts the parties the session time, records the session, and settles once every party, the mediator and the seal are on the agreement',
    async () => {
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
      const draftsBefore = await count('document_drafts');
      // Missing the deadline: 400, nothing written, still mediating.
      await expect(
        t.services.disputes.draftAgreement(m2, d.id, {
          ...agreementBody,
          performance: { manner: '转账', deadline: '' },
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_AGREEMENT_INCOMPLETE', status: 400 });
      expect(await count('document_drafts')).toBe(draftsBefore);
      const draft = await t.services.disputes.draftAgreement(m2, d.id, agreementBody);
      expect(draft.signers.map((x) => [x.name, x.kind])).toEqual([
        ['张明', 'party'],
        ['李华', 'party'],
        ['孙调解', 'user'],
      ]);
      expect(draft.contentSha256).toMatch(/^[0-9a-f]{64}$/);
      // Sealing before everyone has signed: 409, nothing issued.
      await expect(t.services.disputes.sealAgreement(m2, d.id)).rejects.toMatchObject({
        code: 'DOCUMENT_SIGNING_INCOMPLETE',
        status: 409,
      });
      // An empty canvas is not a signature.
      const { default: sharp } = await import('sharp');
      const blank = await sharp({
        create: { width: 400, height: 120, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
      })
        .png()
        .toBuffer();
      const zhang = draft.signers[0]!;
      const li = draft.signers[1]!;
      const mediator = draft.signers[2]!;
      await expect(t.services.disputes.signOnTablet(m2, d.id, zhang.id, blank, {})).rejects.toMatchObject({
        code: 'DOCUMENT_SIGNATURE_IMAGE_INVALID',
        status: 400,
      });
      // 张明 signs on the mediator's tablet; nobody but 孙调解 may sign as 孙调解.
      await t.services.disputes.signOnTablet(m2, d.id, zhang.id, await signaturePng(1), { ip: '10.0.0.8' });
      await expect(
        t.services.disputes.signOnTablet(town1, d.id, mediator.id, await signaturePng(2), {}),
      ).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(
        t.services.disputes.signOnTablet(m2, d.id, zhang.id, await signaturePng(3), {}),
      ).rejects.toMatchObject({
        code: 'DOCUMENT_ALREADY_SIGNED',
      });
      // 李华 signs on his own phone through a one-time link texted to him.
      await t.services.disputes.sendSignLink(m2, d.id, li.id);
      const linkRow = async () =>
        (
          await ownerQuery<{ params: string; status: string }>(
            t,
            `SELECT params::text AS params, status FROM outbox WHERE type = 'dispute.signLink' ORDER BY id DESC LIMIT 1`,
          )
        )[0]!;
      const pending = await linkRow();
      expect(pending.status).toBe('pending');
      expect(pending.params, 'the link waits sealed in the outbox').not.toContain('/m/sign/');
      expect(pending.params).toContain('"sealed"');
      await t.services.jobs.runDue();
      const sms = sent.find((m) => m.phone === '13800138002' && m.text.includes('/m/sign/'))!;
      const token = /\/m\/sign\/([A-Za-z0-9_-]+)/.exec(sms.text)![1]!;
      // Texted: the outbox keeps neither the token nor its sealed form; the signer row only its SHA-256.
      const delivered = await linkRow();
      expect(delivered.status).toBe('delivered');
      expect(delivered.params).not.toContain(token);
      expect(delivered.params).not.toContain('"sealed"');
      expect(JSON.parse(delivered.params).url).toBe('（已删除）');
      expect(JSON.parse(delivered.params).ref).toBe(d.refNo);
      const signerRow = await ownerQuery<{ row: string; hash: string }>(
        t,
        `SELECT row_to_json(s)::text AS row, link_token_sha256 AS hash FROM document_signers s WHERE id = ${li.id}`,
      );
      expect(signerRow[0]!.row).not.toContain(token);
      expect(signerRow[0]!.hash).toBe(createHash('sha256').update(token).digest('hex'));
      for (const table of ['outbox', 'jobs', 'audit_log', 'idempotency_keys']) {
        const hits = await ownerQuery<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM ${table} x WHERE row_to_json(x)::text LIKE '%${token}%'`,
        );
        expect(hits[0]!.n, `${table} holds the token`).toBe(0);
      }
      const page = await t.app.inject({ method: 'GET', url: `/api/v1/sign/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ signer: { name: '李华' }, contentSha256: draft.contentSha256 });
      // The public page masks ID and phone numbers (a forwarded link must not expose them).
      expect(page.body).not.toContain(idB);
      expect(page.body).not.toContain('13800138002');
      const png = await signaturePng(4);
      const image = `data:image/png;base64,${png.toString('base64')}`;
      const signed = await t.app.inject({ method: 'POST', url: `/api/v1/sign/${token}`, payload: { image } });
      expect(signed.statusCode, signed.body).toBe(200);
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/sign/${token}`, payload: { image } });
      expect(again.statusCode).toBe(404);
      expect(again.json().error.code).toBe('DOCUMENT_SIGN_LINK_INVALID');
      await t.services.disputes.signOnTablet(m2, d.id, mediator.id, await signaturePng(5), {});
      const state = (await t.services.disputes.signingState(m2, d.id)).agreement!;
      expect(state.complete).toBe(true);
      expect(state.signers.map((x) => x.method)).toEqual(['tablet', 'link', 'tablet']);
      expect(state.signers.every((x) => x.boundToContent)).toBe(true);
      // The seal: issued with the signatures drawn in, effective, settled.
      const doc = await t.services.disputes.sealAgreement(m2, d.id);
      expect(doc.title).toBe('人民调解协议书');
      expect(await count('documents')).toBe(docsBefore + 1);
      const data = doc.data as {
        signatures: { name: string; imageSha256: string; contentSha256: string }[];
        sealedAt: string;
      };
      expect(data.signatures.map((x) => x.name)).toEqual(['张明', '李华', '孙调解']);
      expect(data.signatures.every((x) => x.contentSha256 === draft.contentSha256)).toBe(true);
      expect(data.sealedAt).toBeTruthy();
      const file = await t.services.documents.file(m2, doc.id, 'pdf', new Set(['dispute:read']));
      expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(doc.pdfSha256);
      expect(await t.services.documents.verify(doc.verifyCode)).toMatchObject({ signatureValid: true });
      const after = await t.services.disputes.detail(m2, d.id);
      expect(after.dispute).toMatchObject({
        state: 'settled',
        agreementDocumentId: doc.id,
        agreementKind: 'written',
        agreementOn: shanghaiDate(new Date()),
      });
      expect((await t.services.disputes.signingState(m2, d.id)).agreement!.status).toBe('issued');
      const audits = await ownerQuery<{ action: string; n: number }>(
        t,
        `SELECT action, count(*)::int AS n FROM audit_log WHERE action IN ('document.sign','document.signLink','document.draft','dispute.agreement.seal') GROUP BY action`,
      );
      expect(Object.fromEntries(audits.map((r) => [r.action, r.n]))).toMatchObject({
        'document.sign': expect.any(Number),
        'document.signLink': expect.any(Number),
        'dispute.agreement.seal': expect.any(Number),
      });
      const timeline = await t.services.cases.timeline(m2, 'dispute', d.id);
      expect(timeline.map((e) => e.action)).toEqual([
        'open',
        'accept',
        'assign',
        'confirm',
        'session',
        'note',
        'settle',
      ]);
    },
    HEAVY,
  );

  it(
    'a new draft voids the old signatures; of two racing seals one settles and the other writes nothing',
    async () => {
      const d = await mediating();
      const first = await t.services.disputes.draftAgreement(m2, d.id, agreementBody);
      await t.services.disputes.signOnTablet(m2, d.id, first.signers[0]!.id, await signaturePng(6), {});
      const second = await t.services.disputes.draftAgreement(m2, d.id, {
        ...agreementBody,
        agreedItems: ['李华赔偿张明天花板修复费用人民币叁仟元。'],
      });
      expect(second.contentSha256).not.toBe(first.contentSha256);
      expect(second.signers.every((x) => x.signedAt === null)).toBe(true);
      await expect(
        t.services.disputes.signOnTablet(m2, d.id, first.signers[1]!.id, await signaturePng(7), {}),
      ).rejects.toMatchObject({ code: 'DOCUMENT_DRAFT_CLOSED' });
      for (const sg of second.signers)
        await t.services.disputes.signOnTablet(m2, d.id, sg.id, await signaturePng(8), {});
      const docsBefore = await count('documents');
      const results = await Promise.allSettled([
        t.services.disputes.sealAgreement(m2, d.id),
        t.services.disputes.sealAgreement(m2, d.id),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ status: 409 });
      expect(await count('documents')).toBe(docsBefore + 1);
      expect((await t.services.disputes.detail(m2, d.id)).dispute.state).toBe('settled');
    },
    HEAVY,
  );

  it(
    'settles with an oral agreement in the 笔录 only when every party waives the written form and it is performed on the spot',
    async () => {
      const d = await mediating();
      const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
      const oral = {
        place: '幸福里3号楼下',
        startsAt: new Date('2026-11-25T15:00:00+08:00'),
        endsAt: new Date('2026-11-25T15:40:00+08:00'),
        entries: [{ speaker: '调解员', text: '双方当场协商。' }],
        outcome: '李华当场支付张明修复费用五百元。',
        agreedItems: ['李华当场支付张明天花板修复费用人民币伍佰元。'],
        waivedBy: parties,
        performedOnTheSpot: true,
      };
      const docsBefore = await count('documents');
      await expect(
        t.services.disputes.oralAgreement(m2, d.id, { ...oral, waivedBy: parties.slice(0, 1) }),
      ).rejects.toMatchObject({ code: 'DISPUTE_ORAL_NOT_ALLOWED', status: 409 });
      await expect(
        t.services.disputes.oralAgreement(m2, d.id, { ...oral, performedOnTheSpot: false }),
      ).rejects.toMatchObject({ code: 'DISPUTE_ORAL_NOT_ALLOWED' });
      expect(await count('documents')).toBe(docsBefore);
      expect((await t.services.disputes.detail(m2, d.id)).sessions).toHaveLength(0);
      const record = await t.services.disputes.oralAgreement(m2, d.id, oral);
      expect(record.template).toBe('mediationRecord');
      expect((record.data as { oralAgreement: { reachedOn: string } }).oralAgreement.reachedOn).toBe(
        '2026-11-25',
      );
      const view = await t.services.disputes.detail(m2, d.id);
      expect(view.dispute).toMatchObject({
        state: 'settled',
        agreementKind: 'oral',
        agreementOn: '2026-11-25',
        agreementDocumentId: record.id,
      });
      expect(view.sessions[0]).toMatchObject({ status: 'held', recordDocumentId: record.id });
      // A judicial confirmation needs the written agreement.
      await expect(
        t.services.disputes.draftConfirmation(m2, d.id, {
          court: '示范区人民法院',
          applicantPartyIds: parties,
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_NEEDS_WRITTEN', status: 409 });
    },
    HEAVY,
  );

  it(
    'writes an oral agreement up as a signed and sealed 调解协议书 on request, keeping the 笔录 it came from',
    async () => {
      const d = await mediating();
      const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
      const facts = {
        issues: '天花板渗水修复费用的承担',
        responsibilities: '渗水源自李华家卫生间防水层破损，李华承担修复费用',
      };
      await expect(t.services.disputes.draftWrittenFromOral(m2, d.id, facts)).rejects.toMatchObject({
        code: 'DISPUTE_NOT_ORAL',
        status: 409,
      });
      const items = ['李华当场支付张明天花板修复费用人民币伍佰元。'];
      const record = await t.services.disputes.oralAgreement(m2, d.id, {
        place: '幸福里3号楼下',
        startsAt: new Date('2026-11-25T15:00:00+08:00'),
        endsAt: new Date('2026-11-25T15:40:00+08:00'),
        entries: [{ speaker: '调解员', text: '双方当场协商。' }],
        outcome: '李华当场支付张明修复费用五百元。',
        agreedItems: items,
        waivedBy: parties,
        performedOnTheSpot: true,
      });
      // Two days later a party asks for the written agreement (to apply for judicial confirmation).
      vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-27T10:00:00+08:00') });
      try {
        await expect(
          t.services.disputes.draftWrittenFromOral(m2, d.id, { ...facts, issues: '' }),
        ).rejects.toMatchObject({ code: 'DISPUTE_AGREEMENT_INCOMPLETE', status: 400 });
        const draft = await t.services.disputes.draftWrittenFromOral(m2, d.id, facts);
        expect(draft.data).toMatchObject({
          agreedItems: items,
          performance: { deadline: '2026-11-25' },
          fromOralRecord: { docNo: record.docNo, reachedOn: '2026-11-25' },
        });
        expect(draft.signers.map((x) => x.role)).toContain('人民调解员');
        for (const sg of draft.signers)
          await t.services.disputes.signOnTablet(m2, d.id, sg.id, await signaturePng(11), {});
        const written = await t.services.disputes.sealAgreement(m2, d.id);
        expect(written.template).toBe('mediationAgreement');
        expect(written.data).toMatchObject({ fromOralRecord: { docNo: record.docNo } });
        const view = await t.services.disputes.detail(m2, d.id);
        expect(view.dispute).toMatchObject({
          state: 'settled',
          agreementKind: 'written',
          agreementOn: '2026-11-27',
          agreementDocumentId: written.id,
        });
        expect(view.sessions[0]).toMatchObject({ recordDocumentId: record.id });
        // Once written, it cannot be written up again, and judicial confirmation can be applied for.
        await expect(t.services.disputes.draftWrittenFromOral(m2, d.id, facts)).rejects.toMatchObject({
          code: 'DISPUTE_NOT_ORAL',
        });
        const application = await t.services.disputes.draftConfirmation(m2, d.id, {
          court: '示范区人民法院',
          applicantPartyIds: parties,
        });
        expect(application.data).toMatchObject({
          agreement: { docNo: written.docNo, effectiveOn: '2026-11-27' },
        });
      } finally {
        vi.useRealTimers();
      }
    },
    HEAVY,
  );

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
  async function settled() {
    const d = await mediating();
    await settleSigned(t.services, m2, d.id, agreementBody);
    return d;
  }

  it(
    'refuses an application after 30 days, or without both parties, and needs the applicants’ signatures',
    async () => {
      const d = await settled();
      const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
      const late = shanghaiDate(new Date(Date.now() + 31 * 86_400_000));
      await expect(
        t.services.disputes.draftConfirmation(m2, d.id, {
          court: '示范区人民法院',
          applicantPartyIds: parties,
          appliedOn: late,
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_TOO_LATE', status: 409 });
      await expect(
        t.services.disputes.draftConfirmation(m2, d.id, {
          court: '示范区人民法院',
          applicantPartyIds: parties.slice(0, 1),
        }),
      ).rejects.toMatchObject({ code: 'DISPUTE_CONFIRMATION_JOINT' });
      const draft = await t.services.disputes.draftConfirmation(m2, d.id, {
        court: '示范区人民法院',
        applicantPartyIds: parties,
      });
      expect(draft.signers.map((x) => x.name)).toEqual(['张明', '李华']);
      await t.services.disputes.signOnTablet(m2, d.id, draft.signers[0]!.id, await signaturePng(9), {});
      await expect(t.services.disputes.submitConfirmation(m2, d.id)).rejects.toMatchObject({
        code: 'DOCUMENT_SIGNING_INCOMPLETE',
      });
      expect(await count('judicial_confirmations')).toBe(0);
    },
    HEAVY,
  );

  it(
    'runs application → acceptance → ruling, with the ruling as a document and the time measured',
    async () => {
      const d = await settled();
      const parties = (await t.services.disputes.detail(m2, d.id)).parties.map((p) => p.id);
      const c = await applySigned(t.services, m2, d.id, {
        court: '示范区人民法院',
        applicantPartyIds: parties,
      });
      expect(c.state).toBe('applied');
      await expect(
        t.services.disputes.draftConfirmation(m2, d.id, {
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
    },
    HEAVY,
  );
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
