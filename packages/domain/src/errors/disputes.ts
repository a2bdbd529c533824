import type { ErrorSpec } from './types';

/** Disputes, mediation and judicial confirmation (issue #5). */
export const DISPUTE_ERRORS = {
  DISPUTE_ID_NUMBER_INVALID: {
    status: 400,
    zh: '当事人“{name}”的公民身份号码无效（GB 11643 校验不通过）',
    en: 'The ID number of party "{name}" is not valid (GB 11643 check failed)',
  },
  DISPUTE_CREDIT_CODE_INVALID: {
    status: 400,
    zh: '当事人“{name}”的统一社会信用代码无效（GB 32100 校验不通过）',
    en: 'The credit code of party "{name}" is not valid (GB 32100 check failed)',
  },
  DISPUTE_REGION_INVALID: {
    status: 400,
    zh: '纠纷发生地须选择到社区或网格',
    en: 'The place of the dispute must be a community or grid',
  },
  DISPUTE_ORG_UNKNOWN: { status: 404, zh: '没有这个调解组织', en: 'No such mediation organisation' },
  DISPUTE_ORG_NOT_ABOVE: {
    status: 409,
    zh: '接收组织须为更高层级或专业调解组织，且覆盖纠纷发生地',
    en: 'The receiving organisation must be higher up or specialised, and cover the place of the dispute',
  },
  DISPUTE_MEDIATOR_UNKNOWN: { status: 404, zh: '没有这名调解员', en: 'No such mediator' },
  DISPUTE_MEDIATOR_MISFIT: {
    status: 409,
    zh: '不能指派该调解员：{reasons}',
    en: 'This mediator cannot be assigned: {reasons}',
  },
  DISPUTE_AGREEMENT_INCOMPLETE: {
    status: 400,
    zh: '调解协议书缺少必备内容：{parts}（人民调解法第二十九条）',
    en: 'The mediation agreement lacks required parts: {parts} (People’s Mediation Law art. 29)',
  },
  DISPUTE_AGREEMENT_MISSING: {
    status: 409,
    zh: '该纠纷尚无生效的调解协议书',
    en: 'This dispute has no effective mediation agreement',
  },
  DISPUTE_CONFIRMATION_TOO_LATE: {
    status: 409,
    zh: '已超过申请期限：调解协议生效之日起三十日内（截至{deadline}）共同申请司法确认（人民调解法第三十三条）',
    en: 'Too late: judicial confirmation must be applied for within 30 days of the agreement (until {deadline})',
  },
  DISPUTE_CONFIRMATION_EARLY: {
    status: 400,
    zh: '申请日期早于调解协议生效日期',
    en: 'The application date lies before the agreement took effect',
  },
  DISPUTE_CONFIRMATION_PENDING: {
    status: 409,
    zh: '该调解协议已有司法确认申请在办',
    en: 'A confirmation application for this agreement is already open',
  },
  DISPUTE_CONFIRMATION_JOINT: {
    status: 400,
    zh: '司法确认须由双方当事人共同申请：缺少{names}',
    en: 'Both parties must apply jointly; missing: {names}',
  },
  DISPUTE_SESSION_STATE: {
    status: 409,
    zh: '只有调解中的纠纷可以安排或记录调解',
    en: 'Only a dispute under mediation can have sessions',
  },
  DISPUTE_SCREENING_DONE: { status: 409, zh: '该排查任务已完成', en: 'This screening task is already done' },
  DISPUTE_SCREENING_EMPTY: {
    status: 400,
    zh: '请报告排查到的纠纷，或明确“零报告”',
    en: 'Report the disputes found, or declare "none found"',
  },
  DISPUTE_EVENT_NOT_LINKABLE: {
    status: 409,
    zh: '只有“矛盾纠纷线索”类事件可以转为纠纷，且只能转一次',
    en: 'Only an event of category "dispute lead" can become a dispute, and only once',
  },
  DISPUTE_ORAL_NOT_ALLOWED: {
    status: 409,
    zh: '不能以口头协议结案：{reasons}（人民调解法第二十八条）',
    en: 'Cannot settle with an oral agreement: {reasons} (People’s Mediation Law art. 28)',
  },
  DISPUTE_CONFIRMATION_NEEDS_WRITTEN: {
    status: 409,
    zh: '该纠纷以口头协议结案，申请司法确认须提交书面调解协议（民诉法解释第三百五十四条），请先将口头协议制作为书面调解协议书',
    en: 'This dispute was settled by an oral agreement; judicial confirmation needs the written agreement: write it up first',
  },
  DISPUTE_NOT_ORAL: {
    status: 409,
    zh: '只有以口头协议结案的纠纷才能将口头协议制作为书面调解协议书',
    en: 'Only a dispute settled by an oral agreement can have that agreement written up',
  },
  DISPUTE_SIGNER_NO_PHONE: {
    status: 409,
    zh: '当事人“{name}”没有登记手机号码，请在调解员的平板上签名',
    en: 'Party "{name}" has no phone number on file; sign on the mediator’s tablet',
  },
  DISPUTE_DRAFT_MISSING: {
    status: 409,
    zh: '尚未生成待签署的{what}',
    en: 'There is no {what} awaiting signatures',
  },
  MEDIATION_ORG_REGION_LEVEL: {
    status: 400,
    zh: '{level}须设在{expected}一级',
    en: 'A {level} must be placed at {expected} level',
  },
  MEDIATION_ORG_IN_USE: {
    status: 409,
    zh: '该调解组织仍有{count}件在办纠纷，不能停用',
    en: 'This organisation still has {count} open disputes and cannot be deactivated',
  },
  MEDIATION_MEDIATOR_EXISTS: {
    status: 409,
    zh: '该账号已登记为调解员',
    en: 'This account is already registered as a mediator',
  },
  MEDIATION_MEDIATOR_NOT_MEDIATOR: {
    status: 400,
    zh: '账号“{name}”没有调解员角色',
    en: 'Account "{name}" does not have the mediator role',
  },
  MEDIATION_MEDIATOR_OUTSIDE_ORG: {
    status: 400,
    zh: '调解员的工作地须在所属调解组织的服务范围内',
    en: "The mediator's place must lie within the organisation's area",
  },
  MEDIATION_ORG_INACTIVE: {
    status: 409,
    zh: '调解组织已停用',
    en: 'The mediation organisation is inactive',
  },
  SCREENING_REGION_LEVEL: {
    status: 400,
    zh: '{level}须设在{expected}一级',
    en: 'A {level} schedule must be placed at {expected} level',
  },
} as const satisfies Record<string, ErrorSpec>;
