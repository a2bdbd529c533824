import type { DepartmentType, Role } from '@fengqiao/domain';

/** The departments of the demo district: district bureaus, then one government per town (兜底). */
export const DEMO_DEPARTMENTS: {
  code: string;
  name: string;
  shortName: string;
  type: DepartmentType;
  duties: string;
}[] = [
  {
    code: 'D01',
    name: '示范区社会治理综合指挥中心（综治中心）',
    shortName: '区综治中心',
    type: 'centre',
    duties: '综合受理、分流交办、跟踪督办',
  },
  {
    code: 'D02',
    name: '示范区公安分局',
    shortName: '区公安分局',
    type: 'publicSecurity',
    duties: '治安隐患、110 联动',
  },
  { code: 'D03', name: '示范区人民检察院', shortName: '区检察院', type: 'procuratorate', duties: '法律监督' },
  {
    code: 'D04',
    name: '示范区人民法院',
    shortName: '区法院',
    type: 'court',
    duties: '司法确认、诉前调解、立案',
  },
  {
    code: 'D05',
    name: '示范区司法局',
    shortName: '区司法局',
    type: 'justice',
    duties: '人民调解、社区矫正、安置帮教',
  },
  {
    code: 'D06',
    name: '示范区信访局',
    shortName: '区信访局',
    type: 'petition',
    duties: '信访事项登记、转送、督办',
  },
  {
    code: 'D07',
    name: '示范区城市管理局',
    shortName: '区城管局',
    type: 'urbanManagement',
    duties: '市容环境、街面秩序、违法建设',
  },
  {
    code: 'D08',
    name: '示范区市场监督管理局',
    shortName: '区市场监管局',
    type: 'marketRegulation',
    duties: '食品安全、无照经营、消费投诉',
  },
  {
    code: 'D09',
    name: '示范区消防救援大队',
    shortName: '区消防大队',
    type: 'fireRescue',
    duties: '消防隐患',
  },
  {
    code: 'D10',
    name: '示范区卫生健康局',
    shortName: '区卫健局',
    type: 'health',
    duties: '医疗卫生、严重精神障碍患者管理',
  },
  {
    code: 'D11',
    name: '示范区文化体育和旅游局',
    shortName: '区文旅局',
    type: 'cultureTourism',
    duties: '文化市场、旅游投诉',
  },
  {
    code: 'D12',
    name: '示范区应急管理局',
    shortName: '区应急局',
    type: 'emergency',
    duties: '安全生产、突发事件',
  },
  {
    code: 'D13',
    name: '示范区住房和城乡建设局',
    shortName: '区住建局',
    type: 'housing',
    duties: '施工管理、物业纠纷、房屋安全',
  },
  {
    code: 'D14',
    name: '示范区人力资源和社会保障局',
    shortName: '区人社局',
    type: 'humanResources',
    duties: '劳动劳资纠纷、欠薪',
  },
  {
    code: 'D15',
    name: '示范区民政局',
    shortName: '区民政局',
    type: 'civilAffairs',
    duties: '社会救助、婚姻登记、社会组织',
  },
  { code: 'D16', name: '示范区教育局', shortName: '区教育局', type: 'education', duties: '校园及周边安全' },
  {
    code: 'D17',
    name: '示范区生态环境分局',
    shortName: '区生态环境分局',
    type: 'ecology',
    duties: '环境污染、噪声',
  },
  {
    code: 'D18',
    name: '示范区交通运输局',
    shortName: '区交通局',
    type: 'transport',
    duties: '道路交通设施、客运',
  },
  { code: 'D19', name: '示范区水利局', shortName: '区水利局', type: 'water', duties: '河道、防汛' },
  {
    code: 'D20',
    name: '示范区自然资源局',
    shortName: '区自然资源局',
    type: 'naturalResources',
    duties: '土地山林、违法用地',
  },
  {
    code: 'D21',
    name: '示范区农业农村局',
    shortName: '区农业农村局',
    type: 'agriculture',
    duties: '农业、农村集体事务',
  },
  {
    code: 'D22',
    name: '示范区社会矛盾纠纷调处化解中心（e体+）',
    shortName: '区矛调中心',
    type: 'mediationCentre',
    duties: '多元化解、专业调解',
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: Role[];
  /** 'district', 'town1', 'town2' or 'grid1' (the first grid of town 1). */
  scope: 'district' | 'town1' | 'town2' | 'grid1';
  department?: string;
  zh: string;
  en: string;
}

export const DEMO_PASSWORD = 'Fengqiao@2026';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'admin',
    displayName: '系统管理员',
    roles: ['admin'],
    scope: 'district',
    zh: '系统管理员：区域、部门、账号',
    en: 'System administrator',
  },
  {
    username: 'secadmin',
    displayName: '安全管理员',
    roles: ['secAdmin'],
    scope: 'district',
    zh: '安全管理员：安全策略、会话、解锁',
    en: 'Security administrator',
  },
  {
    username: 'auditor',
    displayName: '审计管理员',
    roles: ['auditor'],
    scope: 'district',
    zh: '审计管理员：审计日志',
    en: 'Audit administrator',
  },
  {
    username: 'leader',
    displayName: '陈书记',
    roles: ['leader'],
    scope: 'district',
    zh: '区政法委领导：驾驶舱',
    en: 'Political-legal committee leader',
  },
  {
    username: 'dispatcher',
    displayName: '林调度',
    roles: ['dispatcher'],
    scope: 'district',
    department: 'D01',
    zh: '区综治中心调度员',
    en: 'District centre dispatcher',
  },
  {
    username: 'town1',
    displayName: '王调度',
    roles: ['dispatcher'],
    scope: 'town1',
    department: 'T1',
    zh: '东湖街道综治中心调度员',
    en: 'Dispatcher, Donghu street',
  },
  {
    username: 'town2',
    displayName: '李调度',
    roles: ['dispatcher'],
    scope: 'town2',
    department: 'T2',
    zh: '临江街道综治中心调度员',
    en: 'Dispatcher, Linjiang street',
  },
  {
    username: 'dept',
    displayName: '张科长',
    roles: ['departmentOfficer'],
    scope: 'district',
    department: 'D07',
    zh: '区城管局办理人',
    en: 'Officer, urban management bureau',
  },
  {
    username: 'grid',
    displayName: '黄网格',
    roles: ['gridWorker'],
    scope: 'grid1',
    zh: '东湖街道网格员（手机端 /m/）',
    en: 'Grid worker, Donghu street (phone: /m/)',
  },
  {
    username: 'mediator',
    displayName: '郑调解',
    roles: ['mediator'],
    scope: 'district',
    department: 'D22',
    zh: '区矛调中心调解员',
    en: 'Mediator, district centre',
  },
  {
    username: 'judge',
    displayName: '吴法官',
    roles: ['judge'],
    scope: 'district',
    department: 'D04',
    zh: '区法院法官：司法确认',
    en: 'Judge: judicial confirmation',
  },
  {
    username: 'corrections',
    displayName: '周矫正',
    roles: ['correctionsOfficer'],
    scope: 'district',
    department: 'D05',
    zh: '区司法局社区矫正工作人员',
    en: 'Community-corrections officer',
  },
  {
    username: 'resident',
    displayName: '群众小刘',
    roles: ['resident'],
    scope: 'district',
    zh: '群众（手机端 /m/）',
    en: 'Resident (phone: /m/)',
  },
];
