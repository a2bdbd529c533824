import { maskIdNumber, maskPhone, type Party, parseCreditCode, parseIdNumber } from '@fengqiao/domain';
import { AppError } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { PartyRow } from './disputes.repo';

/** A party as the API takes it. */
export type PartyInput =
  | {
      kind: 'person';
      role: string;
      name: string;
      sex?: '男' | '女' | undefined;
      idNumber?: string | undefined;
      phone?: string | undefined;
      address?: string | undefined;
      userId?: number | undefined;
    }
  | {
      kind: 'organisation';
      role: string;
      name: string;
      creditCode?: string | undefined;
      representative: string;
      phone?: string | undefined;
      address?: string | undefined;
    };

/** `福建省厦门市思明区…` → `福建省厦门***`: enough to recognise, not to find the door. */
export function maskAddress(a: string): string {
  const chars = [...a];
  return chars.length <= 6 ? `${chars.slice(0, 2).join('')}***` : `${chars.slice(0, 6).join('')}***`;
}

/**
 * Checks every party before anything is written (a bad ID number anywhere → 400, nothing saved):
 * GB 11643 for people, GB 32100 for organisations. Returns the normalised values.
 */
export function validateParties(parties: PartyInput[], today: Date): PartyInput[] {
  return parties.map((p) => {
    if (p.kind === 'person' && p.idNumber) {
      const r = parseIdNumber(p.idNumber, today);
      if (!r.ok) throw new AppError('DISPUTE_ID_NUMBER_INVALID', { name: p.name }, { problem: r.problem });
      const sex = r.info.sex === 'male' ? '男' : '女';
      return { ...p, idNumber: r.info.value, sex: p.sex ?? sex };
    }
    if (p.kind === 'organisation' && p.creditCode) {
      const r = parseCreditCode(p.creditCode);
      if (!r.ok) throw new AppError('DISPUTE_CREDIT_CODE_INVALID', { name: p.name }, { problem: r.problem });
      return { ...p, creditCode: r.value };
    }
    return p;
  });
}

/** Row values with personal data encrypted and masked. */
export function partyRow(pii: PiiCipher, p: PartyInput, seq: number) {
  const id = p.kind === 'person' ? p.idNumber : undefined;
  return {
    seq,
    role: p.role,
    kind: p.kind,
    name: p.name,
    sex: p.kind === 'person' ? (p.sex ?? null) : null,
    idNumberEnc: id ? pii.encrypt(id) : null,
    idNumberMasked: id ? maskIdNumber(id) : null,
    idNumberIndex: id ? pii.blindIndex(id, 'idNumber') : null,
    creditCode: p.kind === 'organisation' ? (p.creditCode ?? null) : null,
    representative: p.kind === 'organisation' ? p.representative : null,
    phoneEnc: p.phone ? pii.encrypt(p.phone) : null,
    phoneMasked: p.phone ? maskPhone(p.phone) : null,
    addressEnc: p.address ? pii.encrypt(p.address) : null,
    addressMasked: p.address ? maskAddress(p.address) : null,
    userId: p.kind === 'person' ? (p.userId ?? null) : null,
  };
}

/** As lists and pages show a party: masked unless `unmask` (an audited right). */
export function presentParty(pii: PiiCipher, r: PartyRow, unmask: boolean) {
  return {
    id: r.id,
    seq: r.seq,
    role: r.role,
    kind: r.kind,
    name: r.name,
    sex: r.sex,
    idNumber: unmask && r.idNumberEnc ? pii.decrypt(r.idNumberEnc) : r.idNumberMasked,
    creditCode: r.creditCode,
    representative: r.representative,
    phone: unmask && r.phoneEnc ? pii.decrypt(r.phoneEnc) : r.phoneMasked,
    address: unmask && r.addressEnc ? pii.decrypt(r.addressEnc) : r.addressMasked,
    masked: !unmask,
  };
}

/** The party as documents describe it (full data: documents are issued to the parties themselves). */
export function documentParty(pii: PiiCipher, r: PartyRow): Party {
  const address = r.addressEnc ? pii.decrypt(r.addressEnc) : '';
  const phone = r.phoneEnc ? pii.decrypt(r.phoneEnc) : undefined;
  if (r.kind === 'organisation')
    return {
      kind: 'organisation',
      role: r.role,
      name: r.name,
      ...(r.creditCode ? { creditCode: r.creditCode } : {}),
      representative: r.representative ?? '',
      address,
      ...(phone ? { phone } : {}),
    };
  return {
    kind: 'person',
    role: r.role,
    name: r.name,
    ...(r.sex === '男' || r.sex === '女' ? { sex: r.sex } : {}),
    ...(r.idNumberEnc ? { idNumber: pii.decrypt(r.idNumberEnc) } : {}),
    address,
    ...(phone ? { phone } : {}),
  };
}
