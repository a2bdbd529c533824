import {
  agreementGaps,
  checkConfirmationApplication,
  type MediationAgreement,
  ORAL_REFUSAL_LABELS,
  oralAgreementRefusals,
  type Permission,
  shanghaiDate,
} from '@fengqiao/domain';
import { type Actor, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { DraftView, SignatureEvidence } from '../documents/documents.signing';
import { fmtTime, type Helpers } from './disputes.mediation';
import { documentParty } from './disputes.parties';
import * as repo from './disputes.repo';
import { type Deps, type DisputesCore, permsOf } from './disputes.shared';
import { type DocumentRow, documentSteps } from './disputes.steps';

export interface AgreementInput {
  facts?: string | undefined;
  issues: string;
  responsibilities: string;
  agreedItems: string[];
  performance: { manner: string; place?: string | undefined; deadline: string };
  agreedOn?: string | undefined;
}

export interface OralAgreementInput {
  /** A planned session this agreement was reached in; without it, an on-the-spot session is recorded. */
  sessionId?: number | undefined;
  place?: string | undefined;
  startsAt?: Date | undefined;
  endsAt: Date;
  entries: { speaker: string; text: string }[];
  outcome: string;
  agreedItems: string[];
  /** Parties who consider a written agreement unnecessary (人民调解法 第28条): all of them. */
  waivedBy: number[];
  performedOnTheSpot: boolean;
}

/** What the 笔录 of an oral agreement does not hold and a written 调解协议书 needs (人民调解法 第29条). */
export interface WrittenFromOralInput {
  facts?: string | undefined;
  issues: string;
  responsibilities: string;
  /** Default: performed on the spot the day the oral agreement was reached (the condition of the oral form). */
  performance?: { manner: string; place?: string | undefined; deadline: string } | undefined;
}

export interface ConfirmationInput {
  court: string;
  appliedOn?: string | undefined;
  applicantPartyIds: number[];
  request?: string | undefined;
  factsAndReasons?: string | undefined;
}

export const PURPOSES = {
  agreement: { zh: '调解协议书', en: 'mediation agreement' },
  confirmationApplication: { zh: '司法确认申请书', en: 'confirmation application' },
} as const;
export type Purpose = keyof typeof PURPOSES;

const DRAFT = { zh: '待签署文书', en: 'Draft awaiting signatures' };
/** How long a one-time signing link lives (a setting of the platform, no statute). */
const LINK_TTL_MS = 24 * 3_600_000;

/**
 * Agreements (issue #5): the written 调解协议书 drafted, signed by hand by every party and the mediator
 * (on the mediator's tablet or through a one-time link on the party's phone), sealed by the committee and
 * then effective (人民调解法 第29条); the oral agreement recorded in the 笔录 (第28、30条); and the joint
 * 司法确认申请书, signed by the applicants before it goes to the court (第33条).
 */
export function createAgreementSteps(deps: Deps, core: DisputesCore, helpers: Helpers) {
  const { db, cases, documents, pii } = deps;
  const { handling, nameOf, orgName } = helpers;
  const signing = documents.signing;
  const withDocument = documentSteps(db, documents);
  /** Issuing needs document:issue; a resident applying for confirmation of their own dispute is let through. */
  const issuing = (actor: Actor): ReadonlySet<Permission> =>
    permsOf(actor).has('document:issue') ? permsOf(actor) : new Set<Permission>(['document:issue']);

  async function mediating(actor: Actor, id: number) {
    const d = await handling(actor, id);
    if (d.state !== 'mediating') throw new AppError('DISPUTE_SESSION_STATE');
    return d;
  }

  /** Fixes the agreement's content for signing (a missing part of 第29条 is a 400; nothing written). */
  async function draftAgreement(actor: Actor, id: number, input: AgreementInput) {
    return transaction(db, actor, async () => {
      const d = await mediating(actor, id);
      const parties = await repo.partiesOf([id]);
      const mediator = await nameOf(d.assigneeUserId);
      const data: MediationAgreement = {
        committee: await orgName(d),
        caseNo: d.refNo,
        parties: parties.map((p) => documentParty(pii, p)),
        facts: input.facts ?? d.facts,
        issues: input.issues,
        responsibilities: input.responsibilities,
        agreedItems: input.agreedItems,
        performance: input.performance,
        mediators: [mediator],
        agreedOn: input.agreedOn ?? shanghaiDate(new Date()),
      };
      const view = await draftForSigning(actor, d, parties, mediator, data);
      await cases.apply(actor, 'dispute', id, {
        action: 'note',
        comment: `调解协议书已定稿，待各方当事人及调解员签名（内容摘要 ${view.contentSha256.slice(0, 12)}）`,
      });
      return view;
    });
  }

  /** Checks the agreement's required parts (第29条) and drafts it for the parties' and mediator's signatures. */
  async function draftForSigning(
    actor: Actor,
    d: repo.DisputeRow,
    parties: Awaited<ReturnType<typeof repo.partiesOf>>,
    mediator: string,
    data: MediationAgreement,
  ) {
    const gaps = agreementGaps(data, { requireSignatures: false });
    if (gaps.length)
      throw new AppError('DISPUTE_AGREEMENT_INCOMPLETE', { parts: core.gapsMessage(gaps) }, { gaps });
    return signing.draft(
      actor,
      {
        template: 'mediationAgreement',
        purpose: 'agreement',
        subjectType: 'dispute',
        subjectId: d.id,
        data,
        signers: [
          ...parties.map((p) => ({ kind: 'party' as const, partyRef: p.id, role: p.role, name: p.name })),
          {
            kind: 'user' as const,
            userId: d.assigneeUserId ?? undefined,
            role: '人民调解员',
            name: mediator,
          },
        ],
      },
      issuing(actor),
    );
  }

  /**
   * The written form of an oral agreement (人民调解法 第28条 lets the parties settle orally; a party may
   * later want the 调解协议书, e.g. to apply for judicial confirmation, which needs it): a draft for
   * signing whose agreed content is the oral agreement recorded in the 笔录, with the record's number and
   * the day it was reached printed on it. Signing and sealing then run as for any agreement; sealing makes
   * it the dispute's agreement (`agreementKind` written) without settling again.
   */
  async function draftWrittenFromOral(actor: Actor, id: number, input: WrittenFromOralInput) {
    return transaction(db, actor, async () => {
      const d = await handling(actor, id);
      if (d.state !== 'settled' || d.agreementKind !== 'oral' || !d.agreementDocumentId)
        throw new AppError('DISPUTE_NOT_ORAL');
      const record = await documents.get(actor, d.agreementDocumentId, new Set<Permission>(['dispute:read']));
      const oral = (record.data as { oralAgreement?: { items: string[]; reachedOn: string } }).oralAgreement;
      if (!oral) throw new AppError('DISPUTE_NOT_ORAL');
      const parties = await repo.partiesOf([id]);
      const mediator = await nameOf(d.assigneeUserId);
      const data: MediationAgreement = {
        committee: await orgName(d),
        caseNo: d.refNo,
        parties: parties.map((p) => documentParty(pii, p)),
        facts: input.facts ?? d.facts,
        issues: input.issues,
        responsibilities: input.responsibilities,
        agreedItems: oral.items,
        performance: input.performance ?? { manner: '已于达成协议时当场履行完毕', deadline: oral.reachedOn },
        mediators: [mediator],
        agreedOn: shanghaiDate(new Date()),
        fromOralRecord: { docNo: record.docNo, reachedOn: oral.reachedOn },
      };
      const view = await draftForSigning(actor, d, parties, mediator, data);
      await cases.apply(actor, 'dispute', id, {
        action: 'note',
        comment: `应当事人要求，将调解笔录 ${record.docNo} 所记口头协议制作为书面调解协议书，待各方签名（内容摘要 ${view.contentSha256.slice(0, 12)}）`,
      });
      return view;
    });
  }

  /** The latest drafts of a dispute (open, issued or void) with who has signed. */
  async function signingState(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      await core.visible(actor, id);
      const [agreement, application] = await Promise.all([
        signing.draftView(actor, 'dispute', id, 'agreement'),
        signing.draftView(actor, 'dispute', id, 'confirmationApplication'),
      ]);
      return { agreement, application };
    });
  }

  /** The signer of an open draft of this dispute (404 if it belongs elsewhere). */
  async function signerOf(actor: Actor, id: number, signerId: number) {
    const s = await signing.signer(actor, signerId);
    if (s.draft.subjectType !== 'dispute' || s.draft.subjectId !== id) throw notFound(DRAFT);
    return s;
  }

  /**
   * A signature on the mediator's tablet: a party signs in front of the mediator, or the mediator signs
   * as themself (nobody signs for the mediator). Audited by the documents service.
   */
  async function signOnTablet(
    actor: Actor,
    id: number,
    signerId: number,
    image: Buffer,
    ev: { ip?: string | undefined; userAgent?: string | undefined },
  ) {
    const { signer, draft } = await transaction(db, actor, async () => {
      await handling(actor, id);
      return signerOf(actor, id, signerId);
    });
    if (signer.kind === 'user' && signer.userId !== actor.userId) throw new AppError('FORBIDDEN');
    const evidence: SignatureEvidence = { method: 'tablet', witnessUserId: actor.userId, ...ev };
    await signing.sign(actor, signerId, image, evidence);
    return (await signing.draftView(actor, 'dispute', id, draft.purpose))!;
  }

  /** Texts a party a one-time link to sign on their own phone (outbox; the number is resolved at delivery). */
  async function sendSignLink(actor: Actor, id: number, signerId: number) {
    return transaction(db, actor, async () => {
      const d = await handling(actor, id);
      const { signer, draft } = await signerOf(actor, id, signerId);
      if (signer.kind !== 'party' || !signer.partyRef) throw new AppError('FORBIDDEN');
      const [party] = await repo.partiesById([signer.partyRef]);
      if (!party?.phoneEnc) throw new AppError('DISPUTE_SIGNER_NO_PHONE', { name: signer.name });
      const link = await signing.createLink(actor, signerId, LINK_TTL_MS);
      const what = PURPOSES[draft.purpose as Purpose] ?? PURPOSES.agreement;
      await deps.messages.send({
        type: 'dispute.signLink',
        params: {
          ref: d.refNo,
          name: signer.name,
          what,
          url: `${deps.publicUrl}/m/sign/${link.token}`,
          expires: fmtTime(link.expiresAt),
        },
        recipients: [{ kind: 'disputeParty', id: party.id }],
        // The link is a bearer credential: sealed in the outbox, dropped once texted.
        secretParams: ['url'],
        channels: ['sms'],
        regionPath: d.regionPath,
        case: { kind: 'dispute', id },
      });
      return { signerId, expiresAt: link.expiresAt.toISOString() };
    });
  }

  async function openDraft(actor: Actor, id: number, purpose: Purpose): Promise<DraftView> {
    const view = await signing.draftView(actor, 'dispute', id, purpose);
    if (view?.status !== 'open') throw new AppError('DISPUTE_DRAFT_MISSING', { what: PURPOSES[purpose] });
    if (!view.complete)
      throw new AppError('DOCUMENT_SIGNING_INCOMPLETE', {
        names: view.signers
          .filter((s) => !s.signedAt)
          .map((s) => s.name)
          .join('、'),
      });
    return view;
  }

  /**
   * The committee's seal: once every party and the mediator have signed, the agreement is issued with the
   * signatures drawn in and the seal affixed, and takes effect (人民调解法 第29条). Drawn outside the
   * transaction; the write re-checks that nothing moved meanwhile.
   */
  async function sealAgreement(actor: Actor, id: number) {
    const view = await transaction(db, actor, async () => {
      const d = await handling(actor, id);
      if (!isOralSettled(d)) await mediating(actor, id);
      return openDraft(actor, id, 'agreement');
    });
    if ((view.data as MediationAgreement).fromOralRecord) return sealWrittenFromOral(actor, id, view);
    const sealedAt = new Date();
    const p = await signing.prepareSigned(
      actor,
      view.id,
      { sealedAt: sealedAt.toISOString() },
      issuing(actor),
    );
    const effectiveOn = shanghaiDate(sealedAt);
    return transaction(db, actor, async () => {
      await mediating(actor, id);
      const doc = await signing.storeSigned(actor, p);
      await repo.setDispute(id, {
        agreementDocumentId: doc.id,
        agreementOn: effectiveOn,
        agreementKind: 'written',
      });
      await deps.audit.record({
        action: 'dispute.agreement.seal',
        objectType: 'dispute',
        objectId: id,
        diff: { docNo: doc.docNo, draftId: view.id, contentSha256: view.contentSha256, effectiveOn },
      });
      await cases.apply(actor, 'dispute', id, {
        action: 'settle',
        comment: `调解协议书 ${doc.docNo}：各方当事人、调解员已签名，加盖调解委员会印章，自${effectiveOn}起生效`,
      });
      return doc;
    });
  }

  function isOralSettled(d: repo.DisputeRow) {
    return d.state === 'settled' && d.agreementKind === 'oral';
  }

  /**
   * Seals the written form of an oral agreement: the 调解协议书 becomes the dispute's agreement, effective
   * the day it is sealed (第29条: signatures and seal) — the 30 days to apply for judicial confirmation
   * (第33条) run from then. The 笔录 stays with its session, and the written agreement names it.
   */
  async function sealWrittenFromOral(actor: Actor, id: number, view: DraftView) {
    const sealedAt = new Date();
    const p = await signing.prepareSigned(
      actor,
      view.id,
      { sealedAt: sealedAt.toISOString() },
      issuing(actor),
    );
    const effectiveOn = shanghaiDate(sealedAt);
    const from = (view.data as MediationAgreement).fromOralRecord!;
    return transaction(db, actor, async () => {
      const d = await handling(actor, id);
      if (!isOralSettled(d)) throw new AppError('DISPUTE_NOT_ORAL');
      const doc = await signing.storeSigned(actor, p);
      await repo.setDispute(id, {
        agreementDocumentId: doc.id,
        agreementOn: effectiveOn,
        agreementKind: 'written',
      });
      await deps.audit.record({
        action: 'dispute.agreement.writtenFromOral',
        objectType: 'dispute',
        objectId: id,
        diff: {
          docNo: doc.docNo,
          oralRecord: { documentId: d.agreementDocumentId, docNo: from.docNo, reachedOn: from.reachedOn },
          draftId: view.id,
          contentSha256: view.contentSha256,
          effectiveOn,
        },
      });
      await cases.apply(actor, 'dispute', id, {
        action: 'note',
        comment: `书面调解协议书 ${doc.docNo}（据调解笔录 ${from.docNo} 所记口头协议）：各方当事人、调解员已签名，加盖调解委员会印章，自${effectiveOn}起生效`,
      });
      return doc;
    });
  }

  /**
   * Settles with an oral agreement recorded in the 笔录 (人民调解法 第28条), effective the day it is reached
   * (第30条) — only if every party waives the written form and it is performed on the spot.
   */
  async function oralAgreement(actor: Actor, id: number, input: OralAgreementInput) {
    const reachedOn = shanghaiDate(input.endsAt);
    return withDocument(
      actor,
      async () => {
        const d = await mediating(actor, id);
        const parties = await repo.partiesOf([id]);
        const refusals = oralAgreementRefusals({
          partyIds: parties.map((p) => p.id),
          waivedBy: input.waivedBy,
          performedOnTheSpot: input.performedOnTheSpot,
          items: input.agreedItems,
        });
        if (refusals.length)
          throw new AppError(
            'DISPUTE_ORAL_NOT_ALLOWED',
            {
              reasons: {
                zh: refusals.map((r) => ORAL_REFUSAL_LABELS[r].zh).join('；'),
                en: refusals.map((r) => ORAL_REFUSAL_LABELS[r].en).join('; '),
              },
            },
            { refusals },
          );
        let session: {
          startsAt: Date;
          place: string;
          online: boolean;
          participants: { role: string; name: string }[];
        };
        if (input.sessionId) {
          const s = await repo.sessionById(input.sessionId);
          if (!s || s.disputeId !== id) throw notFound({ zh: '调解安排', en: 'Session' });
          if (s.status !== 'planned') throw new AppError('DISPUTE_SESSION_STATE');
          session = s;
        } else {
          if (!input.place || !input.startsAt) throw new AppError('VALIDATION_FAILED');
          session = {
            startsAt: input.startsAt,
            place: input.place,
            online: false,
            participants: parties.map((p) => ({ role: p.role, name: p.name })),
          };
        }
        const mediator = await nameOf(d.assigneeUserId || actor.userId);
        return {
          ctx: session,
          permissions: issuing(actor),
          doc: {
            template: 'mediationRecord',
            subjectType: 'dispute',
            subjectId: id,
            data: {
              committee: await orgName(d),
              caseNo: d.refNo,
              startedAt: session.startsAt.toISOString(),
              endedAt: input.endsAt.toISOString(),
              place: session.place,
              online: session.online,
              mediators: [mediator],
              recorder: mediator,
              participants: session.participants,
              entries: input.entries,
              outcome: input.outcome,
              oralAgreement: {
                items: input.agreedItems,
                waivedBy: parties.map((p) => p.name),
                performedOnTheSpot: input.performedOnTheSpot,
                reachedOn,
              },
            },
          },
        };
      },
      async (session, doc: DocumentRow | null) => {
        const d = await mediating(actor, id);
        const fields = {
          status: 'held' as const,
          endsAt: input.endsAt,
          entries: input.entries,
          outcome: input.outcome,
          recordDocumentId: doc!.id,
        };
        let sessionId = input.sessionId;
        if (sessionId) {
          const s = await repo.sessionById(sessionId);
          if (s?.status !== 'planned') throw new AppError('DISPUTE_SESSION_STATE');
          await repo.updateSession(sessionId, fields);
        } else {
          const s = await repo.insertSession({
            disputeId: id,
            regionPath: d.regionPath,
            startsAt: session.startsAt,
            place: session.place,
            online: false,
            participants: session.participants,
            createdBy: actor.userId,
          });
          await repo.updateSession(s.id, fields);
          sessionId = s.id;
        }
        await cases.apply(actor, 'dispute', id, {
          action: 'session',
          comment: `${fmtTime(session.startsAt)} ${session.place}：${input.outcome}`,
          fields: { sessionId },
        });
        await repo.setDispute(id, {
          agreementDocumentId: doc!.id,
          agreementOn: reachedOn,
          agreementKind: 'oral',
        });
        await cases.apply(actor, 'dispute', id, {
          action: 'settle',
          comment: `口头调解协议，记入调解笔录 ${doc!.docNo}，自${reachedOn}达成之日起生效（人民调解法第二十八条、第三十条）`,
        });
        return doc!;
      },
    );
  }

  /** The dispute a confirmation application may be made for, by this actor. */
  async function confirmable(actor: Actor, id: number) {
    const d = await core.visible(actor, id);
    const perms = permsOf(actor);
    if (!(perms.has('dispute:mediate') || perms.has('dispute:manage') || d.reporterId === actor.userId))
      throw new AppError('FORBIDDEN');
    if (!d.agreementDocumentId || !d.agreementOn || d.state !== 'settled')
      throw new AppError('DISPUTE_AGREEMENT_MISSING');
    if (d.agreementKind === 'oral') throw new AppError('DISPUTE_CONFIRMATION_NEEDS_WRITTEN');
    const open = (await repo.confirmationsOf(id)).some(
      (c) => c.state === 'applied' || c.state === 'accepted',
    );
    if (open) throw new AppError('DISPUTE_CONFIRMATION_PENDING');
    return d as repo.DisputeRow & { agreementDocumentId: number; agreementOn: string };
  }

  function inTime(agreementOn: string, appliedOn: string) {
    const check = checkConfirmationApplication(agreementOn, appliedOn);
    if (!check.ok)
      throw check.reason === 'tooLate'
        ? new AppError('DISPUTE_CONFIRMATION_TOO_LATE', { deadline: check.deadline })
        : new AppError('DISPUTE_CONFIRMATION_EARLY');
  }

  /**
   * The joint 司法确认申请书, drafted for the applicants' signatures: within 30 days of the agreement taking
   * effect (人民调解法 第33条), by every party, for a written agreement only.
   */
  async function draftConfirmation(actor: Actor, id: number, input: ConfirmationInput) {
    return transaction(db, actor, async () => {
      const d = await confirmable(actor, id);
      const appliedOn = input.appliedOn ?? shanghaiDate(new Date());
      inTime(d.agreementOn, appliedOn);
      const parties = await repo.partiesOf([id]);
      const missing = parties.filter((p) => !input.applicantPartyIds.includes(p.id));
      if (missing.length)
        throw new AppError('DISPUTE_CONFIRMATION_JOINT', { names: missing.map((p) => p.name).join('、') });
      const agreement = await documents.get(
        actor,
        d.agreementDocumentId,
        new Set<Permission>(['dispute:read']),
      );
      const view = await signing.draft(
        actor,
        {
          template: 'confirmationApplication',
          purpose: 'confirmationApplication',
          subjectType: 'dispute',
          subjectId: id,
          data: {
            court: input.court,
            applicants: parties.map((p) => documentParty(pii, p)),
            agreement: { docNo: agreement.docNo, committee: await orgName(d), effectiveOn: d.agreementOn },
            request:
              input.request ??
              `请求依法确认申请人于${d.agreementOn}达成的调解协议（${agreement.docNo}）有效。`,
            factsAndReasons: input.factsAndReasons ?? d.facts,
            attachments: [`调解协议书（${agreement.docNo}）`, '当事人身份证明'],
            appliedOn,
          },
          signers: parties.map((p) => ({
            kind: 'party' as const,
            partyRef: p.id,
            role: '申请人',
            name: p.name,
          })),
        },
        issuing(actor),
      );
      await cases.apply(actor, 'dispute', id, {
        action: 'note',
        comment: `司法确认申请书已拟定（${input.court}），待申请人签名`,
      });
      return view;
    });
  }

  /** Sends the signed application to the court: the document is issued and the court's case opens. */
  async function submitConfirmation(actor: Actor, id: number) {
    const { view, court, appliedOn } = await transaction(db, actor, async () => {
      const d = await confirmable(actor, id);
      const view = await openDraft(actor, id, 'confirmationApplication');
      const data = view.data as { court: string; appliedOn: string };
      // The 30 days run to the day the court receives it, not the day it was drafted.
      inTime(d.agreementOn, shanghaiDate(new Date()));
      return { view, court: data.court, appliedOn: data.appliedOn };
    });
    const p = await signing.prepareSigned(actor, view.id, {}, issuing(actor));
    return transaction(db, actor, async () => {
      const d = await confirmable(actor, id);
      const doc = await signing.storeSigned(actor, p);
      const c = await repo.insertConfirmation({
        state: 'applied',
        regionPath: d.regionPath,
        reporterId: actor.userId,
        disputeId: id,
        agreementDocumentId: d.agreementDocumentId,
        court,
        appliedOn,
        applicationDocumentId: doc.id,
      });
      await cases.open(actor, 'confirmation', c.id, {
        comment: `${court}：${d.title}（${d.refNo}）`,
        data: { disputeId: id, applicationDocNo: doc.docNo },
      });
      await core.bump(d.regionPath, d.type, d.level, { confirmApplied: 1 });
      await cases.apply(actor, 'dispute', id, {
        action: 'note',
        comment: `已向${court}申请司法确认（${doc.docNo}，申请人均已签名）`,
      });
      return (await repo.confirmationById(c.id))!;
    });
  }

  return {
    draftAgreement,
    signingState,
    signOnTablet,
    sendSignLink,
    sealAgreement,
    oralAgreement,
    draftWrittenFromOral,
    draftConfirmation,
    submitConfirmation,
  };
}
