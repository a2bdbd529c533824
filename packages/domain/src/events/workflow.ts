import type { Duration } from '../calendar/deadlines';
import { defineWorkflow, type Guard } from '../cases/workflow';
import { INTAKE_LIMITS } from './categories';

/**
 * The event closed loop (issue #4) on the case engine. The stage chain follows the 数字城管 "7 环节"
 * (cn_governance.md §1.2): 信息收集 → 立案 → 派遣 → 处理 → 反馈 → 核查 → 结案, then 回访/评价 from
 * 接诉即办 (§3.1 第23条). The handling clock starts at dispatch ("同时该案卷开始计时", §1.2).
 */
export const EVENT_STATES = [
  'reported',
  'accepted',
  'dispatched',
  'handling',
  'feedback',
  'verified',
  'suspended',
  'closed',
  'reopenRequested',
  'rated',
  'cancelled',
  'merged',
  'transferred',
] as const;
export type EventState = (typeof EVENT_STATES)[number];

/** States in which an event still needs work (queues, duplicates, the live count). */
export const EVENT_OPEN_STATES: readonly EventState[] = [
  'reported',
  'accepted',
  'dispatched',
  'handling',
  'feedback',
  'verified',
  'suspended',
  'reopenRequested',
];

export const SATISFACTION = ['satisfied', 'basic', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION)[number];

/** The category's handling limit, put into the case facts by the server (`limitValue`, `limitUnit`). */
const handlingLimit = (c: { data?: Record<string, unknown> | undefined }): Duration | null =>
  typeof c.data?.limitValue === 'number' && typeof c.data.limitUnit === 'string'
    ? { amount: c.data.limitValue, unit: c.data.limitUnit as Duration['unit'] }
    : null;

/** 回访: the hotline seat (event:intake), the system (tracking-code page) or the reporter themself. */
const reporterOrSeat: Guard = ({ case: c, actor }) =>
  actor.system ||
  actor.permissions.has('event:intake') ||
  (actor.userId !== null && actor.userId === c.reporterId)
    ? true
    : { zh: '只有上报人或回访人员可以评价', en: 'Only the reporter or a call-back seat may rate' };

const dispatchField = {
  departmentId: {
    type: 'departmentId' as const,
    label: { zh: '主办部门', en: 'Lead department' },
    required: true,
  },
};

