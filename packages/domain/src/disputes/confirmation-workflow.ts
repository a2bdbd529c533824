import { defineWorkflow } from '../cases/workflow';
import { DISPUTE_LIMITS } from './constants';

/**
 * 司法确认 online (issue #5): both parties apply jointly within 30 days of the agreement (人民调解法 第33条;
 * 民事诉讼法 第205条, checked by the module before the case opens). The court decides whether to accept
 * within 3 days (2011 规定 第4条) and rules within 15 days of acceptance, +10 with the president's approval
 * (第5条). The ruling (confirm or reject) is issued as a document by the module, then recorded here.
 */
export const CONFIRMATION_WORKFLOW = defineWorkflow({
  kind: 'confirmation',
  label: { zh: '司法确认', en: 'Judicial confirmation' },
  readPermission: 'dispute:read',
  supervisorRoles: ['judge'],
  initial: 'applied',
  onOpen: [{ to: [{ roles: ['judge'] }], type: 'case.opened', channels: ['inapp'] }],
  states: {
    applied: { label: { zh: '待立案审查', en: 'Applied' }, tone: 'warning' },
    accepted: { label: { zh: '已受理审查中', en: 'Accepted' }, tone: 'primary' },
    notAccepted: { label: { zh: '不予受理', en: 'Not accepted' }, final: true, tone: 'info' },
    confirmed: { label: { zh: '裁定确认有效', en: 'Confirmed' }, final: true, tone: 'success' },
    rejected: { label: { zh: '裁定驳回申请', en: 'Rejected' }, final: true, tone: 'danger' },
    withdrawn: { label: { zh: '撤回申请', en: 'Withdrawn' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'accept',
      label: { zh: '受理', en: 'Accept' },
      from: ['applied'],
      to: 'accepted',
      allow: { permissions: ['dispute:confirm'] },
      notify: [{ to: ['reporter'] }],
      style: 'primary',
    },
    {
      // 民诉法解释 第355条: identity relations, other special procedures, rights in rem / IP are not accepted.
      action: 'notAccept',
      label: { zh: '不予受理', en: 'Do not accept' },
      from: ['applied'],
      to: 'notAccepted',
      allow: { permissions: ['dispute:confirm'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
      style: 'danger',
    },
    {
      // Taken by the module after it issued the ruling document (decision = confirm).
      action: 'confirm',
      label: { zh: '裁定确认', en: 'Confirm' },
      from: ['accepted'],
      to: 'confirmed',
      allow: { permissions: ['dispute:confirm'] },
      guard: ({ case: c }) =>
        c.data?.rulingDocumentId ? true : { zh: '须先出具民事裁定书', en: 'Issue the ruling first' },
      notify: [{ to: ['reporter'] }],
      style: 'success',
    },
    {
      // 民诉法解释 第358条 grounds; the module issues the ruling (decision = reject) first.
      action: 'reject',
      label: { zh: '裁定驳回', en: 'Reject' },
      from: ['accepted'],
      to: 'rejected',
      allow: { permissions: ['dispute:confirm'] },
      guard: ({ case: c }) =>
        c.data?.rulingDocumentId ? true : { zh: '须先出具民事裁定书', en: 'Issue the ruling first' },
      notify: [{ to: ['reporter'] }],
      style: 'danger',
    },
    {
      // 2011 规定 第5条: +10 days once, with the court president's approval (recorded in the comment).
      action: 'extendRuling',
      label: { zh: '延长审查期限（经院长批准）', en: 'Extend (approved by the president)' },
      from: ['accepted'],
      allow: { permissions: ['dispute:confirm'] },
      requires: { comment: true },
      guard: ({ case: c }) =>
        c.data?.ruleExtended
          ? { zh: '审查期限只能延长一次', en: 'The period may be extended once only' }
          : true,
    },
    {
      action: 'withdraw',
      label: { zh: '撤回申请', en: 'Withdraw' },
      from: ['applied', 'accepted'],
      to: 'withdrawn',
      allow: { permissions: ['dispute:mediate', 'dispute:manage', 'dispute:confirm'] },
      requires: { comment: true },
    },
  ],
  clocks: [
    {
      name: 'acceptance',
      label: { zh: '立案审查期限', en: 'Acceptance limit' },
      limit: { amount: DISPUTE_LIMITS.confirmationAccept.value, unit: 'calendarDays' },
      runsIn: ['applied'],
      warnNotify: [{ roles: ['judge'] }],
    },
    {
      name: 'ruling',
      label: { zh: '审查裁定期限', en: 'Ruling limit' },
      limit: { amount: DISPUTE_LIMITS.confirmationRule.value, unit: 'calendarDays' },
      runsIn: ['accepted'],
      warnNotify: [{ roles: ['judge'] }],
    },
  ],
});
