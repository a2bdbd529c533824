import type { Bilingual } from '@/shared/api/types';

export interface AttachmentView {
  id: number;
  name: string;
  mime: string;
  kind: 'image' | 'pdf' | 'office';
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  url: string;
  thumbnailUrl: string | null;
  attachedTo: { kind: string; id: number } | null;
  createdAt: string;
}

export interface TimelineEntry {
  id: number;
  action: string;
  actionLabel: Bilingual;
  fromState: string | null;
  fromLabel: Bilingual | null;
  toState: string;
  toLabel: Bilingual;
  actorId: number | null;
  actorName: string;
  actorRole: string;
  comment: string | null;
  data: Record<string, unknown>;
  files: AttachmentView[];
  occurredAt: string;
}

export type FieldSpec = { label: Bilingual; required?: boolean } & (
  | { type: 'text'; maxLength?: number; multiline?: boolean }
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'datetime' }
  | { type: 'boolean' }
  | { type: 'select'; options: { value: string; label: Bilingual }[] }
  | { type: 'userId' }
  | { type: 'departmentId' }
  | { type: 'duration' }
);

export interface CaseAction {
  action: string;
  label: Bilingual;
  to: string;
  toLabel: Bilingual;
  style: 'primary' | 'success' | 'warning' | 'danger' | 'default';
  confirm: Bilingual | null;
  requires: { comment: boolean; attachments: number; fields: Record<string, FieldSpec> };
}

export interface CaseClock {
  id: number;
  name: string;
  label: Bilingual;
  status: 'running' | 'paused' | 'stopped';
  basis: 'working' | 'calendar';
  dueAt: string;
  remainingMs: number;
  budgetMs: number;
  overdueAt: string | null;
  warnedAt: string | null;
  stoppedAt: string | null;
}

/** What `GET /api/v1/cases/:kind/:id` answers (module pages merge the same engine fields). */
export interface CaseView {
  id: number;
  kind: string;
  state: string;
  stateLabel: Bilingual;
  final: boolean;
  version: number;
  ref: string;
  title: string;
  regionPath: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
  actions: CaseAction[];
  clocks: CaseClock[];
}

export interface NotificationView {
  id: number;
  type: string;
  title: string;
  body: string;
  caseKind: string | null;
  caseId: number | null;
  createdAt: string;
  readAt: string | null;
}
