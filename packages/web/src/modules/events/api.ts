import type { AttachmentView, CaseAction, CaseClock } from '@/modules/cases/types';
import { api, type Query } from '@/shared/api/client';
import type { Bilingual } from '@/shared/api/types';

export interface EventItem {
  id: number;
  ref: string;
  state: string;
  stateLabel: Bilingual;
  stateTone: 'primary' | 'success' | 'warning' | 'danger' | 'info';
  version: number;
  categoryCode: string;
  categoryName: string;
  categoryNameEn: string;
  description: string;
  address: string;
  lng: number;
  lat: number;
  regionPath: string;
  channel: string;
  urgent: boolean;
  reporterName: string | null;
  reporterPhone: string | null;
  departmentId: number | null;
  departmentName: string | null;
  assisting: { id: number; name: string }[];
  routedDepartmentId: number | null;
  routedDepartmentName: string | null;
  routedBy: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  finishedAt: string | null;
  mergedInto: number | null;
  onsite: { userId: number; requestedAt: string | null; arrivedAt: string | null } | null;
}

export interface EventDetail extends EventItem {
  actions: CaseAction[];
  clocks: CaseClock[];
  duplicates: {
    id: number;
    state: string;
    description: string;
    address: string;
    distanceM: number;
    similarity: number;
    createdAt: string;
  }[];
  whistles: {
    id: number;
    state: string;
    departmentId: number;
    note: string;
    dueAt: string | null;
    overdue: boolean;
  }[];
  supervisions: {
    id: number;
    state: string;
    level: string;
    levelLabel: Bilingual;
    requirement: string;
    answer: string | null;
    departmentId: number | null;
    dueAt: string | null;
    overdue: boolean;
  }[];
  timeline: {
    id: number;
    action: string;
    actionLabel: Bilingual;
    actorName: string;
    comment: string | null;
    files: AttachmentView[];
    occurredAt: string;
  }[];
}

export interface Category {
  code: string;
  name: string;
  nameEn: string;
  parent: string | null;
  group: string;
  limitValue: number;
  limitUnit: string;
  photoRequired: boolean;
  urgent: boolean;
}

export type Counters = Record<string, number>;
export type Rates = Record<string, number | null>;
export interface StatsRow {
  key: string;
  label: string;
  counters: Counters;
  rates: Rates;
}
export interface Stats {
  from: string;
  to: string;
  groupBy: string;
  rows: StatsRow[];
  total: { counters: Counters; rates: Rates };
}

export interface ReportBody {
  categoryCode: string;
  description: string;
  address?: string;
  lng: number;
  lat: number;
  attachments?: number[];
  reporterName?: string;
  reporterPhone?: string;
  channel?: 'grid' | 'app' | 'hotline' | 'console';
}

export interface PublicReportBody {
  categoryCode: string;
  description: string;
  address?: string;
  lng: number;
  lat: number;
  reporterName: string;
  reporterPhone: string;
}

