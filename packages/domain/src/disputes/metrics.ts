/**
 * Dispute statistics (issue #5 Metrics) from additive counters, so any grouping (region, type, level,
 * day) is a sum of rollup rows. Definitions (no statute fixes them; these are the platform's):
 *   化解率 (resolution rate)   = settled / accepted   (disputes taken into mediation that were settled)
 *   调解成功率 (success rate)  = settled / (settled + failed + ended)   (mediations that came to an end)
 *   零报告率                   = zero reports / screenings done
 *   矛盾不上交: share settled at village / town / district (and specialised centres) = settledX / settled
 */
export const DISPUTE_COUNTERS = [
  'screenings',
  'zeroReports',
  'found',
  'accepted',
  'refused',
  'settled',
  'failed',
  'ended',
  'transferred',
  'closed',
  'settledVillage',
  'settledTown',
  'settledDistrict',
  'settledSpecialised',
  'confirmApplied',
  'confirmed',
  'confirmRejected',
  'confirmRuled',
  'confirmHoursSum',
] as const;
export type Counter = (typeof DISPUTE_COUNTERS)[number];
export type DisputeCounters = Record<Counter, number>;

export const zeroDisputeCounters = (): DisputeCounters =>
  Object.fromEntries(DISPUTE_COUNTERS.map((c) => [c, 0])) as DisputeCounters;

export function addDisputeCounters(a: DisputeCounters, b: Partial<DisputeCounters>): DisputeCounters {
  const out = { ...a };
  for (const c of DISPUTE_COUNTERS) out[c] += b[c] ?? 0;
  return out;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

export interface DisputeMetrics extends DisputeCounters {
  zeroReportRate: number | null;
  resolutionRate: number | null;
  successRate: number | null;
  shareVillage: number | null;
  shareTown: number | null;
  shareDistrict: number | null;
  shareSpecialised: number | null;
  avgConfirmHours: number | null;
}

export function disputeMetricsOf(c: DisputeCounters): DisputeMetrics {
  return {
    ...c,
    zeroReportRate: ratio(c.zeroReports, c.screenings),
    resolutionRate: ratio(c.settled, c.accepted),
    successRate: ratio(c.settled, c.settled + c.failed + c.ended),
    shareVillage: ratio(c.settledVillage, c.settled),
    shareTown: ratio(c.settledTown, c.settled),
    shareDistrict: ratio(c.settledDistrict, c.settled),
    shareSpecialised: ratio(c.settledSpecialised, c.settled),
    avgConfirmHours: ratio(c.confirmHoursSum, c.confirmRuled),
  };
}

const SETTLED_AT: Record<string, Counter> = {
  village: 'settledVillage',
  town: 'settledTown',
  district: 'settledDistrict',
  specialised: 'settledSpecialised',
};

/** What one dispute action adds to the rollup of its region, day, type and level. */
export function disputeDelta(action: string, level: string): Partial<DisputeCounters> {
  switch (action) {
    case 'open':
      return { found: 1 };
    case 'accept':
      return { accepted: 1 };
    case 'refuse':
      return { refused: 1 };
    case 'settle': {
      const at = SETTLED_AT[level];
      return at ? { settled: 1, [at]: 1 } : { settled: 1 };
    }
    case 'fail':
      return { failed: 1 };
    case 'partyRefuses':
      return { ended: 1 };
    case 'transfer':
      return { transferred: 1 };
    case 'closeWithGuidance':
      return { closed: 1 };
    default:
      return {};
  }
}

/** What one judicial-confirmation action adds (hours = application → ruling). */
export function confirmationDelta(action: string, hours: number): Partial<DisputeCounters> {
  switch (action) {
    case 'open':
      return { confirmApplied: 1 };
    case 'confirm':
      return { confirmed: 1, confirmRuled: 1, confirmHoursSum: hours };
    case 'reject':
      return { confirmRejected: 1, confirmRuled: 1, confirmHoursSum: hours };
    default:
      return {};
  }
}
