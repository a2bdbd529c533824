import { formatMessage, type Lang, type MessageParam } from '../errors/index';

/**
 * Message templates per type, in zh-CN and English (issue #3). Parameters are filled when the message
 * is shown or sent, so an in-app notification reads in the reader's language. `{ref}` is the case's
 * number, `{kind}` its kind's name; a parameter may itself be `{ zh, en }`.
 */
export interface MessageTemplate {
  zh: { title: string; body: string };
  en: { title: string; body: string };
}

export const MESSAGE_TEMPLATES = {
  'case.transition': {
    zh: { title: '{kind} {ref}：{action}', body: '{actor}执行了“{action}”，当前状态：{state}。{comment}' },
    en: {
      title: '{kind} {ref}: {action}',
      body: '{actor} took "{action}"; the case is now {state}. {comment}',
    },
  },
  'case.opened': {
    zh: { title: '新的{kind} {ref}', body: '{actor}提交了{kind} {ref}（{title}），请及时处理。{comment}' },
    en: {
      title: 'New {kind}: {ref}',
      body: '{actor} submitted {kind} {ref} ({title}); please deal with it. {comment}',
    },
  },
  'case.assigned': {
    zh: {
      title: '新的{kind}待办 {ref}',
      body: '{kind} {ref}（{title}）已交由您办理，当前状态：{state}。{comment}',
    },
    en: {
      title: 'New {kind} to handle: {ref}',
      body: '{kind} {ref} ({title}) is now yours to handle; it is {state}. {comment}',
    },
  },
  'case.warning': {
    zh: {
      title: '{kind} {ref} 即将到期',
      body: '{kind} {ref}（{title}）的{clock}将于 {due} 到期，请抓紧办理。',
    },
    en: {
      title: '{kind} {ref} is nearly due',
      body: 'The {clock} of {kind} {ref} ({title}) runs out at {due}; please act soon.',
    },
  },
  'case.overdue': {
    zh: {
      title: '{kind} {ref} 已超期：{step}',
      body: '{kind} {ref}（{title}）的{clock}已于 {due} 到期。{step}。',
    },
    en: {
      title: '{kind} {ref} is overdue: {step}',
      body: 'The {clock} of {kind} {ref} ({title}) ran out at {due}. {step}.',
    },
  },
  'event.merged': {
    zh: {
      title: '您反映的问题已合并办理',
      body: '您反映的问题（查询码 {code}）与其他群众反映的同一问题合并为 {ref} 统一办理，可继续用查询码查询进度。',
    },
    en: {
      title: 'Your report is handled together with others',
      body: 'Your report (tracking code {code}) is now handled together with the same problem reported by others as {ref}; your tracking code still shows the progress.',
    },
  },
  'system.test': {
    zh: { title: '测试消息', body: '这是一条来自枫桥平台的测试消息（{time}）。' },
    en: { title: 'Test message', body: 'A test message from the Fengqiao platform ({time}).' },
  },
  'dispute.session': {
    zh: {
      title: '调解通知 {ref}',
      body: '{name}您好：您参与的纠纷（{ref}）定于{time}在{place}进行调解，请准时参加。调解员：{mediator}。人民调解不收取任何费用。',
    },
    en: {
      title: 'Mediation session {ref}',
      body: 'Dear {name}: the mediation of dispute {ref} takes place at {time}, {place}. Mediator: {mediator}. People’s mediation is free of charge.',
    },
  },
  'dispute.notice': {
    zh: {
      title: '诉前调解告知 {ref}',
      body: '{name}您好：您涉及的纠纷（{ref}）已由{org}受理调解。{law}如有疑问请联系调解员{mediator}。',
    },
    en: {
      title: 'Pre-litigation mediation notice {ref}',
      body: 'Dear {name}: your dispute {ref} is being mediated by {org}. {law} Questions: mediator {mediator}.',
    },
  },
  'dispute.risk': {
    zh: {
      title: '民转刑风险预警 {ref}',
      body: '纠纷{ref}（{title}）风险等级：{level}；风险因素：{flags}。请依照人民调解法第二十五条采取针对性预防措施，必要时报告公安机关。',
    },
    en: {
      title: 'Escalation risk {ref}',
      body: 'Dispute {ref} ({title}) is rated {level}: {flags}. Take preventive steps and report to the police where needed (People’s Mediation Law art. 25).',
    },
  },
} as const satisfies Record<string, MessageTemplate>;

export type MessageType = keyof typeof MESSAGE_TEMPLATES;

export function isMessageType(t: string): t is MessageType {
  return Object.hasOwn(MESSAGE_TEMPLATES, t);
}

export function renderMessage(
  type: string,
  lang: Lang,
  params: Record<string, MessageParam>,
): { title: string; body: string } {
  const tpl: MessageTemplate | undefined = isMessageType(type) ? MESSAGE_TEMPLATES[type] : undefined;
  if (!tpl) return { title: type, body: '' };
  const t = lang === 'en' ? tpl.en : tpl.zh;
  // A parameter left out reads as nothing rather than as "{comment}".
  const filled: Record<string, MessageParam> = {};
  for (const m of `${t.title} ${t.body}`.matchAll(/\{(\w+)\}/g)) filled[m[1]!] = '';
  Object.assign(filled, params);
  return {
    title: formatMessage(t.title, lang, filled).trim(),
    body: formatMessage(t.body, lang, filled).trim(),
  };
}
