import { EVENT_WORKFLOW, type EventState } from '@fengqiao/domain';
import type { EventRow } from './events.repo';
import { eventRef } from './events.service';

export interface EventLabels {
  categories: Map<string, { name: string; nameEn: string }>;
  departments: Map<number, string>;
}

/** An event as lists and pages show it: the reporter's phone only masked. */
export function presentEvent(r: EventRow, l: EventLabels) {
  const state = EVENT_WORKFLOW.states[r.state as EventState];
  return {
    id: r.id,
    ref: eventRef(r.id, r.createdAt),
    state: r.state,
    stateLabel: state?.label ?? { zh: r.state, en: r.state },
    stateTone: state?.tone ?? 'info',
    version: r.version,
    categoryCode: r.categoryCode,
    categoryName: l.categories.get(r.categoryCode)?.name ?? r.categoryCode,
    categoryNameEn: l.categories.get(r.categoryCode)?.nameEn ?? r.categoryCode,
    description: r.description,
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    regionPath: r.regionPath,
    gridId: r.gridId,
    channel: r.channel,
    urgent: r.urgent,
    reporterId: r.reporterId,
    reporterName: r.reporterName,
    reporterPhone: r.reporterPhoneMasked,
    departmentId: r.assigneeDepartmentId,
    departmentName: r.assigneeDepartmentId ? (l.departments.get(r.assigneeDepartmentId) ?? null) : null,
    assisting: r.assistingDepartmentIds.map((id) => ({ id, name: l.departments.get(id) ?? String(id) })),
    routedDepartmentId: r.routedDepartmentId,
    routedDepartmentName: r.routedDepartmentId ? (l.departments.get(r.routedDepartmentId) ?? null) : null,
    routedBy: r.routedBy,
    dueAt: r.dueAt?.toISOString() ?? null,
    overdue: r.overdue,
    createdAt: r.createdAt.toISOString(),
    dispatchedAt: r.dispatchedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    returnedCount: r.returnedCount,
    reworkCount: r.reworkCount,
    satisfaction: r.satisfaction,
    mergedInto: r.mergedInto,
    link: r.linkKind ? { kind: r.linkKind, id: r.linkId, ref: r.linkRef } : null,
    onsite: r.onsiteUserId
      ? {
          userId: r.onsiteUserId,
          requestedAt: r.onsiteRequestedAt?.toISOString() ?? null,
          arrivedAt: r.onsiteArrivedAt?.toISOString() ?? null,
        }
      : null,
  };
}

/** What the resident sees on the tracking page: no other person's details. */
export function presentPublicEvent(r: EventRow, l: EventLabels) {
  const state = EVENT_WORKFLOW.states[r.state as EventState];
  return {
    ref: eventRef(r.id, r.createdAt),
    state: r.state,
    stateLabel: state?.label ?? { zh: r.state, en: r.state },
    categoryName: l.categories.get(r.categoryCode)?.name ?? r.categoryCode,
    categoryNameEn: l.categories.get(r.categoryCode)?.nameEn ?? r.categoryCode,
    description: r.description,
    address: r.address,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    departmentName: r.assigneeDepartmentId ? (l.departments.get(r.assigneeDepartmentId) ?? null) : null,
    canRate: r.state === 'closed',
    satisfaction: r.satisfaction,
  };
}
