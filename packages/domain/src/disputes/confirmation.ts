import { addDays } from '../cockpit/period';
import { DISPUTE_LIMITS } from './constants';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000; // Asia/Shanghai is a fixed UTC+8 (no daylight saving)

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(at: Date | number): string {
  return new Date(new Date(at).getTime() + SHANGHAI).toISOString().slice(0, 10);
}

/** Whole calendar days from `a` to `b` (dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

/**
 * Last day to apply for judicial confirmation: 30 days from the agreement taking effect (人民调解法 第33条;
 * 民事诉讼法 第205条). The day of effect is not counted (民法典 第201条: a period in days starts the next day).
 */
export function confirmationApplyDeadline(effectiveOn: string): string {
  return addDays(effectiveOn, DISPUTE_LIMITS.confirmationApply.value);
}

export type ApplyCheck =
  | { ok: true; deadline: string }
  | { ok: false; reason: 'tooLate' | 'beforeAgreement'; deadline: string };

/** May the parties still apply on `appliedOn`? */
export function checkConfirmationApplication(effectiveOn: string, appliedOn: string): ApplyCheck {
  const deadline = confirmationApplyDeadline(effectiveOn);
  if (appliedOn < effectiveOn) return { ok: false, reason: 'beforeAgreement', deadline };
  if (appliedOn > deadline) return { ok: false, reason: 'tooLate', deadline };
  return { ok: true, deadline };
}

/** The court's limits (2011 规定 第4–5条): accept within 3 days of application, rule within 15 (+10). */
export function confirmationDeadlines(appliedOn: string, acceptedOn: string | null, extended: boolean) {
  return {
    acceptBy: addDays(appliedOn, DISPUTE_LIMITS.confirmationAccept.value),
    ruleBy: acceptedOn
      ? addDays(
          acceptedOn,
          DISPUTE_LIMITS.confirmationRule.value +
            (extended ? DISPUTE_LIMITS.confirmationRuleExtension.value : 0),
        )
      : null,
  };
}

/** Hours from application to ruling, for the average the statistics show (seed 003: one day → half an hour). */
export function hoursBetween(from: Date, to: Date): number {
  return Math.max(0, (to.getTime() - from.getTime()) / 3_600_000);
}
