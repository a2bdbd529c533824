import { elementName } from './address-normalize';
import { parseCreditCode } from './credit-code';
import { parseIdNumber } from './id-number';
import {
  CREDIT_CODE_PROBLEM_LABELS,
  HOUSE_USE_LABELS,
  HOUSE_USES,
  type HouseUse,
  ID_NUMBER_PROBLEM_LABELS,
  isValidPhone,
  normalizePhone,
  ORG_TYPE_LABELS,
  ORG_TYPES,
  type OrgType,
  RESIDENCE_TYPE_LABELS,
  RESIDENCE_TYPES,
  type ResidenceType,
} from './registry-types';

/**
 * Import columns per entity: the field, its zh-CN label (the template header), the header spellings
 * offices use, and whether it is required. A file's header is mapped to fields by these aliases unless
 * the user gives a mapping.
 */
export interface ImportColumn {
  field: string;
  label: string;
  aliases: readonly string[];
  required: boolean;
}

export const IMPORT_ENTITIES = ['people', 'organisations', 'houses', 'addresses'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export const IMPORT_COLUMNS: Record<ImportEntity, readonly ImportColumn[]> = {
  people: [
    { field: 'name', label: '姓名', aliases: ['姓名', '名字', 'name', '人员姓名'], required: true },
    {
      field: 'idNumber',
      label: '身份证号',
      aliases: ['身份证号', '身份证号码', '公民身份号码', '证件号码', 'idnumber', 'id_number'],
      required: true,
    },
    {
      field: 'phone',
      label: '联系电话',
      aliases: ['联系电话', '电话', '手机', '手机号', '手机号码', 'phone'],
      required: false,
    },
    {
      field: 'residenceType',
      label: '人口类型',
      aliases: ['人口类型', '户籍类型', '人员类别', 'residencetype'],
      required: false,
    },
    {
      field: 'address',
      label: '居住地址',
      aliases: ['居住地址', '现住址', '地址', '标准地址', '住址', 'address'],
      required: true,
    },
    {
      field: 'workplace',
      label: '工作单位',
      aliases: ['工作单位', '服务处所', '单位', 'workplace'],
      required: false,
    },
  ],
  organisations: [
    { field: 'name', label: '单位名称', aliases: ['单位名称', '名称', '企业名称', 'name'], required: true },
    {
      field: 'creditCode',
      label: '统一社会信用代码',
      aliases: ['统一社会信用代码', '信用代码', 'creditcode'],
      required: false,
    },
    { field: 'type', label: '单位类型', aliases: ['单位类型', '类型', '类别', 'type'], required: false },
    {
      field: 'legalRep',
      label: '法定代表人',
      aliases: ['法定代表人', '法人', '负责人', 'legalrep'],
      required: false,
    },
    {
      field: 'address',
      label: '单位地址',
      aliases: ['单位地址', '地址', '经营地址', '住所', 'address'],
      required: true,
    },
  ],
  houses: [
    {
      field: 'address',
      label: '房屋地址',
      aliases: ['房屋地址', '地址', '标准地址', 'address'],
      required: true,
    },
    {
      field: 'use',
      label: '房屋用途',
      aliases: ['房屋用途', '居住类型', '使用情况', '用途', 'use'],
      required: true,
    },
    {
      field: 'ownerIdNumber',
      label: '房主身份证号',
      aliases: ['房主身份证号', '产权人身份证号', '房主证件号码'],
      required: false,
    },
    {
      field: 'areaM2',
      label: '面积',
      aliases: ['面积', '建筑面积', '面积（平方米）', 'area'],
      required: false,
    },
  ],
  addresses: [
    { field: 'gridCode', label: '网格编码', aliases: ['网格编码', '网格代码', 'gridcode'], required: false },
    { field: 'road', label: '街路巷', aliases: ['街路巷', '道路', '街路巷名称', 'road'], required: true },
    { field: 'doorplate', label: '门牌号', aliases: ['门牌号', '门牌', 'doorplate'], required: true },
    { field: 'building', label: '楼栋', aliases: ['楼栋', '楼栋号', '幢', 'building'], required: false },
    { field: 'unit', label: '单元', aliases: ['单元', '单元号', 'unit'], required: false },
    { field: 'room', label: '户室', aliases: ['户室', '室', '房号', 'room'], required: false },
    { field: 'lng', label: '经度', aliases: ['经度', 'lng', 'longitude', 'x'], required: false },
    { field: 'lat', label: '纬度', aliases: ['纬度', 'lat', 'latitude', 'y'], required: false },
  ],
};

/** Excel keeps 15 significant digits; an 18-digit ID typed into a numeric cell cannot be recovered. */
export const EXCEL_NUMBER_REASON =
  '身份证号被 Excel 存成了数字（后几位已丢失），请将该列设为文本格式后重新导出';

const norm = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();

/**
 * Maps a header row to fields. `explicit` (field → header text) wins over aliases. Returns the column
 * index of each field and the labels of required fields that are missing.
 */
export function mapHeader(
  entity: ImportEntity,
  header: readonly string[],
  explicit: Record<string, string> = {},
): { index: Record<string, number>; missing: string[]; unknownMapping: string[] } {
  const cells = header.map(norm);
  const index: Record<string, number> = {};
  const unknownMapping: string[] = [];
  for (const col of IMPORT_COLUMNS[entity]) {
    const want = explicit[col.field];
    if (want !== undefined) {
      const i = cells.indexOf(norm(want));
      if (i < 0) unknownMapping.push(want);
      else index[col.field] = i;
      continue;
    }
    const i = cells.findIndex((c) => col.aliases.some((a) => norm(a) === c));
    if (i >= 0) index[col.field] = i;
  }
  const missing = IMPORT_COLUMNS[entity]
    .filter((c) => c.required && index[c.field] === undefined)
    .map((c) => c.label);
  return { index, missing, unknownMapping };
}

export interface RowIssue {
  column: string;
  severity: 'error' | 'warning';
  reason: string;
}

function byLabel<T extends string>(
  value: string,
  values: readonly T[],
  labels: Record<T, { zh: string }>,
): T | null {
  const v = value.trim();
  if ((values as readonly string[]).includes(v)) return v as T;
  for (const k of values) if (labels[k].zh === v || labels[k].zh.startsWith(v)) return k;
  return null;
}

const RESIDENCE_ALIASES: Record<string, ResidenceType> = {
  户籍: 'registered',
  流动: 'floating',
  暂住: 'floating',
  留守: 'leftBehind',
  境外: 'foreign',
};
const USE_ALIASES: Record<string, HouseUse> = {
  自住: 'selfOccupied',
  出租: 'rented',
  空置: 'vacant',
  闲置: 'vacant',
};

export interface PersonRowValue {
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  birthDate: string;
  phone: string | null;
  residenceType: ResidenceType;
  address: string;
  workplace: string | null;
}

/**
 * Checks one person row. ID numbers failing GB 11643 are rejected (cn_governance.md §6.1); a bad phone is
 * rejected too (it would be stored and used to call). Each problem names its column in zh-CN.
 */
export function checkPersonRow(
  get: (field: string) => string,
  today?: Date,
): { value: PersonRowValue | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const name = get('name').trim();
  if (!name) issues.push({ column: '姓名', severity: 'error', reason: '姓名为空' });
  else if ([...name].length > 50) issues.push({ column: '姓名', severity: 'error', reason: '姓名过长' });
  const rawId = get('idNumber').trim();
  const id = parseIdNumber(rawId, today);
  if (!rawId) issues.push({ column: '身份证号', severity: 'error', reason: '身份证号为空' });
  else if (rawId.startsWith('#NUMBER:'))
    issues.push({ column: '身份证号', severity: 'error', reason: EXCEL_NUMBER_REASON });
  else if (!id.ok)
    issues.push({
      column: '身份证号',
      severity: 'error',
      reason: `身份证号${ID_NUMBER_PROBLEM_LABELS[id.problem].zh}`,
    });
  const rawPhone = get('phone').trim();
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (phone && !isValidPhone(phone))
    issues.push({ column: '联系电话', severity: 'error', reason: `电话号码“${rawPhone}”格式不正确` });
  const rawType = get('residenceType').trim();
  let residenceType: ResidenceType = 'registered';
  if (rawType) {
    const t =
      byLabel(rawType, RESIDENCE_TYPES, RESIDENCE_TYPE_LABELS) ??
      RESIDENCE_ALIASES[rawType.replace(/人口|人员$/, '')] ??
      null;
    if (!t)
      issues.push({
        column: '人口类型',
        severity: 'error',
        reason: `人口类型“${rawType}”无法识别（户籍/流动/留守/境外）`,
      });
    else residenceType = t;
  }
  const address = get('address').trim();
  if (!address) issues.push({ column: '居住地址', severity: 'error', reason: '居住地址为空' });
  if (issues.some((i) => i.severity === 'error') || !id.ok) return { value: null, issues };
  return {
    value: {
      name,
      idNumber: id.info.value,
      sex: id.info.sex,
      birthDate: id.info.birthDate,
      phone,
      residenceType,
      address,
      workplace: get('workplace').trim() || null,
    },
    issues,
  };
}

export interface OrgRowValue {
  name: string;
  creditCode: string | null;
  creditCodeWarning: string | null;
  type: OrgType;
  legalRep: string | null;
  address: string;
}

/** Checks one organisation row: a credit code failing GB 32100 is kept with a warning (§6.2), not rejected. */
export function checkOrgRow(get: (field: string) => string): {
  value: OrgRowValue | null;
  issues: RowIssue[];
} {
  const issues: RowIssue[] = [];
  const name = get('name').trim();
  if (!name) issues.push({ column: '单位名称', severity: 'error', reason: '单位名称为空' });
  const rawCode = get('creditCode').trim();
  const cc = rawCode ? parseCreditCode(rawCode) : null;
  let warning: string | null = null;
  if (cc && !cc.ok) {
    warning = CREDIT_CODE_PROBLEM_LABELS[cc.problem].zh;
    issues.push({ column: '统一社会信用代码', severity: 'warning', reason: warning });
  }
  const rawType = get('type').trim();
  let type: OrgType = 'enterprise';
  if (rawType) {
    const t = byLabel(rawType, ORG_TYPES, ORG_TYPE_LABELS);
    if (!t) issues.push({ column: '单位类型', severity: 'error', reason: `单位类型“${rawType}”无法识别` });
    else type = t;
  }
  const address = get('address').trim();
  if (!address) issues.push({ column: '单位地址', severity: 'error', reason: '单位地址为空' });
  if (issues.some((i) => i.severity === 'error')) return { value: null, issues };
  return {
    value: {
      name,
      creditCode: cc?.value ?? null,
      creditCodeWarning: warning,
      type,
      legalRep: get('legalRep').trim() || null,
      address,
    },
    issues,
  };
}

export interface HouseRowValue {
  address: string;
  use: HouseUse;
  ownerIdNumber: string | null;
  areaM2: number | null;
}

export function checkHouseRow(get: (field: string) => string): {
  value: HouseRowValue | null;
  issues: RowIssue[];
} {
  const issues: RowIssue[] = [];
  const address = get('address').trim();
  if (!address) issues.push({ column: '房屋地址', severity: 'error', reason: '房屋地址为空' });
  const rawUse = get('use').trim();
  const use = byLabel(rawUse, HOUSE_USES, HOUSE_USE_LABELS) ?? USE_ALIASES[rawUse] ?? null;
  if (!use)
    issues.push({
      column: '房屋用途',
      severity: 'error',
      reason: `房屋用途“${rawUse}”无法识别（自住/出租/空置）`,
    });
  const rawOwner = get('ownerIdNumber').trim();
  const owner = rawOwner ? parseIdNumber(rawOwner) : null;
  if (owner && !owner.ok)
    issues.push({
      column: '房主身份证号',
      severity: 'error',
      reason: `房主身份证号${ID_NUMBER_PROBLEM_LABELS[owner.problem].zh}`,
    });
  const rawArea = get('areaM2').trim();
  const area = rawArea ? Number(rawArea.replace(/(平方米|㎡|m2)$/i, '')) : null;
  if (area !== null && !(area > 0 && area < 100_000))
    issues.push({ column: '面积', severity: 'error', reason: `面积“${rawArea}”不是有效数字` });
  if (issues.length || !use) return { value: null, issues };
  return {
    value: { address, use, ownerIdNumber: owner?.ok ? owner.info.value : null, areaM2: area },
    issues,
  };
}

export interface AddressRowValue {
  gridCode: string | null;
  road: string;
  /** Standard element names (`12号`, `3栋`, `2单元`, `301室`); null where the row stops. */
  doorplate: string;
  building: string | null;
  unit: string | null;
  room: string | null;
  point: [number, number] | null;
}

/**
 * Checks one standard-address row (一标, GA/T 2000.32 elements down to the room; cn_governance.md §2.2):
 * a road and a doorplate always; a unit only inside a building; a point both coordinates or neither.
 * The grid comes from the grid code, else from the point, else from the doorplate already registered
 * (the service decides that last case, it needs the data).
 */
export function checkAddressRow(get: (field: string) => string): {
  value: AddressRowValue | null;
  issues: RowIssue[];
} {
  const issues: RowIssue[] = [];
  const road = get('road').normalize('NFKC').replace(/\s+/g, '');
  if (!road) issues.push({ column: '街路巷', severity: 'error', reason: '街路巷为空' });
  else if (!/(大道|路|街|巷|弄|道|村|组)$/.test(road))
    issues.push({
      column: '街路巷',
      severity: 'error',
      reason: `街路巷“${road}”应以路、街、巷、弄或大道结尾`,
    });
  const part = (field: string, column: string, kind: string, re: RegExp) => {
    const raw = get(field).trim();
    if (!raw) return null;
    const name = elementName(kind, raw);
    if (!re.test(name)) {
      issues.push({ column, severity: 'error', reason: `${column}“${raw}”格式不正确` });
      return null;
    }
    return name;
  };
  const doorplate = part('doorplate', '门牌号', 'doorplate', /^\d+(-\d+)?号$/);
  if (!get('doorplate').trim()) issues.push({ column: '门牌号', severity: 'error', reason: '门牌号为空' });
  const building = part('building', '楼栋', 'building', /^[A-Z\d]+(-\d+)?栋$/);
  const unit = part('unit', '单元', 'unit', /^\d+单元$/);
  const room = part('room', '户室', 'room', /^[A-Z]?\d+室$/);
  if (unit && !building) issues.push({ column: '单元', severity: 'error', reason: '有单元时必须写明楼栋' });
  const rawLng = get('lng').trim();
  const rawLat = get('lat').trim();
  let point: [number, number] | null = null;
  if (rawLng || rawLat) {
    const lng = Number(rawLng);
    const lat = Number(rawLat);
    // Mainland China lies within these bounds (a sanity check, not a boundary).
    if (!rawLng || !rawLat || !(lng >= 73 && lng <= 136) || !(lat >= 3 && lat <= 54))
      issues.push({ column: '经度', severity: 'error', reason: `坐标“${rawLng},${rawLat}”不是有效的经纬度` });
    else point = [lng, lat];
  }
  const gridCode = get('gridCode').trim() || null;
  if (gridCode && !/^\d{12,18}$/.test(gridCode))
    issues.push({ column: '网格编码', severity: 'error', reason: `网格编码“${gridCode}”格式不正确` });
  if (issues.some((i) => i.severity === 'error') || !doorplate) return { value: null, issues };
  return { value: { gridCode, road, doorplate, building, unit, room, point }, issues };
}
