import type { Duration } from '../calendar/deadlines';
import { defineWorkflow } from '../cases/workflow';

/**
 * 街乡吹哨、部门报到 (北京市接诉即办工作条例 第33条 "双考核", cn_governance.md §3.1): a town dispatcher
 * calls a district department to an event; the department must report (报到) within the time set when
 * the whistle is blown. On 报到 the department joins the event as an assisting department.
 */
export const WHISTLE_WORKFLOW = defineWorkflow({
  kind: 'whistle',
  label: { zh: '吹哨报到', en: 'Whistle call' },
  readPermission: 'event:read',
  supervisorRoles: ['dispatcher'],
  initial: 'called',
  onOpen: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms'] }],
  states: {
    called: { label: { zh: '待报到', en: 'Called' }, tone: 'warning' },
    reported: { label: { zh: '已报到', en: 'Reported in' }, final: true, tone: 'success' },
    withdrawn: { label: { zh: '已撤哨', en: 'Withdrawn' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'report',
      label: { zh: '报到', en: 'Report in' },
      from: ['called'],
      to: 'reported',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['supervisor'] }],
      style: 'primary',
    },
    {
      action: 'withdraw',
      label: { zh: '撤哨', en: 'Withdraw' },
      from: ['called'],
      to: 'withdrawn',
      allow: { permissions: ['event:dispatch'] },
      requires: { comment: true },
      notify: [{ to: ['assignee'] }],
    },
  ],
  clocks: [
    {
      name: 'report',
      label: { zh: '报到时限', en: 'Report-in limit' },
      limit: (c) =>
        typeof c.data?.limitHours === 'number'
          ? ({ amount: c.data.limitHours, unit: 'calendarHours' } as Duration)
          : null,
      runsIn: ['called'],
      escalation: [
        {
          label: { zh: '超时未报到，报告领导', en: 'Not reported in time: leader told' },
          notify: ['supervisor', 'leader'],
        },
      ],
    },
  ],
});

export const SUPERVISION_LEVELS = {
  daily: { zh: '日常督办', en: 'Routine supervision' },
  listed: { zh: '挂牌督办', en: 'Listed supervision' },
  interview: { zh: '约谈督办', en: 'Supervision by interview' },
} as const;
export type SupervisionLevel = keyof typeof SUPERVISION_LEVELS;

/**
 * 督办 (潍坊 12345 条例 第25–26条: 日常督办 / 挂牌督办 / 约谈督办, cn_governance.md §3.3): an order of its
 * own with a deadline; the supervised department answers in writing; the issuer accepts the answer or
 * sends it back.
 */
export const SUPERVISION_WORKFLOW = defineWorkflow({
  kind: 'supervision',
  label: { zh: '督办', en: 'Supervision order' },
  readPermission: 'event:read',
  supervisorRoles: ['dispatcher', 'leader'],
  initial: 'issued',
  onOpen: [{ to: ['assignee'], type: 'case.assigned', channels: ['inapp', 'sms'] }],
  states: {
    issued: { label: { zh: '待答复', en: 'Awaiting answer' }, tone: 'warning' },
    answered: { label: { zh: '已答复待审核', en: 'Answered' }, tone: 'primary' },
    accepted: { label: { zh: '已办结', en: 'Accepted' }, final: true, tone: 'success' },
    withdrawn: { label: { zh: '已撤销', en: 'Withdrawn' }, final: true, tone: 'info' },
  },
  transitions: [
    {
      action: 'answer',
      label: { zh: '书面答复', en: 'Answer in writing' },
      from: ['issued'],
      to: 'answered',
      allow: { permissions: ['event:handle'], relations: ['assignee'] },
      requires: { comment: true },
      notify: [{ to: ['reporter'] }],
      style: 'primary',
    },
    {
      action: 'accept',
      label: { zh: '认可答复', en: 'Accept answer' },
      from: ['answered'],
      to: 'accepted',
      allow: { permissions: ['event:supervise'] },
      notify: [{ to: ['assignee'] }],
      style: 'success',
    },
    {
      action: 'sendBack',
      label: { zh: '退回重答', en: 'Send back' },
      from: ['answered'],
      to: 'issued',
      allow: { permissions: ['event:supervise'] },
      requires: { comment: true },
      notify: [{ to: ['assignee'] }],
      style: 'warning',
    },
    {
      action: 'withdraw',
      label: { zh: '撤销督办', en: 'Withdraw' },
      from: ['issued', 'answered'],
      to: 'withdrawn',
      allow: { permissions: ['event:supervise'] },
      requires: { comment: true },
    },
  ],
  clocks: [
    {
      name: 'answer',
      label: { zh: '答复时限', en: 'Answer limit' },
      limit: (c) =>
        typeof c.data?.limitDays === 'number'
          ? ({ amount: c.data.limitDays, unit: 'workingDays' } as Duration)
          : null,
      runsIn: ['issued'],
      pausedIn: ['answered'],
    },
  ],
});
