import {
  ADDRESS_KIND_LABELS,
  DISPUTE_TYPES,
  DISPUTE_WORKFLOW,
  EVENT_WORKFLOW,
  HOUSE_USE_LABELS,
  ORG_TYPE_LABELS,
  RESIDENCE_TYPE_LABELS,
  SPECIAL_GROUP_LABELS,
} from '@fengqiao/domain';
import type { AddressRow, HouseRow, OrgRow, PersonRow, TagRow, VisitRow } from './registry.repo';

/** Answers never carry ciphertext or blind indexes; ID numbers and phones only in masked form. */
export function presentAddress(a: AddressRow) {
  return {
    id: a.id,
    code: a.code,
    parentId: a.parentId,
    kind: a.kind,
    kindLabel: ADDRESS_KIND_LABELS[a.kind],
    name: a.name,
    fullName: a.fullName,
    gridId: a.gridId,
    path: a.regionPath,
    point: a.lng != null && a.lat != null ? [a.lng, a.lat] : null,
    version: a.version,
  };
}

export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

export function presentPerson(p: PersonRow, address: AddressRow | null, today: string) {
  return {
    id: p.id,
    name: p.name,
    idNumber: p.idNumberMasked,
    phone: p.phoneMasked,
    sex: p.sex,
    birthDate: p.birthDate,
    age: ageOn(p.birthDate, today),
    residenceType: p.residenceType,
    residenceTypeLabel: RESIDENCE_TYPE_LABELS[p.residenceType],
    address: address ? { id: address.id, fullName: address.fullName } : { id: p.addressId, fullName: null },
    workplace: p.workplace,
    orgId: p.orgId,
    path: p.regionPath,
    version: p.version,
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentHouse(h: HouseRow, address: AddressRow | null) {
  return {
    id: h.id,
    use: h.use,
    useLabel: HOUSE_USE_LABELS[h.use],
    ownerId: h.ownerId,
    areaM2: h.areaM2,
    address: address ? { id: address.id, fullName: address.fullName } : { id: h.addressId, fullName: null },
    path: h.regionPath,
    version: h.version,
  };
}

export function presentOrg(o: OrgRow, address: AddressRow | null) {
  return {
    id: o.id,
    name: o.name,
    creditCode: o.creditCode,
    creditCodeWarning: o.creditCodeWarning,
    type: o.type,
    typeLabel: ORG_TYPE_LABELS[o.type],
    legalRep: o.legalRep,
    address: address ? { id: address.id, fullName: address.fullName } : { id: o.addressId, fullName: null },
    path: o.regionPath,
    version: o.version,
  };
}

export function presentTag(t: TagRow) {
  return {
    id: t.id,
    personId: t.personId,
    tag: t.tag,
    tagLabel: SPECIAL_GROUP_LABELS[t.tag],
    data: t.data,
    visitEveryDays: t.visitEveryDays,
    since: t.since,
    endedOn: t.endedOn,
    lastVisitOn: t.lastVisitOn,
    path: t.regionPath,
    version: t.version,
  };
}

export function presentVisit(v: VisitRow) {
  return {
    id: v.id,
    tagId: v.tagId,
    personId: v.personId,
    visitedAt: v.visitedAt.toISOString(),
    point: v.lng != null && v.lat != null ? [v.lng, v.lat] : null,
    findings: v.findings,
    anomaly: v.anomaly,
    eventId: v.eventId,
    visitorName: v.visitorName,
    path: v.regionPath,
  };
}

/** An event a person reported, as the 360 view lists it (no reporter data). */
export function presentPersonEvent(e: {
  id: number;
  ref: string;
  state: string;
  categoryCode: string;
  description: string;
  createdAt: Date;
}) {
  const state = EVENT_WORKFLOW.states[e.state as keyof typeof EVENT_WORKFLOW.states];
  return {
    id: e.id,
    ref: e.ref,
    state: e.state,
    stateLabel: state?.label ?? { zh: e.state, en: e.state },
    categoryCode: e.categoryCode,
    summary: [...e.description].slice(0, 60).join(''),
    createdAt: e.createdAt.toISOString(),
  };
}

/** A dispute a person is a party of, as the 360 view lists it. */
export function presentPersonDispute(d: {
  id: number;
  refNo: string;
  title: string;
  type: string;
  state: string;
  role: string;
  createdAt: Date;
}) {
  const state = (DISPUTE_WORKFLOW.states as Record<string, { label: { zh: string; en: string } }>)[d.state];
  const type = DISPUTE_TYPES.find((t) => t.code === d.type);
  return {
    id: d.id,
    refNo: d.refNo,
    title: d.title,
    type: d.type,
    typeLabel: type ? { zh: type.zh, en: type.en } : { zh: d.type, en: d.type },
    state: d.state,
    stateLabel: state?.label ?? { zh: d.state, en: d.state },
    role: d.role,
    createdAt: d.createdAt.toISOString(),
  };
}
