/**
 * Event metrics (issue #4) as pure functions over counters. Names and formulas follow the 数字城管
 * indicator list (cn_governance.md §1.5, the eUrbanMIS field list) and 接诉即办's 响应率/解决率/满意率
 * (§3.1 第32条). 结案率 and 按期结案率 both divide by 应结案数 (the 天门 report's arithmetic, §1.5).
 *
 * How each counter is kept (the server bumps them in the transaction of the transition, on that day):
 * - reported 上报数: a report arrives.                - received 受理数: accepted or cancelled.
 * - filed 立案数: accepted.                            - filedOnTime 按时立案数: accepted within the filing limit.
 * - dispatched 派遣数: first dispatch of an event.     - misdispatched: first 退回 of a dispatched event
 *   (准确派遣数 = dispatched − misdispatched).
 * - handled 处置数: first feedback.                   - handledOnTime 按期处置数: …before the handling deadline.
 * - dueToClose 应结案数: closed in the period, or gone overdue in the period and not closed since.
 * - closed 结案数 / closedOnTime 按期结案数.
 * - reworked 返工数: failed on-site checks.            - extended 延期数: approved extensions.
 * - acceptMinutes / handleMinutes: sums for 平均受理时长 (report → filing) and 平均处置时长 (dispatch → first feedback).
 * - responded 响应数: signed for within the sign limit (首接响应).
 * - rated / resolvedRated / satisfied: call-back answers (满意 and 基本满意 count as satisfied).
 */
export const COUNTER_KEYS = [
  'reported',
  'received',
  'filed',
  'filedOnTime',
  'dispatched',
  'misdispatched',
  'handled',
  'handledOnTime',
  'dueToClose',
  'closed',
  'closedOnTime',
  'reworked',
  'extended',
  'acceptMinutes',
  'handleMinutes',
  'responded',
  'rated',
  'resolvedRated',
  'satisfied',
] as const;
export type CounterKey = (typeof COUNTER_KEYS)[number];
export type EventCounters = Record<CounterKey, number>;

export function emptyCounters(): EventCounters {
  return Object.fromEntries(COUNTER_KEYS.map((k) => [k, 0])) as EventCounters;
}

export function addCounters(a: EventCounters, b: Partial<EventCounters>): EventCounters {
  const out = { ...a };
  for (const k of COUNTER_KEYS) out[k] += b[k] ?? 0;
  return out;
}

export interface EventRates {
  /** 按时立案率 = 按时立案数 / 立案数 */
  filedOnTimeRate: number | null;
  /** 准确派遣率 = (派遣数 − 退回数) / 派遣数 */
  accurateDispatchRate: number | null;
  /** 处置率 = 处置数 / 派遣数 */
  handledRate: number | null;
  /** 按期处置率 = 按期处置数 / 处置数 */
  handledOnTimeRate: number | null;
  /** 结案率 = 结案数 / 应结案数 */
  closedRate: number | null;
  /** 按期结案率 = 按期结案数 / 应结案数 */
  closedOnTimeRate: number | null;
  /** 返工率 = 返工数 / 处置数 */
  reworkRate: number | null;
  /** 延期率 = 延期数 / 派遣数 */
  extensionRate: number | null;
  /** 平均受理时长 (minutes) = Σ受理时长 / 立案数 */
  avgAcceptMinutes: number | null;
  /** 平均处置时长 (minutes) = Σ处置时长 / 处置数 */
  avgHandleMinutes: number | null;
  /** 响应率 = 按时签收数 / 派遣数 */
  responseRate: number | null;
  /** 解决率 = 回访已解决数 / 回访数 */
  resolutionRate: number | null;
  /** 满意率 = (满意+基本满意) / 回访数 */
  satisfactionRate: number | null;
}

/** A ratio, or null when there is nothing to divide by (shown as "—", never as 0% or 100%). */
export function ratio(num: number, den: number): number | null {
  return den > 0 ? num / den : null;
}

export function computeRates(c: EventCounters): EventRates {
  return {
    filedOnTimeRate: ratio(c.filedOnTime, c.filed),
    accurateDispatchRate: ratio(c.dispatched - c.misdispatched, c.dispatched),
    handledRate: ratio(c.handled, c.dispatched),
    handledOnTimeRate: ratio(c.handledOnTime, c.handled),
    closedRate: ratio(c.closed, c.dueToClose),
    closedOnTimeRate: ratio(c.closedOnTime, c.dueToClose),
    reworkRate: ratio(c.reworked, c.handled),
    extensionRate: ratio(c.extended, c.dispatched),
    avgAcceptMinutes: ratio(c.acceptMinutes, c.filed),
    avgHandleMinutes: ratio(c.handleMinutes, c.handled),
    responseRate: ratio(c.responded, c.dispatched),
    resolutionRate: ratio(c.resolvedRated, c.rated),
    satisfactionRate: ratio(c.satisfied, c.rated),
  };
}

export const METRIC_LABELS: Record<CounterKey | keyof EventRates, { zh: string; en: string }> = {
  reported: { zh: '上报数', en: 'Reported' },
  received: { zh: '受理数', en: 'Received' },
  filed: { zh: '立案数', en: 'Filed' },
  filedOnTime: { zh: '按时立案数', en: 'Filed on time' },
  dispatched: { zh: '派遣数', en: 'Dispatched' },
  misdispatched: { zh: '退回数', en: 'Returned' },
  handled: { zh: '处置数', en: 'Handled' },
  handledOnTime: { zh: '按期处置数', en: 'Handled on time' },
  dueToClose: { zh: '应结案数', en: 'Due to close' },
  closed: { zh: '结案数', en: 'Closed' },
  closedOnTime: { zh: '按期结案数', en: 'Closed on time' },
  reworked: { zh: '返工数', en: 'Reworked' },
  extended: { zh: '延期数', en: 'Extended' },
  acceptMinutes: { zh: '受理总时长（分）', en: 'Accept minutes' },
  handleMinutes: { zh: '处置总时长（分）', en: 'Handle minutes' },
  responded: { zh: '按时响应数', en: 'Responded in time' },
  rated: { zh: '回访数', en: 'Rated' },
  resolvedRated: { zh: '回访已解决数', en: 'Rated solved' },
  satisfied: { zh: '满意数', en: 'Satisfied' },
  filedOnTimeRate: { zh: '按时立案率', en: 'Filed on time' },
  accurateDispatchRate: { zh: '准确派遣率', en: 'Accurate dispatch' },
  handledRate: { zh: '处置率', en: 'Handled rate' },
  handledOnTimeRate: { zh: '按期处置率', en: 'Handled on time' },
  closedRate: { zh: '结案率', en: 'Closure rate' },
  closedOnTimeRate: { zh: '按期结案率', en: 'Closed on time' },
  reworkRate: { zh: '返工率', en: 'Rework rate' },
  extensionRate: { zh: '延期率', en: 'Extension rate' },
  avgAcceptMinutes: { zh: '平均受理时长（分）', en: 'Avg. accept (min)' },
  avgHandleMinutes: { zh: '平均处置时长（分）', en: 'Avg. handling (min)' },
  responseRate: { zh: '响应率', en: 'Response rate' },
  resolutionRate: { zh: '解决率', en: 'Resolution rate' },
  satisfactionRate: { zh: '满意率', en: 'Satisfaction rate' },
};
