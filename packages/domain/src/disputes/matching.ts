import { pathWithin } from '../territory/region-code';
import type { DisputeTypeCode } from './constants';

/** A mediator as matching sees one (issue #5: by specialty, place and current load). */
export interface MediatorFacts {
  userId: number;
  orgId: number;
  /** The mediator's place: they mediate disputes in this region and below. */
  regionPath: string;
  /** Dispute type codes; `general` takes any type. */
  specialties: readonly string[];
  active: boolean;
  /** Open disputes assigned to them now. */
  load: number;
  /** Most open disputes at once (a setting per mediator). */
  maxLoad: number;
}

export interface DisputeFacts {
  type: DisputeTypeCode | string;
  regionPath: string;
}

export type MediatorMisfit = 'place' | 'specialty' | 'inactive' | 'full';

export const MISFIT_LABELS: Record<MediatorMisfit, { zh: string; en: string }> = {
  place: { zh: '纠纷发生地不在调解员负责的区域内', en: "the dispute lies outside the mediator's place" },
  specialty: { zh: '调解员不擅长该类纠纷', en: 'the mediator does not take this type of dispute' },
  inactive: { zh: '调解员已停用', en: 'the mediator is inactive' },
  full: { zh: '调解员在办案件已满', en: 'the mediator has a full caseload' },
};

/** Why this mediator may not take this dispute (empty = fits). */
export function mediatorMisfits(m: MediatorFacts, d: DisputeFacts): MediatorMisfit[] {
  const out: MediatorMisfit[] = [];
  if (!pathWithin(d.regionPath, m.regionPath)) out.push('place');
  if (!m.specialties.includes(d.type) && !m.specialties.includes('general')) out.push('specialty');
  if (!m.active) out.push('inactive');
  if (m.load >= m.maxLoad) out.push('full');
  return out;
}

/**
 * Mediators who fit, best first: a specialist before a generalist, the nearest place (deepest region)
 * before a wider one, then the lightest load relative to capacity, then the lowest id (stable).
 */
export function rankMediators(list: readonly MediatorFacts[], d: DisputeFacts): MediatorFacts[] {
  const depth = (p: string) => p.split('.').length;
  return list
    .filter((m) => mediatorMisfits(m, d).length === 0)
    .sort(
      (a, b) =>
        Number(b.specialties.includes(d.type)) - Number(a.specialties.includes(d.type)) ||
        depth(b.regionPath) - depth(a.regionPath) ||
        a.load / a.maxLoad - b.load / b.maxLoad ||
        a.userId - b.userId,
    );
}
