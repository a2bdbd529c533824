/** Enumerations of the registry (一标三实) shared by server and web. */

/** 实有人口 categories (cn_governance.md §2.1: 户籍人口, 流动人口, 留守人口, 境外人口). */
export const RESIDENCE_TYPES = ['registered', 'floating', 'leftBehind', 'foreign'] as const;
export type ResidenceType = (typeof RESIDENCE_TYPES)[number];
export const RESIDENCE_TYPE_LABELS: Record<ResidenceType, { zh: string; en: string }> = {
  registered: { zh: '户籍人口', en: 'Registered resident' },
  floating: { zh: '流动人口', en: 'Floating population' },
  leftBehind: { zh: '留守人口', en: 'Left-behind' },
  foreign: { zh: '境外人口', en: 'Foreign national' },
};

/** 实有房屋 use. */
export const HOUSE_USES = ['selfOccupied', 'rented', 'vacant'] as const;
export type HouseUse = (typeof HOUSE_USES)[number];
export const HOUSE_USE_LABELS: Record<HouseUse, { zh: string; en: string }> = {
  selfOccupied: { zh: '自住', en: 'Owner-occupied' },
  rented: { zh: '出租', en: 'Rented' },
  vacant: { zh: '空置', en: 'Vacant' },
};

/** 实有单位 types (非公有制经济组织和社会组织 are a GB/T 31000 module). */
export const ORG_TYPES = [
  'enterprise',
  'individual',
  'cooperative',
  'socialOrg',
  'institution',
  'government',
  'other',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];
export const ORG_TYPE_LABELS: Record<OrgType, { zh: string; en: string }> = {
  enterprise: { zh: '企业', en: 'Enterprise' },
  individual: { zh: '个体工商户', en: 'Sole trader' },
  cooperative: { zh: '农民专业合作社', en: 'Cooperative' },
  socialOrg: { zh: '社会组织', en: 'Social organisation' },
  institution: { zh: '事业单位', en: 'Public institution' },
  government: { zh: '机关', en: 'Government body' },
  other: { zh: '其他', en: 'Other' },
};

/** Levels of the standard address tree below the grid (一标: 街路巷 → 门牌 → 楼栋 → 单元 → 户室). */
export const ADDRESS_KINDS = ['road', 'doorplate', 'compound', 'building', 'unit', 'room'] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];
export const ADDRESS_KIND_LABELS: Record<AddressKind, { zh: string; en: string }> = {
  road: { zh: '街路巷', en: 'Road' },
  doorplate: { zh: '门牌', en: 'Door number' },
  compound: { zh: '小区', en: 'Compound' },
  building: { zh: '楼栋', en: 'Building' },
  unit: { zh: '单元', en: 'Unit' },
  room: { zh: '户室', en: 'Room' },
};

/** Mainland mobile numbers (11 digits, 1[3-9]x) and fixed lines with area code (0xx-xxxxxxx[x]). */
export function isValidPhone(phone: string): boolean {
  const p = phone.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

export function normalizePhone(phone: string): string {
  return phone
    .normalize('NFKC')
    .replace(/[\s-]/g, '')
    .replace(/^\+?86(?=1)/, '');
}

/** zh-CN / English reasons for a refused ID number (GB 11643, reference/cn_governance.md §6.1). */
export const ID_NUMBER_PROBLEM_LABELS: Record<
  'format' | 'province' | 'birthDate' | 'checkDigit',
  { zh: string; en: string }
> = {
  format: { zh: '应为 18 位（最后一位可为 X）', en: 'must be 18 characters (the last may be X)' },
  province: { zh: '前两位不是有效的省级代码', en: 'the first two digits are not a province code' },
  birthDate: { zh: '出生日期不存在', en: 'the birth date does not exist' },
  checkDigit: { zh: '校验位错误', en: 'wrong check digit' },
};

export const CREDIT_CODE_PROBLEM_LABELS: Record<
  'format' | 'checkDigit' | 'orgCodeCheck',
  { zh: string; en: string }
> = {
  format: { zh: '统一社会信用代码格式不正确', en: 'malformed credit code' },
  checkDigit: {
    zh: '统一社会信用代码校验位不符，请人工核对',
    en: 'credit code check character fails; check by hand',
  },
  orgCodeCheck: {
    zh: '组织机构代码校验位不符，请人工核对',
    en: 'embedded organisation code check fails; check by hand',
  },
};

/** Kinds that may hang under each kind (null = directly under a grid). 一标: 街路巷 → 门牌 → 楼栋 → 单元 → 户室. */
export const ADDRESS_PARENT_KINDS: Record<AddressKind, readonly (AddressKind | null)[]> = {
  road: [null],
  compound: [null, 'road', 'doorplate'],
  doorplate: ['road'],
  building: ['doorplate', 'compound'],
  unit: ['building'],
  room: ['unit', 'building', 'doorplate'],
};
