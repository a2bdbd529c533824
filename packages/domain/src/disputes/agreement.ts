import type { MediationAgreement } from '../documents/templates';

/**
 * The parts a mediation agreement must carry (人民调解法 第29条; 司法部《人民调解工作若干规定》(2002)
 * 第35条 makes them mandatory and adds the place of performance): parties' basic facts; the dispute's
 * main facts, the issues and each side's responsibility; the agreed content; manner and deadline of
 * performance. It takes effect once every party and the mediator have signed and the committee's seal
 * is affixed (第29条 第2款).
 */
export const AGREEMENT_PARTS = {
  parties: { zh: '当事人基本情况', en: "the parties' basic facts" },
  facts: { zh: '纠纷主要事实', en: 'the main facts of the dispute' },
  issues: { zh: '争议事项', en: 'the issues in dispute' },
  responsibilities: { zh: '各方责任', en: "each side's responsibility" },
  agreedItems: { zh: '协议内容', en: 'the agreed content' },
  performanceManner: { zh: '履行方式', en: 'the manner of performance' },
  performanceDeadline: { zh: '履行期限', en: 'the deadline of performance' },
  partySignatures: { zh: '当事人签名', en: "the parties' signatures" },
  mediatorSignature: { zh: '调解员签名', en: "the mediator's signature" },
  committeeSeal: { zh: '调解委员会印章（名称）', en: "the committee's seal" },
} as const;
export type AgreementPart = keyof typeof AGREEMENT_PARTS;

const blank = (s: unknown) => typeof s !== 'string' || s.trim() === '';

/** The required parts this draft lacks (empty = complete). Accepts partial input on purpose. */
export function agreementGaps(
  d: Partial<MediationAgreement>,
  opts: { requireSignatures?: boolean } = {},
): AgreementPart[] {
  const gaps: AgreementPart[] = [];
  const parties = d.parties ?? [];
  if (parties.length < 2 || parties.some((p) => blank(p.name) || blank(p.address))) gaps.push('parties');
  if (blank(d.facts)) gaps.push('facts');
  if (blank(d.issues)) gaps.push('issues');
  if (blank(d.responsibilities)) gaps.push('responsibilities');
  if (!d.agreedItems?.length || d.agreedItems.some(blank)) gaps.push('agreedItems');
  if (blank(d.performance?.manner)) gaps.push('performanceManner');
  if (blank(d.performance?.deadline)) gaps.push('performanceDeadline');
  if (opts.requireSignatures ?? true) {
    const signed = new Set((d.signatures ?? []).map((s) => s.name));
    if (parties.length === 0 || parties.some((p) => !signed.has(p.name))) gaps.push('partySignatures');
    if (!d.mediators?.length || d.mediators.some((m) => !signed.has(m))) gaps.push('mediatorSignature');
  }
  if (blank(d.committee)) gaps.push('committeeSeal');
  return gaps;
}

/**
 * Why a dispute may not be settled by an oral agreement (empty = it may).
 * - 人民调解法 第28条 (reference/cn_governance.md §5.2): an oral agreement is for when the parties consider
 *   a written agreement unnecessary — so every party must waive the written form (`writtenWanted`), and the
 *   mediator records its content (`noContent`).
 * - Platform rule, not statute (`notOnTheSpot`): the oral form is offered only for matters settled on the
 *   spot, performed at once. Obligations still to be performed later keep the written agreement, which the
 *   follow-up visits and a judicial confirmation need (民诉法解释 第354条: the agreement is filed).
 */
export type OralRefusal = 'writtenWanted' | 'notOnTheSpot' | 'noContent';

export const ORAL_REFUSAL_LABELS: Record<OralRefusal, { zh: string; en: string }> = {
  writtenWanted: {
    zh: '并非各方当事人都认为无需制作调解协议书',
    en: 'not every party considers a written agreement unnecessary',
  },
  notOnTheSpot: {
    zh: '协议须当场履行完毕方可采用口头协议，否则应制作调解协议书',
    en: 'an oral agreement is only for matters performed on the spot; otherwise write the agreement',
  },
  noContent: { zh: '未记录协议内容', en: 'the agreed content is not recorded' },
};

export function oralAgreementRefusals(input: {
  partyIds: readonly number[];
  waivedBy: readonly number[];
  performedOnTheSpot: boolean;
  items: readonly string[];
}): OralRefusal[] {
  const out: OralRefusal[] = [];
  const waived = new Set(input.waivedBy);
  if (input.partyIds.length === 0 || input.partyIds.some((p) => !waived.has(p))) out.push('writtenWanted');
  if (!input.performedOnTheSpot) out.push('notOnTheSpot');
  if (input.items.length === 0 || input.items.some(blank)) out.push('noContent');
  return out;
}
