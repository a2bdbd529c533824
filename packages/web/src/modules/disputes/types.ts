import type { CaseAction, CaseClock } from '@/modules/cases/types';
import type { Bilingual } from '@/shared/api/types';

export interface PartyView {
  id: number;
  seq: number;
  role: string;
  kind: 'person' | 'organisation';
  name: string;
  sex: string | null;
  idNumber: string | null;
  creditCode: string | null;
  representative: string | null;
  phone: string | null;
  address: string | null;
  masked: boolean;
}

export interface DisputeRow {
  id: number;
  refNo: string;
  title: string;
  type: string;
  source: string;
  mediationType: string;
  state: string;
  version: number;
  level: string;
  orgId: number | null;
  facts: string;
  claims: string | null;
  amount: number | null;
  location: string | null;
  regionId: number;
  regionPath: string;
  riskFlags: string[];
  riskLevel: string;
  eventId: number | null;
  agreementDocumentId: number | null;
  agreementOn: string | null;
  agreementKind?: 'written' | 'oral' | null;
  guidance: string | null;
  transfers: number;
  assigneeUserId: number | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  closedAt: string | null;
  partyNames?: string[];
}

export interface SessionView {
  id: number;
  startsAt: string;
  endsAt: string | null;
  place: string;
  online: boolean;
  participants: { role: string; name: string }[];
  entries: { speaker: string; text: string }[] | null;
  outcome: string | null;
  recordDocumentId: number | null;
  status: 'planned' | 'held';
}

export interface ConfirmationView {
  id: number;
  state: string;
  version: number;
  disputeId: number;
  court: string;
  appliedOn: string;
  acceptedAt: string | null;
  ruleExtended: boolean;
  decision: string | null;
  rulingDocumentId: number | null;
  ruledAt: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  dispute?: { id: number; refNo: string; title: string; type: string } | null;
}

export interface OrgView {
  id: number;
  name: string;
  shortName: string;
  level: string;
  kind: string;
  mediationTypes: string[];
  specialties: string[];
  regionId: number;
  regionPath: string;
  address: string | null;
  phone: string | null;
}

export interface DisputeDetail extends DisputeRow {
  ref: string;
  stateLabel: Bilingual;
  final: boolean;
  actions: CaseAction[];
  clocks: CaseClock[];
  org: OrgView | null;
  assigneeName: string | null;
  reporterName: string | null;
  parties: PartyView[];
  sessions: SessionView[];
  followUps: { id: number; visitedOn: string; performance: string; note: string }[];
  confirmations: ConfirmationView[];
}

export interface Candidate {
  userId: number;
  name: string;
  title: string | null;
  orgId: number;
  specialties: string[];
  load: number;
  maxLoad: number;
  misfits: string[];
  rank: number | null;
}

export interface TaskView {
  id: number;
  scheduleId: number;
  regionPath: string;
  level: string;
  periodStart: string;
  dueOn: string;
  doneAt: string | null;
  found: number;
  zeroReport: boolean;
  note: string | null;
  overdue: boolean;
}

export interface StatsRow {
  key: string;
  label: Bilingual;
  screenings: number;
  zeroReports: number;
  found: number;
  accepted: number;
  settled: number;
  failed: number;
  ended: number;
  transferred: number;
  confirmApplied: number;
  confirmed: number;
  confirmRejected: number;
  zeroReportRate: number | null;
  resolutionRate: number | null;
  successRate: number | null;
  shareVillage: number | null;
  shareTown: number | null;
  shareDistrict: number | null;
  shareSpecialised: number | null;
  avgConfirmHours: number | null;
}

export interface StatsView {
  regionPath: string;
  from: string;
  to: string;
  groupBy: string;
  rows: StatsRow[];
  total: Omit<StatsRow, 'key' | 'label'>;
}

export interface DraftSignerView {
  id: number;
  kind: 'party' | 'user';
  partyRef: number | null;
  userId: number | null;
  role: string;
  name: string;
  signedAt: string | null;
  method: 'tablet' | 'link' | null;
  boundToContent: boolean | null;
  imageUrl: string | null;
  linkExpiresAt: string | null;
}

export interface DraftView {
  id: number;
  template: string;
  purpose: 'agreement' | 'confirmationApplication';
  status: 'open' | 'issued' | 'void';
  contentSha256: string;
  documentId: number | null;
  createdAt: string;
  signers: DraftSignerView[];
  complete: boolean;
}

export interface SigningState {
  agreement: DraftView | null;
  application: DraftView | null;
}
