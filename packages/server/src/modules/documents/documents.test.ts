import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness';
import { SYSTEM_ACTOR, transaction } from '../../db/context';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

const person = (role: string, name: string, id: string) => ({
  kind: 'person',
  role,
  name,
  sex: '男',
  ethnicity: '汉族',
  birthDate: '1980-01-01',
  idNumber: id,
  address: '示范区东湖街道海棠社区3号楼',
  phone: '13800000000',
});

export const agreement = {
  committee: '东湖街道人民调解委员会',
  parties: [person('甲方', '张三', '350104198001011234'), person('乙方', '李四', '35010419800202123X')],
  facts: '双方系相邻住户，乙方在公共通道搭建棚屋，影响甲方通行，双方多次发生争执。',
  issues: '棚屋是否拆除及相关损失赔偿。',
  responsibilities: '乙方占用公共通道，负主要责任；甲方言语过激，负次要责任。',
  agreedItems: ['乙方于2026年12月31日前自行拆除搭建在公共通道上的棚屋。', '甲方放弃要求乙方赔偿损失的请求。'],
  performance: { manner: '乙方自行拆除，社区网格员现场核实', deadline: '2026-12-31' },
  mediators: ['郑调解'],
  agreedOn: '2026-11-23',
};

describe('document service', () => {
  let id = 0;
  let code = '';
  let pdf: Buffer;

  it('issues a numbered, signed 人民调解协议书 as PDF and DOCX', async () => {
    const dir = await t.services.territory.dir();
    const community = [...dir.byId.values()].find(
      (r) => r.level === 'community' && r.code.startsWith('350199001'),
    )!;
    const res = await t.as('mediator', {
      method: 'POST',
      url: '/api/v1/documents',
      payload: {
        template: 'mediationAgreement',
        subjectType: 'region',
        subjectId: community.id,
        data: agreement,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const doc = res.json();
    expect(doc.docNo).toMatch(/^示调协〔20\d\d〕\d+号$/);
    expect(doc.verifyCode).toMatch(/^[0-9A-Z]{12}$/);
    expect(doc.title).toBe('人民调解协议书');
    id = doc.id;
    code = doc.verifyCode;
    const file = await t.as('mediator', { method: 'GET', url: `/api/v1/documents/${id}/file?format=pdf` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    pdf = file.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The Chinese font is embedded (subset), not referenced.
    expect(pdf.toString('latin1')).toMatch(/FontFile2/);
    const docx = await t.as('mediator', { method: 'GET', url: `/api/v1/documents/${id}/file?format=docx` });
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses an agreement missing a part 人民调解法 第29条 requires, naming it', async () => {
    const { agreedItems: _a, performance: _p, ...rest } = agreement;
    const res = await t.as('mediator', {
      method: 'POST',
      url: '/api/v1/documents/preview',
      payload: { template: 'mediationAgreement', data: rest },
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort();
    expect(paths).toEqual(['agreedItems', 'performance']);
  });

  it('the public verification page says genuine and whether a presented copy is unaltered', async () => {
    const v = await t.app.inject({ method: 'GET', url: `/api/v1/verify/${code.toLowerCase()}` });
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({
      status: 'valid',
      signatureValid: true,
      issuer: '东湖街道人民调解委员会',
    });
    const same = await t.app.inject({
      method: 'POST',
      url: `/api/v1/verify/${code}`,
      headers: { 'content-type': 'application/pdf' },
      payload: pdf,
    });
    expect(same.json()).toMatchObject({ unaltered: true, format: 'pdf' });
    const altered = Buffer.from(pdf);
    altered[altered.length - 100] = (altered[altered.length - 100]! + 1) % 256;
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/verify/${code}`,
      headers: { 'content-type': 'application/pdf' },
      payload: altered,
    });
    expect(bad.json()).toMatchObject({ unaltered: false, format: null, signatureValid: true });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/verify/ZZZZZZZZZZZZ' })).statusCode).toBe(404);
  });

  it('keeps documents in scope and audits each download', async () => {
    expect((await t.as('town2', { method: 'GET', url: `/api/v1/documents/${id}` })).statusCode).toBe(404);
    expect((await t.as('resident', { method: 'GET', url: `/api/v1/documents/${id}` })).statusCode).toBe(403);
    const audit = await t.as('auditor', {
      method: 'GET',
      url: `/api/v1/audit?action=document.download&objectId=${id}`,
    });
    expect(audit.json().total).toBe(2);
  });

  it('revocation shows on the verification page; a second revoke is a 409', async () => {
    const rv = await t.as('mediator', {
      method: 'POST',
      url: `/api/v1/documents/${id}/revoke`,
      payload: { reason: '当事人信息有误，重新出具' },
    });
    expect(rv.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/verify/${code}` })).json()).toMatchObject({
      status: 'revoked',
      revokedReason: '当事人信息有误，重新出具',
    });
    const again = await t.as('mediator', {
      method: 'POST',
      url: `/api/v1/documents/${id}/revoke`,
      payload: { reason: '重复' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a ruling that rejects must give its reason; a role without document:issue gets 403', async () => {
    const res = await t.as('judge', {
      method: 'POST',
      url: '/api/v1/documents/preview',
      payload: {
        template: 'confirmationRuling',
        data: {
          court: '示范区人民法院',
          caseNo: '（2026）闽0199民特1号',
          applicants: agreement.parties,
          agreement: {
            docNo: '示调协〔2026〕1号',
            committee: agreement.committee,
            effectiveOn: '2026-11-23',
            content: '乙方拆除棚屋。',
          },
          acceptedOn: '2026-11-24',
          findings: '经审查，双方系自愿达成协议。',
          decision: 'reject',
          judge: '吴法官',
          clerk: '书记员',
          ruledOn: '2026-11-25',
        },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({
      path: 'rejectReason',
      message: '驳回申请须写明理由',
    });
    expect(
      (
        await t.as('leader', {
          method: 'POST',
          url: '/api/v1/documents/preview',
          payload: { template: 'notice', data: {} },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('rendering outside the transaction', () => {
  it('refuses to render inside a transaction, so no caller holds locks while a PDF is drawn', async () => {
    const dir = await t.services.territory.dir();
    const community = [...dir.byId.values()].find((r) => r.level === 'community')!;
    const input = {
      template: 'mediationAgreement',
      subjectType: 'region',
      subjectId: community.id,
      data: agreement,
    };
    const perms = new Set(['region:read', 'document:issue'] as const);
    await expect(
      transaction(t.services.db, SYSTEM_ACTOR, () =>
        t.services.documents.prepare(SYSTEM_ACTOR, input, perms),
      ),
    ).rejects.toThrow(/outside a transaction/);
    // prepare → store: the stored row matches the bytes drawn before the write, and its signature holds.
    const prepared = await t.services.documents.prepare(SYSTEM_ACTOR, input, perms);
    const row = await t.services.documents.store(SYSTEM_ACTOR, prepared);
    const file = await t.services.documents.file(SYSTEM_ACTOR, row.id, 'pdf', perms);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(row.pdfSha256);
    const v = await t.services.documents.verify(row.verifyCode);
    expect(v).toMatchObject({ docNo: prepared.facts.docNo, signatureValid: true, status: 'valid' });
  });
});