export const eventsApi = {
  categories: () => api.get<Category[]>('/api/v1/event-categories'),
  queue: (q: Query) => api.get<{ items: EventItem[]; nextCursor: number | null }>('/api/v1/events', q),
  detail: (id: number) => api.get<EventDetail>(`/api/v1/events/${id}`),
  inbox: (tab: string) =>
    api.get<{ items: EventItem[]; counts: { new: number; doing: number; overdue: number } }>(
      '/api/v1/events/inbox',
      { tab },
    ),
  bulk: (body: {
    action: 'accept' | 'dispatch';
    ids: number[];
    departmentId?: number;
    assisting?: number[];
  }) =>
    api.post<{ results: { id: number; ok: boolean; error?: { code: string } }[] }>(
      '/api/v1/events/bulk',
      body,
      { idempotencyKey: true },
    ),
  dispatch: (
    id: number,
    body: { departmentId: number; assisting?: number[]; comment?: string; action?: string },
  ) => api.post<EventItem>(`/api/v1/events/${id}/dispatch`, body, { idempotencyKey: true }),
  merge: (id: number, intoId: number) =>
    api.post(`/api/v1/events/${id}/merge`, { intoId }, { idempotencyKey: true }),
  whistle: (id: number, body: { departmentIds: number[]; limitHours: number; note: string }) =>
    api.post(`/api/v1/events/${id}/whistles`, body, { idempotencyKey: true }),
  supervise: (id: number, body: { level: string; requirement: string; limitDays: number }) =>
    api.post(`/api/v1/events/${id}/supervisions`, body, { idempotencyKey: true }),
  nearest: (id: number) =>
    api.get<
      { userId: number | null; name: string; gridName: string; distanceM: number | null; sameGrid: boolean }[]
    >(`/api/v1/events/${id}/nearest-workers`),
  onsite: (id: number, userId: number) =>
    api.post(`/api/v1/events/${id}/onsite`, { userId }, { idempotencyKey: true }),
  arrive: (id: number) =>
    api.post<{ minutes: number }>(`/api/v1/events/${id}/arrive`, {}, { idempotencyKey: true }),
  extend: (id: number, body: { clock: string; amount: number; unit: string; reason: string }) =>
    api.post(`/api/v1/cases/event/${id}/extensions`, body, { idempotencyKey: true }),
  stats: (q: Query) => api.get<Stats>('/api/v1/events/stats', q),
  transition: (id: number, body: { action: string; comment?: string; attachments?: number[] }) =>
    api.post(`/api/v1/cases/event/${id}/transitions`, body, { idempotencyKey: true }),
  report: (body: ReportBody, idempotencyKey: string) =>
    api.post<{ event: EventItem; trackingCode: string | null; duplicates: unknown[] }>(
      '/api/v1/events',
      body,
      { idempotencyKey },
    ),
  position: (lng: number, lat: number, accuracyM?: number) =>
    api.post('/api/v1/me/position', { lng, lat, accuracyM }),
  publicReport: (
    body: PublicReportBody & { photos: { id: number; token: string }[] },
    idempotencyKey: string,
  ) =>
    api.post<{ trackingCode: string; ref: string; stateLabel: Bilingual }>('/api/v1/public/events', body, {
      idempotencyKey,
    }),
  follow: (code: string, phone: string) =>
    api.post<PublicEvent>(`/api/v1/public/events/${code}/follow`, { phone }),
  rate: (code: string, body: { phone: string; satisfaction: string; resolved: boolean; comment?: string }) =>
    api.post<{ state: string }>(`/api/v1/public/events/${code}/rate`, body, { idempotencyKey: true }),
};

export interface PublicEvent {
  ref: string;
  state: string;
  stateLabel: Bilingual;
  categoryName: string;
  categoryNameEn: string;
  description: string;
  address: string;
  createdAt: string;
  departmentName: string | null;
  canRate: boolean;
  satisfaction: string | null;
  kept: PublicEvent | null;
  timeline: { actionLabel: Bilingual; toLabel: Bilingual; comment: string | null; occurredAt: string }[];
}

export const CHANNELS = ['grid', 'app', 'hotline', 'console', 'police110', 'iot', 'open311'] as const;
export const FILTER_STATES = [
  'reported',
  'accepted',
  'dispatched',
  'handling',
  'feedback',
  'verified',
  'suspended',
  'closed',
  'reopenRequested',
  'rated',
  'cancelled',
  'merged',
  'transferred',
] as const;

/** A category's name in the reader's language (English names are data in the catalogue). */
export const categoryName = (c: { name: string; nameEn?: string }, lang: string) =>
  lang === 'en' && c.nameEn ? c.nameEn : c.name;
/** An event's category name in the reader's language. */
export const eventCategory = (e: { categoryName: string; categoryNameEn?: string }, lang: string) =>
  lang === 'en' && e.categoryNameEn ? e.categoryNameEn : e.categoryName;

/** The server's message (already in the user's language) for a failed call. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
