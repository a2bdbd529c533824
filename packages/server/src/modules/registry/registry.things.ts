/** Names of registry objects in messages, in both languages. */
export const RT = {
  person: { zh: '人员', en: 'Person' },
  address: { zh: '标准地址', en: 'Standard address' },
  house: { zh: '房屋', en: 'House' },
  organisation: { zh: '单位', en: 'Organisation' },
  tag: { zh: '特殊人群标签', en: 'Special-population tag' },
  import: { zh: '导入任务', en: 'Import' },
  region: { zh: '区域', en: 'Region' },
} as const;
