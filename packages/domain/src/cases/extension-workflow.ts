import { defineWorkflow } from './workflow';

/**
 * 延期申请: the handler of any case asks for more time on one of its clocks; a supervisor of the case's
 * region approves (the parent's deadline moves) or refuses. Generic on purpose: events, disputes and
 * every later kind use the same request. The approver may not be the person who asked (四眼原则).
 */
export const EXTENSION_WORKFLOW = defineWorkflow({
  kind: 'extension',
  label: { zh: '延期申请', en: 'Extension request' },
  readPermission: 'event:read',
  supervisorRoles: ['dispatcher'],
  initial: 'submitted',
  onOpen: [{ to: ['supervisor'], type: 'case.opened', channels: ['inapp'] }],
  states: {
    submitted: { label: { zh: '待审批', en: 'Awaiting decision' }, tone: 'warning' },
    approved: { label: { zh: '已同意', en: 'Approved' }, final: true, tone: 'success' },
    rejected: { label: { zh: '未同意', en: 'Refused' }, final: true, tone: 'danger' },
    withdrawn: { label: { zh: '已撤回', en: 'Withdrawn' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'approve',
      label: { zh: '同意延期', en: 'Approve' },
      from: ['submitted'],
      to: 'approved',
      allow: { permissions: ['event:supervise', 'dispute:manage'] },
      requires: {
        fields: {
          grantedAmount: {
            type: 'number',
            label: { zh: '批准延长（可少于申请）', en: 'Granted (may be less than asked)' },
            min: 0.5,
            max: 365,
          },
        },
      },
      guard: ({ case: c, actor }) =>
        actor.userId !== null && actor.userId === c.reporterId
          ? { zh: '不能审批自己提出的延期申请', en: 'You cannot decide on your own request' }
          : true,
      notify: [{ to: ['reporter'] }],
      style: 'success',
    },
    {
      action: 'reject',
      label: { zh: '不同意', en: 'Refuse' },
      from: ['submitted'],
      to: 'rejected',
      allow: { permissions: ['event:supervise', 'dispute:manage'] },
      requires: { comment: true },
      guard: ({ case: c, actor }) =>
        actor.userId !== null && actor.userId === c.reporterId
          ? { zh: '不能审批自己提出的延期申请', en: 'You cannot decide on your own request' }
          : true,
      notify: [{ to: ['reporter'] }],
      style: 'danger',
    },
    {
      action: 'withdraw',
      label: { zh: '撤回申请', en: 'Withdraw' },
      from: ['submitted'],
      to: 'withdrawn',
      allow: {
        permissions: ['event:handle', 'event:dispatch', 'dispute:mediate', 'dispute:manage'],
        relations: ['reporter'],
      },
      style: 'default',
    },
  ],
  clocks: [
    {
      name: 'decision',
      label: { zh: '审批时限', en: 'Decision limit' },
      limit: { amount: 1, unit: 'workingDays' },
      runsIn: ['submitted'],
      escalation: [
        {
          label: { zh: '延期申请超期未审批，报告领导', en: 'Not decided in time: reported to the leader' },
          notify: ['supervisor', 'leader'],
        },
      ],
    },
  ],
});