export const EVENT_WORKFLOW = defineWorkflow<EventState>({
  kind: 'event',
  label: { zh: '事件', en: 'Event' },
  readPermission: 'event:read',
  supervisorRoles: ['dispatcher'],
  initial: 'reported',
  states: {
    reported: { label: { zh: '待受理', en: 'Reported' }, tone: 'warning' },
    accepted: { label: { zh: '已立案待派遣', en: 'Filed, to dispatch' }, tone: 'warning' },
    dispatched: { label: { zh: '已派遣待签收', en: 'Dispatched' }, tone: 'primary' },
    handling: { label: { zh: '处置中', en: 'Being handled' }, tone: 'primary' },
    feedback: { label: { zh: '已反馈待核查', en: 'Awaiting check' }, tone: 'primary' },
    verified: { label: { zh: '核查通过待结案', en: 'Checked' }, tone: 'success' },
    suspended: { label: { zh: '挂账', en: 'Backlogged' }, tone: 'danger' },
    closed: { label: { zh: '已结案待评价', en: 'Closed, to rate' }, tone: 'success' },
    reopenRequested: { label: { zh: '不满意待复核', en: 'Reopen requested' }, tone: 'danger' },
    rated: { label: { zh: '已办结', en: 'Finished' }, final: true, tone: 'success' },
    cancelled: { label: { zh: '不予立案', en: 'Cancelled' }, final: true, tone: 'info' },
    merged: { label: { zh: '已合并', en: 'Merged' }, final: true, tone: 'info' },
    transferred: { label: { zh: '已转办', en: 'Transferred' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'accept',
      label: { zh: '受理立案', en: 'Accept' },
      from: ['reported'],
      to: 'accepted',
      allow: { permissions: ['event:intake'] },
      style: 'primary',
    },
    {
      action: 'cancel',
      label: { zh: '不予立案', en: 'Cancel' },
      from: ['reported'],
      to: 'cancelled',
      allow: { permissions: ['event:intake'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
      confirm: { zh: '确定不予立案？', en: 'Cancel this report?' },
      style: 'danger',
    },
    {
      action: 'dispatch',
      label: { zh: '派遣', en: 'Dispatch' },
      from: ['accepted'],
      to: 'dispatched',
      allow: { permissions: ['event:dispatch'] },
      requires: { fields: dispatchField },
      notify: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms', 'robot'] }],
      style: 'primary',
    },
    {
      action: 'redispatch',
      label: { zh: '改派', en: 'Re-dispatch' },
      from: ['dispatched', 'handling', 'suspended'],
      to: 'dispatched',
      allow: { permissions: ['event:dispatch'] },
      requires: { comment: true, fields: dispatchField },
      notify: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms'] }],
    },
    {
      action: 'sign',
      label: { zh: '签收', en: 'Sign for' },
      from: ['dispatched'],
      to: 'handling',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      style: 'primary',
    },
    {
      action: 'return',
      label: { zh: '退回', en: 'Return' },
      from: ['dispatched'],
      to: 'accepted',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['supervisor'] }],
      style: 'warning',
    },
    {
      action: 'feedback',
      label: { zh: '处置反馈', en: 'Report result' },
      from: ['handling'],
      to: 'feedback',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true, attachments: 1 },
      notify: [{ to: ['supervisor'] }],
      style: 'success',
    },
    {
      action: 'verifyPass',
      label: { zh: '核查通过', en: 'Check passed' },
      from: ['feedback'],
      to: 'verified',
      allow: { permissions: ['event:verify', 'event:dispatch'] },
      requires: { attachments: 1 },
      style: 'success',
    },
    {
      action: 'verifyFail',
      label: { zh: '核查不通过（返工）', en: 'Check failed (rework)' },
      from: ['feedback'],
      to: 'handling',
      allow: { permissions: ['event:verify', 'event:dispatch'] },
      requires: { comment: true, attachments: 1 },
      notify: [{ to: ['assignee'] }],
      style: 'danger',
    },
    {
      action: 'close',
      label: { zh: '结案', en: 'Close' },
      from: ['verified'],
      to: 'closed',
      allow: { permissions: ['event:dispatch'] },
      notify: [{ to: ['reporter'] }],
      style: 'success',
    },
    {
      action: 'rate',
      label: { zh: '评价', en: 'Rate' },
      from: ['closed'],
      to: 'rated',
      // The reporter, a hotline seat calling back, or the public tracking-code page (acting as the system).
      allow: { permissions: ['event:intake', 'event:report'], system: true },
      guard: reporterOrSeat,
      requires: {
        fields: {
          satisfaction: {
            type: 'select',
            label: { zh: '满意度', en: 'Satisfaction' },
            required: true,
            options: [
              { value: 'satisfied', label: { zh: '满意', en: 'Satisfied' } },
              { value: 'basic', label: { zh: '基本满意', en: 'Fairly satisfied' } },
            ],
          },
          resolved: { type: 'boolean', label: { zh: '问题已解决', en: 'Solved' }, required: true },
        },
      },
      style: 'success',
    },
    {
      action: 'rateUnsatisfied',
      label: { zh: '不满意，申请重办', en: 'Unsatisfied: ask to reopen' },
      from: ['closed'],
      to: 'reopenRequested',
      allow: { permissions: ['event:intake', 'event:report'], system: true },
      guard: reporterOrSeat,
      requires: { comment: true },
      notify: [{ to: ['supervisor'] }],
      style: 'danger',
    },
    {
      action: 'reopen',
      label: { zh: '重办', en: 'Reopen' },
      from: ['reopenRequested'],
      to: 'dispatched',
      allow: { permissions: ['event:dispatch'] },
      requires: { comment: true, fields: dispatchField },
      notify: [{ to: ['assignee'], type: 'case.assigned' }],
      style: 'primary',
    },
    {
      action: 'archive',
      label: { zh: '维持办结', en: 'Keep closed' },
      from: ['reopenRequested'],
      to: 'rated',
      allow: { permissions: ['event:dispatch'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
    },
    {
      action: 'suspend',
      label: { zh: '挂账', en: 'Backlog' },
      from: ['handling'],
      to: 'suspended',
      allow: { permissions: ['event:handle', 'event:dispatch'] },
      requires: { comment: true },
      notify: [{ to: ['supervisor', 'leader'] }],
      style: 'warning',
    },
    {
      action: 'resume',
      label: { zh: '恢复处置', en: 'Resume' },
      from: ['suspended'],
      to: 'handling',
      allow: { permissions: ['event:handle', 'event:dispatch'] },
    },
    {
      action: 'merge',
      label: { zh: '合并到重复事件', en: 'Merge into duplicate' },
      from: ['reported', 'accepted'],
      to: 'merged',
      allow: { permissions: ['event:intake', 'event:dispatch'] },
      requires: {
        fields: {
          intoId: {
            type: 'number',
            label: { zh: '保留事件编号', en: 'Kept event' },
            required: true,
            integer: true,
          },
        },
      },
      notify: [{ to: ['reporter'] }],
    },
    {
      action: 'transfer',
      label: { zh: '转办', en: 'Transfer' },
      from: '*',
      to: 'transferred',
      allow: { permissions: ['event:dispatch', 'dispute:manage'] },
      requires: { comment: true },
      notify: [{ to: ['reporter', 'assignee'] }],
    },
    {
      action: 'markOverdue',
      label: { zh: '超期', en: 'Overdue' },
      from: ['dispatched', 'handling'],
      allow: { system: true },
    },
    {
      action: 'note',
      label: { zh: '备注', en: 'Note' },
      from: '*',
      allow: { permissions: ['event:read'] },
      requires: { comment: true },
    },
  ],
  clocks: [
    {
      name: 'intake',
      label: { zh: '立案时限', en: 'Filing limit' },
      limit: { amount: INTAKE_LIMITS.acceptWithin.value, unit: INTAKE_LIMITS.acceptWithin.unit },
      runsIn: ['reported'],
    },
    {
      name: 'sign',
      label: { zh: '签收时限', en: 'Sign-for limit' },
      limit: { amount: INTAKE_LIMITS.signWithin.value, unit: INTAKE_LIMITS.signWithin.unit },
      runsIn: ['dispatched'],
      escalation: [{ label: { zh: '超时未签收', en: 'Not signed for in time' }, notify: ['supervisor'] }],
    },
    {
      name: 'handling',
      label: { zh: '处置时限', en: 'Handling limit' },
      limit: handlingLimit,
      runsIn: ['dispatched', 'handling'],
      pausedIn: ['feedback', 'verified', 'suspended'],
      escalation: [
        {
          label: { zh: '超期未处置，提请督办', en: 'Overdue: referred for supervision' },
          notify: ['supervisor', 'assignee'],
          action: 'markOverdue',
        },
        {
          after: { amount: 1, unit: 'workingDays' },
          label: { zh: '超期一个工作日，报告领导', en: 'One working day overdue: reported to the leader' },
          notify: ['leader'],
        },
      ],
    },
  ],
});
