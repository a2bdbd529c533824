import {
  DISPUTE_TYPES,
  MEDIATION_NOTICE_LAWS,
  MEDIATION_NOTICE_SMS,
  type MediationAgreement,
  type Permission,
  shanghaiDate,
} from '@fengqiao/domain';
import { type Actor, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import { documentParty } from './disputes.parties';
import * as repo from './disputes.repo';
import { type Deps, type DisputesCore, permsOf } from './disputes.shared';
import { documentSteps } from './disputes.steps';

const CONFIRMATION = { zh: '司法确认申请', en: 'Confirmation application' };
const SESSION = { zh: '调解安排', en: 'Session' };

export interface SessionPlan {
  startsAt: Date;
  place: string;
  online: boolean;
  participants: { role: string; name: string }[];
  /** Text the parties the time and place (SMS through the outbox). */
  notify: boolean;
}

export interface SessionRecord {
  endsAt: Date;
  entries: { speaker: string; text: string }[];
  outcome: string;
  /** Issue the 调解笔录 as a document. */
  issueRecord: boolean;
}

export interface RulingInput {
  decision: 'confirm' | 'reject';
  findings: string;
  rejectReason?: string | undefined;
  clerk: string;
  caseNo?: string | undefined;
}

export const fmtTime = (d: Date) => {
  const s = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日${s.slice(11, 16)}`;
};

/** What the mediation steps share: who handles a dispute, names, texting the parties. */
export function createHelpers(deps: Deps, core: DisputesCore) {
  const { users } = deps;

  /** The dispute, if the actor handles it (its mediator, or a holder of dispute:manage). */
  async function handling(actor: Actor, id: number) {
    const d = await core.visible(actor, id);
    const perms = permsOf(actor);
    if (!(d.assigneeUserId === actor.userId || perms.has('dispute:manage'))) throw new AppError('FORBIDDEN');
    return d;
  }

  const nameOf = async (userId: number | null) =>
    userId ? ((await users.displayNames([userId])).get(userId) ?? '') : '';

  async function orgName(d: repo.DisputeRow) {
    return d.orgId ? ((await repo.orgById(d.orgId))?.name ?? '人民调解委员会') : '人民调解委员会';
  }

  /** One SMS per party with a phone, in the outbox (delivered after commit). */
  async function textParties(
    d: repo.DisputeRow,
    type: string,
    params: (p: repo.PartyRow) => Record<string, string>,
  ) {
    for (const p of await repo.partiesOf([d.id]))
      if (p.phoneEnc)
        await deps.messages.send({
          type,
          params: { ref: d.refNo, ...params(p) },
          recipients: [{ kind: 'disputeParty', id: p.id }],
          channels: ['sms'],
          regionPath: d.regionPath,
          case: { kind: 'dispute', id: d.id },
        });
  }

  return { handling, nameOf, orgName, textParties };
}
export type Helpers = ReturnType<typeof createHelpers>;

/** Sessions, notices, follow-ups and the court's ruling (issue #5). */
export function createMediationSteps(deps: Deps, core: DisputesCore, helpers: Helpers) {
  const { db, cases, documents, pii } = deps;
  const { handling, nameOf, orgName, textParties } = helpers;
  const withDocument = documentSteps(db, documents);

  async function planSession(actor: Actor, id: number, input: SessionPlan) {
    return transaction(db, actor, async () => {
      const d = await handling(actor, id);
      if (d.state !== 'mediating') throw new AppError('DISPUTE_SESSION_STATE');
      const s = await repo.insertSession({
        disputeId: id,
        regionPath: d.regionPath,
        startsAt: input.startsAt,
        place: input.place,
        online: input.online,
        participants: input.participants,
        createdBy: actor.userId,
      });
      if (input.notify) {
        const mediator = await nameOf(d.assigneeUserId);
        await textParties(d, 'dispute.session', (p) => ({
          name: p.name,
          time: fmtTime(input.startsAt),
          place: input.online ? `${input.place}（线上）` : input.place,
          mediator,
        }));
      }
      return s;
    });
  }

  async function holdSession(actor: Actor, sessionId: number, input: SessionRecord) {
    return withDocument(
      actor,
      async () => {
        const s = await repo.sessionById(sessionId);
        if (!s) throw notFound(SESSION);
        const d = await handling(actor, s.disputeId);
        if (d.state !== 'mediating') throw new AppError('DISPUTE_SESSION_STATE');
        if (!input.issueRecord) return { ctx: s, doc: null, permissions: permsOf(actor) };
        const mediator = await nameOf(d.assigneeUserId || actor.userId);
        return {
          ctx: s,
          permissions: permsOf(actor),
          doc: {
            template: 'mediationRecord',
            subjectType: 'dispute',
            subjectId: d.id,
            data: {
              committee: await orgName(d),
              caseNo: d.refNo,
              startedAt: s.startsAt.toISOString(),
              endedAt: input.endsAt.toISOString(),
              place: s.place,
              online: s.online,
              mediators: [mediator],
              recorder: mediator,
              participants: s.participants,
              entries: input.entries,
              outcome: input.outcome,
            },
          },
        };
      },
      async (s, doc) => {
        const d = await handling(actor, s.disputeId);
        if (d.state !== 'mediating') throw new AppError('DISPUTE_SESSION_STATE');
        const held = await repo.updateSession(sessionId, {
          status: 'held',
          endsAt: input.endsAt,
          entries: input.entries,
          outcome: input.outcome,
          recordDocumentId: doc?.id ?? null,
        });
        await cases.apply(actor, 'dispute', d.id, {
          action: 'session',
          comment: `${fmtTime(s.startsAt)} ${s.place}：${input.outcome}`,
          fields: { sessionId },
        });
        return held;
      },
    );
  }

  /** 诉前调解告知书 with the law's text, issued as a document and texted to the parties. */
  async function sendNotice(actor: Actor, id: number) {
    return withDocument(
      actor,
      async () => {
        const d = await handling(actor, id);
        const org = await orgName(d);
        const parties = await repo.partiesOf([id]);
        return {
          ctx: org,
          permissions: permsOf(actor),
          doc: {
            template: 'notice',
            subjectType: 'dispute',
            subjectId: id,
            data: {
              title: '诉前调解告知书',
              recipient: parties.map((p) => p.name).join('、'),
              subject: `${d.title}（${d.refNo}）`,
              paragraphs: [
                `你们之间的${DISPUTE_TYPES.find((t) => t.code === d.type)?.zh ?? ''}纠纷已由${org}受理调解。调解遵循自愿、平等、合法的原则，不收取任何费用。`,
                '经调解达成协议的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认；调解不成的，可以依法申请仲裁或者向人民法院提起诉讼。',
              ],
              laws: MEDIATION_NOTICE_LAWS.map((l) => ({ ...l })),
              issuer: org,
              issuedOn: shanghaiDate(new Date()),
            },
          },
        };
      },
      async (org, doc) => {
        const d = await handling(actor, id);
        const mediator = await nameOf(d.assigneeUserId);
        await textParties(d, 'dispute.notice', (p) => ({
          name: p.name,
          org,
          law: MEDIATION_NOTICE_SMS,
          mediator,
        }));
        await cases.apply(actor, 'dispute', id, {
          action: 'note',
          comment: `已送达诉前调解告知书 ${doc!.docNo}`,
        });
        return doc!;
      },
    );
  }

  async function followUp(
    actor: Actor,
    id: number,
    input: {
      visitedOn: string;
      performance: 'performed' | 'partly' | 'notPerformed';
      note: string;
      close: boolean;
    },
  ) {
    return transaction(db, actor, async () => {
      const d = await core.visible(actor, id);
      const row = await repo.insertFollowUp({
        disputeId: id,
        regionPath: d.regionPath,
        visitedOn: input.visitedOn,
        performance: input.performance,
        note: input.note,
        byUserId: actor.userId,
      });
      const label = { performed: '已履行', partly: '部分履行', notPerformed: '未履行' }[input.performance];
      await cases.apply(actor, 'dispute', id, {
        action: input.close ? 'closePerformed' : 'followUp',
        comment: `回访（${input.visitedOn}）：${label}。${input.note}`,
      });
      return row;
    });
  }

  /** The judge's ruling: issues the 民事裁定书, then confirms or rejects (rollup carries the hours). */
  async function rule(actor: Actor, confirmationId: number, input: RulingInput) {
    const accepted = async () => {
      const c = await repo.confirmationById(confirmationId);
      if (!c) throw notFound(CONFIRMATION);
      if (!permsOf(actor).has('dispute:confirm')) throw new AppError('FORBIDDEN');
      if (c.state !== 'accepted')
        throw new AppError('CASE_ACTION_WRONG_STATE', {
          state: { zh: c.state === 'applied' ? '待立案审查' : '已结束', en: c.state },
          action:
            input.decision === 'confirm'
              ? { zh: '裁定确认', en: 'Confirm' }
              : { zh: '裁定驳回', en: 'Reject' },
        });
      const d = await repo.disputeById(c.disputeId);
      if (!d) throw notFound(CONFIRMATION);
      return { c, d };
    };
    return withDocument(
      actor,
      async () => {
        const { c, d } = await accepted();
        const agreement = await documents.get(
          actor,
          c.agreementDocumentId,
          new Set<Permission>(['dispute:read']),
        );
        const data = agreement.data as MediationAgreement;
        const year = Number(shanghaiDate(new Date()).slice(0, 4));
        return {
          ctx: null,
          permissions: permsOf(actor),
          doc: {
            template: 'confirmationRuling',
            subjectType: 'dispute',
            subjectId: d.id,
            data: {
              court: c.court,
              caseNo: input.caseNo ?? `（${year}）民特${String(c.id).padStart(4, '0')}号`,
              applicants: (await repo.partiesOf([d.id])).map((p) => documentParty(pii, p)),
              agreement: {
                docNo: agreement.docNo,
                committee: data.committee,
                effectiveOn: data.agreedOn,
                content: data.agreedItems.join(''),
              },
              acceptedOn: shanghaiDate(c.acceptedAt ?? c.createdAt),
              findings: input.findings,
              decision: input.decision,
              rejectReason: input.rejectReason,
              judge: await nameOf(actor.userId),
              clerk: input.clerk,
              ruledOn: shanghaiDate(new Date()),
            },
          },
        };
      },
      async (_ctx, doc) => {
        const { c, d } = await accepted();
        await repo.setConfirmation(c.id, {
          rulingDocumentId: doc!.id,
          decision: input.decision,
          ruledAt: new Date(),
        });
        await cases.apply(actor, 'confirmation', c.id, {
          action: input.decision === 'confirm' ? 'confirm' : 'reject',
          comment: `民事裁定书 ${doc!.docNo}`,
        });
        await cases.apply(actor, 'dispute', d.id, {
          action: 'note',
          comment: `${c.court}${input.decision === 'confirm' ? '裁定确认调解协议有效' : '裁定驳回司法确认申请'}（${doc!.docNo}）`,
        });
        return (await repo.confirmationById(c.id))!;
      },
    );
  }

  /**
   * 民事起诉状（草稿）: the facts and parties of a dispute that mediation did not settle, for the parties'
   * litigation (人民调解法 第26条: advice on other channels). Carries personal data, so it is audited.
   */
  async function filingDraft(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const d = await core.visible(actor, id);
      const perms = permsOf(actor);
      if (
        !(d.assigneeUserId === actor.userId || perms.has('dispute:manage') || d.reporterId === actor.userId)
      )
        throw new AppError('FORBIDDEN');
      const parties = (await repo.partiesOf([id])).map((p) => documentParty(pii, p));
      await deps.audit.record({
        action: 'dispute.filingDraft',
        objectType: 'dispute',
        objectId: id,
        diff: {},
      });
      const line = (p: (typeof parties)[number], role: string) => {
        const bits =
          p.kind === 'person'
            ? [
                p.name,
                p.sex,
                p.idNumber ? `公民身份号码${p.idNumber}` : null,
                p.address ? `住${p.address}` : null,
                p.phone ? `联系电话${p.phone}` : null,
              ]
            : [
                p.name,
                p.creditCode ? `统一社会信用代码${p.creditCode}` : null,
                `住所地${p.address}`,
                `法定代表人${p.representative}`,
                p.phone ? `联系电话${p.phone}` : null,
              ];
        return `${role}：${bits.filter(Boolean).join('，')}。`;
      };
      const plaintiffs = parties.filter((p) => p.role.startsWith('申请'));
      const defendants = parties.filter((p) => !p.role.startsWith('申请'));
      const org = await orgName(d);
      const text = [
        '民事起诉状（草稿）',
        '',
        ...plaintiffs.map((p) => line(p, '原告')),
        ...defendants.map((p) => line(p, '被告')),
        '',
        '诉讼请求：',
        d.claims ?? '（请当事人根据实际情况填写）',
        '',
        '事实和理由：',
        d.facts,
        `本纠纷曾经${org}调解（纠纷编号${d.refNo}），未能达成调解协议。`,
        '',
        '此致',
        '（管辖人民法院）',
        '',
        '具状人：',
        `日期：${shanghaiDate(new Date())}`,
        '',
        '说明：本草稿由调解组织根据调解登记信息生成，供当事人参考，起诉前请核对并补充证据清单。',
      ].join('\n');
      return {
        refNo: d.refNo,
        title: d.title,
        plaintiffs,
        defendants,
        facts: d.facts,
        claims: d.claims,
        org,
        text,
      };
    });
  }

  return {
    filingDraft,
    planSession,
    holdSession,
    sendNotice,
    followUp,
    rule,
    confirmation: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const c = await repo.confirmationById(id);
        if (!c) throw notFound(CONFIRMATION);
        await core.visible(actor, c.disputeId);
        return c;
      }),
    confirmationQueue: (actor: Actor, states: string[] | undefined, limit: number, offset: number) =>
      transaction(db, actor, async () => {
        const page = await repo.listConfirmations(states, limit, offset);
        const ds = await Promise.all(page.rows.map((r) => repo.disputeById(r.disputeId)));
        return { ...page, disputes: new Map(ds.filter((x) => x !== undefined).map((x) => [x.id, x])) };
      }),
  };
}
