import { z } from 'zod';
import { type Block, chineseDate, chineseNumber, type DocModel } from './model';
import { describeParty, partySchema } from './party';

/**
 * Document templates (issue #5): each has a zod schema for its fields (a missing required part is a
 * 400 naming the field) and a pure builder from the fields to the layout model.
 */
export interface TemplateSpec<T> {
  key: string;
  title: string;
  /** Short form used in the document number, e.g. 示调协〔2026〕12号. */
  numberPrefix: string;
  schema: z.ZodType<T>;
  build(data: T, docNo: string): DocModel;
}

const dateStr = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * A signature on a document. A handwritten one (captured on a tablet or on the signer's phone) names its
 * image by hash, drawn into the files, and the hash of the content the signer saw: the draft's
 * `contentSha256`, so a signature cannot be moved onto other content.
 */
export const signatureSchema = z.object({
  name: text(64),
  signedAt: z.iso.datetime({ offset: true }),
  method: z.enum(['tablet', 'link']).optional(),
  imageSha256: sha256.optional(),
  contentSha256: sha256.optional(),
});
export type DocumentSignature = z.infer<typeof signatureSchema>;

/** `2026-11-23T02:00:00Z` → `2026-11-23 10:00` (Beijing time, as printed beside a signature). */
function signedAtLabel(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function signatureLine(sigs: DocumentSignature[] | undefined, label: string, name: string) {
  const s = sigs?.find((x) => x.name === name);
  if (!s) return { label, name };
  return s.imageSha256
    ? { label, name, image: s.imageSha256, signedAt: signedAtLabel(s.signedAt) }
    : { label, name, signedAt: `已电子签名 ${signedAtLabel(s.signedAt)}` };
}

/** The note printed under handwritten signatures: what they were bound to. */
function contentNote(contentSha256: string | undefined): Block[] {
  return contentSha256
    ? [
        {
          kind: 'note',
          text: `各方签名所确认的文书内容摘要（SHA-256）：${contentSha256}。签名图像及签署记录已随本文书存档。`,
        },
      ]
    : [];
}

// ---- 人民调解协议书 ----
// 人民调解法 第29条: the agreement states the parties' basic facts; the dispute's main facts, the issues
// and each side's responsibility; the agreed content and the manner and deadline of performance. It takes
// effect once the parties sign (or seal or thumbprint), the mediator signs and the committee's seal is
// affixed; each party keeps one copy and the committee keeps one.
export const mediationAgreementSchema = z.object({
  committee: text(128),
  caseNo: z.string().max(64).optional(),
  parties: z.array(partySchema).min(2).max(20),
  facts: text(4000),
  issues: text(2000),
  responsibilities: text(2000),
  agreedItems: z.array(text(1000)).min(1).max(30),
  performance: z.object({ manner: text(500), place: z.string().max(200).optional(), deadline: dateStr }),
  mediators: z.array(text(32)).min(1).max(5),
  agreedOn: dateStr,
  signatures: z.array(signatureSchema).max(25).optional(),
  /** Hash of the unsigned content every signature is bound to (see signatureSchema). */
  contentSha256: sha256.optional(),
  /** When the committee's seal was affixed: the agreement takes effect (人民调解法 第29条). */
  sealedAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * Set when this is the written form of an oral agreement recorded in a 调解笔录 (人民调解法 第28、30条),
   * drawn up later at a party's request: the record's number and the day the oral agreement was reached.
   */
  fromOralRecord: z.object({ docNo: z.string().min(1).max(64), reachedOn: dateStr }).optional(),
});
export type MediationAgreement = z.infer<typeof mediationAgreementSchema>;

export const mediationAgreement: TemplateSpec<MediationAgreement> = {
  key: 'mediationAgreement',
  title: '人民调解协议书',
  numberPrefix: '调协',
  schema: mediationAgreementSchema,
  build(d, docNo) {
    const copies = d.parties.length + 1;
    const blocks: Block[] = [
      { kind: 'fields', rows: d.parties.map(describeParty) },
      { kind: 'heading', text: '纠纷主要事实、争议事项' },
      { kind: 'paragraph', text: d.facts, indent: true },
      { kind: 'paragraph', text: `争议事项：${d.issues}`, indent: true },
      { kind: 'heading', text: '各方责任' },
      { kind: 'paragraph', text: d.responsibilities, indent: true },
      { kind: 'heading', text: '经调解，各方当事人自愿达成如下协议' },
      { kind: 'numbered', items: d.agreedItems },
      ...(d.fromOralRecord
        ? [
            {
              kind: 'paragraph' as const,
              indent: true,
              text: `上述协议系各方当事人于${chineseDate(d.fromOralRecord.reachedOn)}达成、记入调解笔录（${d.fromOralRecord.docNo}）的口头调解协议，应当事人要求制作本书面协议书。`,
            },
          ]
        : []),
      { kind: 'heading', text: '履行方式、地点、期限' },
      {
        kind: 'paragraph',
        indent: true,
        text: `${d.performance.manner}${d.performance.place ? `，履行地点：${d.performance.place}` : ''}，于${chineseDate(d.performance.deadline)}前履行完毕。`,
      },
      {
        kind: 'paragraph',
        indent: true,
        text: `本协议经各方当事人签名（盖章或者按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。本协议一式${chineseNumber(copies)}份，当事人各执一份，人民调解委员会留存一份。当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。`,
      },
      { kind: 'spacer' },
      {
        kind: 'signatures',
        lines: [
          ...d.parties.map((p) => signatureLine(d.signatures, `${p.role}（签名或盖章）`, p.name)),
          ...d.mediators.map((m) => signatureLine(d.signatures, '人民调解员（签名）', m)),
        ],
      },
      {
        kind: 'seal',
        org: d.committee,
        date: chineseDate(d.agreedOn),
        note: d.sealedAt ? undefined : '（人民调解委员会印）',
        stamped: Boolean(d.sealedAt),
      },
      ...contentNote(d.contentSha256),
    ];
    return { title: '人民调解协议书', docNo: d.caseNo ? `${docNo}　案号：${d.caseNo}` : docNo, blocks };
  },
};

// ---- 司法确认申请书 ----
// 人民调解法 第33条 / 民事诉讼法(2023) 第205条: the parties apply jointly within 30 days of the agreement
// taking effect; 民诉法解释 第354条: the application carries the parties' identity, address and contact
// details, the agreement and proof of the mediation.
export const confirmationApplicationSchema = z.object({
  court: text(64),
  applicants: z.array(partySchema).min(2).max(20),
  agreement: z.object({ docNo: text(64), committee: text(128), effectiveOn: dateStr }),
  request: text(1000),
  factsAndReasons: text(4000),
  attachments: z.array(text(200)).max(20).default([]),
  appliedOn: dateStr,
  signatures: z.array(signatureSchema).max(25).optional(),
  contentSha256: sha256.optional(),
});
export type ConfirmationApplication = z.infer<typeof confirmationApplicationSchema>;

export const confirmationApplication: TemplateSpec<ConfirmationApplication> = {
  key: 'confirmationApplication',
  title: '司法确认申请书',
  numberPrefix: '确申',
  schema: confirmationApplicationSchema,
  build(d, docNo) {
    return {
      title: '司法确认申请书',
      docNo,
      blocks: [
        { kind: 'fields', rows: d.applicants.map(describeParty) },
        { kind: 'heading', text: '请求事项' },
        { kind: 'paragraph', text: d.request, indent: true },
        { kind: 'heading', text: '事实与理由' },
        {
          kind: 'paragraph',
          indent: true,
          text: `申请人于${chineseDate(d.agreement.effectiveOn)}经${d.agreement.committee}主持调解，达成调解协议（${d.agreement.docNo}）。${d.factsAndReasons}`,
        },
        {
          kind: 'paragraph',
          indent: true,
          text: '申请人共同承诺：出于解决纠纷的目的自愿达成该协议，没有恶意串通、规避法律的行为；所提供的材料真实、合法；如因虚假陈述损害他人合法权益，愿承担相应的法律责任。现依据《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条之规定，共同申请司法确认。',
        },
        ...(d.attachments.length
          ? [{ kind: 'heading', text: '附件' } as Block, { kind: 'numbered', items: d.attachments } as Block]
          : []),
        { kind: 'paragraph', text: `此致\n${d.court}`, indent: false },
        { kind: 'spacer' },
        {
          kind: 'signatures',
          lines: d.applicants.map((a) => signatureLine(d.signatures, '申请人（签名或盖章）', a.name)),
        },
        { kind: 'paragraph', text: chineseDate(d.appliedOn), align: 'right' },
        ...contentNote(d.contentSha256),
      ],
    };
  },
};

// ---- 司法确认裁定书 ----
// 民事诉讼法(2023) 第206条: a valid agreement is confirmed and may be enforced; otherwise the application is
// rejected and the parties may change the agreement or make a new one by mediation, or sue. Grounds for
// rejection: 民诉法解释(2022) 第358条.
export const confirmationRulingSchema = z.object({
  court: text(64),
  caseNo: text(64),
  applicants: z.array(partySchema).min(2).max(20),
  agreement: z.object({ docNo: text(64), committee: text(128), effectiveOn: dateStr, content: text(4000) }),
  acceptedOn: dateStr,
  findings: text(4000),
  decision: z.enum(['confirm', 'reject']),
  rejectReason: z.string().max(2000).optional(),
  judge: text(32),
  clerk: text(32),
  ruledOn: dateStr,
});
export type ConfirmationRuling = z.infer<typeof confirmationRulingSchema>;

export const confirmationRuling: TemplateSpec<ConfirmationRuling> = {
  key: 'confirmationRuling',
  title: '民事裁定书',
  numberPrefix: '确裁',
  schema: confirmationRulingSchema.refine(
    (d) => d.decision === 'confirm' || Boolean(d.rejectReason?.trim()),
    {
      path: ['rejectReason'],
      message: 'a rejection states its reason',
      params: { zh: '驳回申请须写明理由', en: 'a rejection states its reason' },
    },
  ),
  build(d, docNo) {
    const names = d.applicants.map((a) => a.name).join('、');
    const ruling: Block[] =
      d.decision === 'confirm'
        ? [
            {
              kind: 'paragraph',
              indent: true,
              text: '依照《中华人民共和国民事诉讼法》第二百零五条、第二百零六条规定，裁定如下：',
            },
            {
              kind: 'paragraph',
              indent: true,
              text: `申请人${names}于${chineseDate(d.agreement.effectiveOn)}经${d.agreement.committee}主持调解达成的调解协议有效。`,
            },
            {
              kind: 'paragraph',
              indent: true,
              text: '当事人应当按照调解协议的约定自觉履行义务。一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行。',
            },
          ]
        : [
            { kind: 'paragraph', indent: true, text: `本院认为，${d.rejectReason}` },
            {
              kind: 'paragraph',
              indent: true,
              text: '依照《中华人民共和国民事诉讼法》第二百零六条规定，裁定如下：',
            },
            { kind: 'paragraph', indent: true, text: `驳回申请人${names}的司法确认申请。` },
            {
              kind: 'paragraph',
              indent: true,
              text: '当事人可以通过调解方式变更原调解协议或者达成新的调解协议，也可以向人民法院提起诉讼。',
            },
          ];
    return {
      title: `${d.court}\n民事裁定书`,
      docNo: d.caseNo,
      blocks: [
        { kind: 'fields', rows: d.applicants.map(describeParty) },
        {
          kind: 'paragraph',
          indent: true,
          text: `申请人${names}于${chineseDate(d.acceptedOn)}向本院申请司法确认调解协议，本院受理后依法进行了审查。现已审查终结。`,
        },
        {
          kind: 'paragraph',
          indent: true,
          text: `调解协议（${d.agreement.docNo}）的主要内容：${d.agreement.content}`,
        },
        { kind: 'paragraph', indent: true, text: d.findings },
        ...ruling,
        { kind: 'paragraph', indent: true, text: '本裁定书自即日起发生法律效力。' },
        { kind: 'spacer' },
        { kind: 'signatures', lines: [{ label: '审判员', name: d.judge }] },
        { kind: 'seal', org: d.court, date: chineseDate(d.ruledOn), note: '（院印）' },
        { kind: 'signatures', lines: [{ label: '书记员', name: d.clerk }] },
        { kind: 'note', text: `登记编号：${docNo}` },
      ],
    };
  },
};

// ---- 调解笔录 ----
// 人民调解法 第27条: committees keep registration, work records (笔录) and agreements on file.
export const mediationRecordSchema = z.object({
  committee: text(128),
  caseNo: z.string().max(64).optional(),
  startedAt: z.iso.datetime({ offset: true }),
  endedAt: z.iso.datetime({ offset: true }),
  place: text(200),
  online: z.boolean().default(false),
  mediators: z.array(text(32)).min(1).max(5),
  recorder: text(32),
  participants: z
    .array(z.object({ role: text(16), name: text(64) }))
    .min(1)
    .max(30),
  entries: z
    .array(z.object({ speaker: text(64), text: text(4000) }))
    .min(1)
    .max(500),
  outcome: text(2000),
  /**
   * An oral agreement recorded in this 笔录 (人民调解法 第28条: the parties consider a written agreement
   * unnecessary, the mediator records its content; 第30条: it takes effect the day it is reached).
   */
  oralAgreement: z
    .object({
      items: z.array(text(1000)).min(1).max(30),
      waivedBy: z.array(text(64)).min(2).max(20),
      performedOnTheSpot: z.boolean(),
      reachedOn: dateStr,
    })
    .optional(),
});
export type MediationRecord = z.infer<typeof mediationRecordSchema>;

const shanghaiTime = (iso: string) => {
  const d = new Date(iso);
  const s = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${chineseDate(s.slice(0, 10))}${s.slice(11, 16)}`;
};

export const mediationRecord: TemplateSpec<MediationRecord> = {
  key: 'mediationRecord',
  title: '调解笔录',
  numberPrefix: '调录',
  schema: mediationRecordSchema,
  build(d, docNo) {
    return {
      title: '调解笔录',
      docNo: d.caseNo ? `${docNo}　案号：${d.caseNo}` : docNo,
      blocks: [
        {
          kind: 'fields',
          rows: [
            ['时间', `${shanghaiTime(d.startedAt)}至${shanghaiTime(d.endedAt).slice(-5)}`],
            ['地点', `${d.place}${d.online ? '（线上视频调解）' : ''}`],
            ['调解员', d.mediators.join('、')],
            ['记录人', d.recorder],
            ['参加人', d.participants.map((p) => `${p.role}${p.name}`).join('；')],
          ],
        },
        ...d.entries.map(
          (e): Block => ({ kind: 'paragraph', text: `${e.speaker}：${e.text}`, indent: false }),
        ),
        { kind: 'heading', text: '调解结果' },
        { kind: 'paragraph', text: d.outcome, indent: true },
        ...(d.oralAgreement
          ? ([
              { kind: 'heading', text: '口头调解协议' },
              { kind: 'numbered', items: d.oralAgreement.items },
              {
                kind: 'paragraph',
                indent: true,
                text: `${d.oralAgreement.waivedBy.join('、')}均认为无需制作调解协议书，同意采取口头协议方式，由人民调解员记录协议内容（《中华人民共和国人民调解法》第二十八条）。本口头调解协议自各方当事人达成协议之日即${chineseDate(d.oralAgreement.reachedOn)}起生效（第三十条）。${d.oralAgreement.performedOnTheSpot ? '协议内容已当场履行完毕。' : ''}`,
              },
            ] as Block[])
          : []),
        { kind: 'paragraph', text: '以上笔录经本人核对无误。', indent: true },
        { kind: 'spacer' },
        {
          kind: 'signatures',
          lines: [
            ...d.participants.map((p) => ({ label: `${p.role}（签名）`, name: p.name })),
            ...d.mediators.map((m) => ({ label: '调解员（签名）', name: m })),
            { label: '记录人（签名）', name: d.recorder },
          ],
        },
      ],
    };
  },
};

// ---- 告知书 ----
export const noticeSchema = z.object({
  title: z.string().max(32).default('告知书'),
  recipient: text(128),
  subject: text(200),
  paragraphs: z.array(text(4000)).min(1).max(30),
  laws: z
    .array(z.object({ name: text(64), article: text(32), text: text(4000) }))
    .max(20)
    .default([]),
  issuer: text(128),
  issuedOn: dateStr,
});
export type Notice = z.infer<typeof noticeSchema>;

export const notice: TemplateSpec<Notice> = {
  key: 'notice',
  title: '告知书',
  numberPrefix: '告',
  schema: noticeSchema,
  build(d, docNo) {
    return {
      title: d.title,
      docNo,
      blocks: [
        { kind: 'paragraph', text: `${d.recipient}：`, indent: false },
        { kind: 'paragraph', text: `事由：${d.subject}`, indent: true },
        ...d.paragraphs.map((p): Block => ({ kind: 'paragraph', text: p, indent: true })),
        ...(d.laws.length
          ? [
              { kind: 'heading', text: '相关法律规定' } as Block,
              ...d.laws.map(
                (l): Block => ({
                  kind: 'paragraph',
                  indent: true,
                  text: `《${l.name}》${l.article}：${l.text}`,
                }),
              ),
            ]
          : []),
        { kind: 'spacer' },
        { kind: 'seal', org: d.issuer, date: chineseDate(d.issuedOn) },
      ],
    };
  },
};

export const DOCUMENT_TEMPLATES = {
  mediationAgreement,
  confirmationApplication,
  confirmationRuling,
  mediationRecord,
  notice,
} as const;

export type TemplateKey = keyof typeof DOCUMENT_TEMPLATES;
export const TEMPLATE_KEYS = Object.keys(DOCUMENT_TEMPLATES) as TemplateKey[];

/** Document number in the Chinese official style: 示调协〔2026〕12号. */
export function documentNumber(orgShort: string, prefix: string, year: number, seq: number): string {
  return `${orgShort}${prefix}〔${year}〕${seq}号`;
}
