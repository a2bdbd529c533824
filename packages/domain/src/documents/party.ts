import { z } from 'zod';
import { chineseDate } from './model';

/** A party to a dispute as documents describe it: a person or an organisation. */
export const partySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    role: z.string().min(1).max(16),
    name: z.string().min(1).max(64),
    sex: z.enum(['男', '女']).optional(),
    ethnicity: z.string().max(16).optional(),
    birthDate: z.iso.date().optional(),
    idNumber: z.string().max(32).optional(),
    address: z.string().min(1).max(200),
    phone: z.string().max(32).optional(),
  }),
  z.object({
    kind: z.literal('organisation'),
    role: z.string().min(1).max(16),
    name: z.string().min(1).max(128),
    creditCode: z.string().max(32).optional(),
    representative: z.string().min(1).max(64),
    representativeTitle: z.string().max(32).optional(),
    address: z.string().min(1).max(200),
    phone: z.string().max(32).optional(),
  }),
]);
export type Party = z.infer<typeof partySchema>;

/** "申请人：张三，男，汉族，1980年1月1日出生，公民身份号码…，住…，联系电话…。" */
export function describeParty(p: Party): [string, string] {
  const parts: string[] = [p.name];
  if (p.kind === 'person') {
    if (p.sex) parts.push(p.sex);
    if (p.ethnicity) parts.push(p.ethnicity);
    if (p.birthDate) parts.push(`${chineseDate(p.birthDate)}出生`);
    if (p.idNumber) parts.push(`公民身份号码${p.idNumber}`);
    parts.push(`住${p.address}`);
  } else {
    if (p.creditCode) parts.push(`统一社会信用代码${p.creditCode}`);
    parts.push(`住所地${p.address}`);
    parts.push(`${p.representativeTitle ?? '法定代表人'}${p.representative}`);
  }
  if (p.phone) parts.push(`联系电话${p.phone}`);
  return [p.role, `${parts.join('，')}。`];
}
