/** Kinds of 职能部门 (issue #2). A town government is the 兜底 department for matters with no clear owner. */
export const DEPARTMENT_TYPES = {
  centre: { zh: '综治中心', en: 'Governance centre' },
  publicSecurity: { zh: '公安', en: 'Public security' },
  procuratorate: { zh: '检察院', en: 'Procuratorate' },
  court: { zh: '法院', en: 'Court' },
  justice: { zh: '司法行政', en: 'Justice bureau' },
  petition: { zh: '信访', en: 'Petitions bureau' },
  urbanManagement: { zh: '城市管理', en: 'Urban management' },
  marketRegulation: { zh: '市场监管', en: 'Market regulation' },
  fireRescue: { zh: '消防救援', en: 'Fire and rescue' },
  health: { zh: '卫生健康', en: 'Health' },
  cultureTourism: { zh: '文化旅游', en: 'Culture and tourism' },
  emergency: { zh: '应急管理', en: 'Emergency management' },
  housing: { zh: '住房建设', en: 'Housing and construction' },
  humanResources: { zh: '人力社保', en: 'Human resources and social security' },
  civilAffairs: { zh: '民政', en: 'Civil affairs' },
  education: { zh: '教育', en: 'Education' },
  ecology: { zh: '生态环境', en: 'Ecology and environment' },
  transport: { zh: '交通运输', en: 'Transport' },
  water: { zh: '水利', en: 'Water resources' },
  naturalResources: { zh: '自然资源', en: 'Natural resources' },
  agriculture: { zh: '农业农村', en: 'Agriculture and rural affairs' },
  mediationCentre: { zh: '矛盾纠纷调处中心', en: 'Dispute resolution centre' },
  townGovernment: { zh: '街镇政府', en: 'Town/street government' },
  other: { zh: '其他', en: 'Other' },
} as const;

export type DepartmentType = keyof typeof DEPARTMENT_TYPES;
export const DEPARTMENT_TYPE_KEYS = Object.keys(DEPARTMENT_TYPES) as DepartmentType[];
