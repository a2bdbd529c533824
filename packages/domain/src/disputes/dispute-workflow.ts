import { defineWorkflow } from '../cases/workflow';
import { DISPUTE_LIMITS } from './constants';

/** Where a failed or unsuitable dispute goes next, and how a closed one was closed. */
export const GUIDANCE_OPTIONS = [
  { value: 'litigation', label: { zh: '引导诉讼', en: 'Litigation' } },
  { value: 'arbitration', label: { zh: '引导仲裁', en: 'Arbitration' } },
  { value: 'administrative', label: { zh: '引导行政处理（复议、裁决）', en: 'Administrative channel' } },
  { value: 'petition', label: { zh: '引导信访渠道', en: 'Letters and visits' } },
] as const;

/**
 * A dispute (矛盾纠纷) on the case engine (issue #5). 人民调解法: a clear refusal by a party means no
 * mediation (第17条) and ends it (第23条); failed mediation ends with advice on other channels (第26条).
 * Transfers move the dispute to another organisation (up a level or to a specialised centre) and start
 * again at 受理. Settling needs an issued agreement (the module issues it, then takes `settle`).
 */
export const DISPUTE_WORKFLOW = defineWorkflow({
  kind: 'dispute',
  label: { zh: '矛盾纠纷', en: 'Dispute' },
  readPermission: 'dispute:read',
  supervisorRoles: ['dispatcher'],
  initial: 'registered',
  onOpen: [{ to: ['supervisor'], type: 'case.opened', channels: ['inapp'] }],
  states: {
    registered: { label: { zh: '待受理', en: 'Registered' }, tone: 'warning' },
    accepted: { label: { zh: '已受理待指派', en: 'Accepted' }, tone: 'primary' },
    assigned: { label: { zh: '待调解员确认', en: 'Awaiting mediator' }, tone: 'warning' },
    mediating: { label: { zh: '调解中', en: 'Mediating' }, tone: 'primary' },
    settled: { label: { zh: '调解成功', en: 'Settled' }, tone: 'success' },
    failed: { label: { zh: '调解不成', en: 'Mediation failed' }, tone: 'danger' },
    performed: { label: { zh: '已履行结案', en: 'Performed, closed' }, final: true, tone: 'success' },
    refused: { label: { zh: '不予受理', en: 'Refused' }, final: true, tone: 'info' },
    ended: { label: { zh: '终止调解', en: 'Mediation ended' }, final: true, tone: 'info' },
    closed: { label: { zh: '已引导结案', en: 'Closed with guidance' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'accept',
      label: { zh: '受理', en: 'Accept' },
      from: ['registered'],
      to: 'accepted',
      allow: { permissions: ['dispute:manage'] },
      notify: [{ to: ['reporter'] }],
      style: 'primary',
    },
    {
      action: 'refuse',
      label: { zh: '不予受理', en: 'Refuse' },
      from: ['registered'],
      to: 'refused',
      allow: { permissions: ['dispute:manage'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
      style: 'danger',
    },
    {
      // The module picks the mediator (checked for place and specialty) and takes this action.
      action: 'assign',
      label: { zh: '指派调解员', en: 'Assign a mediator' },
      from: ['accepted'],
      to: 'assigned',
      allow: { permissions: ['dispute:manage'] },
      requires: {
        fields: { mediatorId: { type: 'userId', label: { zh: '调解员', en: 'Mediator' }, required: true } },
      },
      notify: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms'] }],
      style: 'primary',
    },
    {
      action: 'confirm',
      label: { zh: '确认接受调解', en: 'Confirm' },
      from: ['assigned'],
      to: 'mediating',
      allow: { permissions: ['dispute:mediate'], relations: ['assignee'] },
      notify: [{ to: ['supervisor'] }],
      style: 'success',
    },
    {
      action: 'decline',
      label: { zh: '退回（不接受指派）', en: 'Decline' },
      from: ['assigned'],
      to: 'accepted',
      allow: { permissions: ['dispute:mediate'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['supervisor'] }],
    },
    {
      // A session held (the module writes the session row and its 笔录, then records it here).
      action: 'session',
      label: { zh: '调解记录', en: 'Session recorded' },
      from: ['mediating'],
      allow: { permissions: ['dispute:mediate'], relations: ['assignee'] },
      requires: {
        comment: true,
        fields: {
          sessionId: { type: 'number', label: { zh: '调解场次', en: 'Session' }, integer: true, min: 1 },
        },
      },
    },
    {
      action: 'settle',
      label: { zh: '调解成功', en: 'Settled' },
      from: ['mediating'],
      to: 'settled',
      allow: { permissions: ['dispute:mediate'], relations: ['assignee'] },
      guard: ({ case: c }) =>
        c.data?.agreementDocumentId
          ? true
          : { zh: '须先出具调解协议书', en: 'Issue the mediation agreement first' },
      notify: [{ to: ['reporter', 'supervisor'] }],
      style: 'success',
    },
    {
      action: 'fail',
      label: { zh: '调解不成', en: 'Mediation failed' },
      from: ['mediating'],
      to: 'failed',
      allow: { permissions: ['dispute:mediate'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['supervisor'] }],
      style: 'danger',
    },
    {
      // 人民调解法 第17条、第23条: a party's refusal ends people's mediation.
      action: 'partyRefuses',
      label: { zh: '当事人拒绝调解', en: 'A party refuses mediation' },
      from: ['accepted', 'assigned', 'mediating'],
      to: 'ended',
      allow: { permissions: ['dispute:mediate', 'dispute:manage'] },
      requires: { comment: true },
      notify: [{ to: ['reporter', 'supervisor'] }],
    },
    {
      // The module checks the target organisation and moves the dispute there.
      action: 'transfer',
      label: { zh: '移交（上交或转专业调解）', en: 'Transfer' },
      from: ['accepted', 'failed'],
      to: 'accepted',
      allow: { permissions: ['dispute:manage'] },
      requires: {
        comment: true,
        fields: {
          orgId: {
            type: 'number',
            label: { zh: '接收组织', en: 'Receiving organisation' },
            required: true,
            integer: true,
            min: 1,
          },
        },
      },
      notify: [{ to: ['supervisor'] }],
      style: 'warning',
    },
    {
      // 人民调解法 第26条: failed mediation ends with advice on arbitration, administrative or court channels.
      action: 'closeWithGuidance',
      label: { zh: '引导结案', en: 'Close with guidance' },
      from: ['failed', 'accepted'],
      to: 'closed',
      allow: { permissions: ['dispute:manage', 'dispute:mediate'] },
      requires: {
        comment: true,
        fields: {
          guidance: {
            type: 'select',
            label: { zh: '引导途径', en: 'Channel' },
            required: true,
            options: GUIDANCE_OPTIONS,
          },
        },
      },
      notify: [{ to: ['reporter'] }],
    },
    {
      action: 'followUp',
      label: { zh: '回访', en: 'Follow-up visit' },
      from: ['settled'],
      allow: { permissions: ['dispute:mediate', 'dispute:manage'] },
      requires: { comment: true },
    },
    {
      action: 'closePerformed',
      label: { zh: '履行完毕结案', en: 'Performed: close' },
      from: ['settled'],
      to: 'performed',
      allow: { permissions: ['dispute:mediate', 'dispute:manage'] },
      requires: { comment: true },
      style: 'success',
    },
    {
      action: 'note',
      label: { zh: '备注', en: 'Note' },
      from: '*',
      allow: { permissions: ['dispute:read'] },
      requires: { comment: true },
    },
  ],
  clocks: [
    {
      // No statute sets an intake limit for people's mediation; 深圳条例 第45–46条 gives administrative
      // mediation 5 working days to decide on acceptance. A setting with that default (c.data.intakeDays).
      name: 'intake',
      label: { zh: '受理时限', en: 'Intake limit' },
      limit: (c) => ({ amount: Number(c.data?.intakeDays ?? 5), unit: 'workingDays' }),
      runsIn: ['registered'],
    },
    {
      // 人民法院在线调解规则 第12条: the mediator confirms within 3 working days.
      name: 'mediatorConfirm',
      label: { zh: '调解员确认时限', en: 'Mediator confirmation' },
      limit: { amount: DISPUTE_LIMITS.mediatorConfirm.value, unit: 'workingDays' },
      runsIn: ['assigned'],
    },
    {
      // Default 30 days (深圳条例 第25条; 特邀调解规定 第27条 for court-delegated mediation); settable per
      // dispute (c.data.mediationDays).
      name: 'mediation',
      label: { zh: '调解期限', en: 'Mediation period' },
      limit: (c) => ({
        amount: Number(c.data?.mediationDays ?? DISPUTE_LIMITS.mediationPeriod.value),
        unit: 'calendarDays',
      }),
      runsIn: ['mediating'],
      warnNotify: ['assignee'],
    },
  ],
});

export type DisputeState = keyof typeof DISPUTE_WORKFLOW.states;
