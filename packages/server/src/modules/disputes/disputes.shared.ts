import type { AGREEMENT_PARTS, DisputeCounters, Permission, RiskFlag, Role } from '@fengqiao/domain';
import { isRole, permissionsOf } from '@fengqiao/domain';
import type { Database } from '../../db/client';
import type { Actor } from '../../db/context';
import type { PiiCipher } from '../../platform/pii';
import type { AuditService } from '../audit/audit.service';
import type { CasesService } from '../cases/cases.service';
import type { DocumentsService } from '../documents/documents.service';
import type { EventsService } from '../events/events.service';
import type { MessagesService } from '../messages/messages.service';
import type { TerritoryService } from '../territory/territory.service';
import type { UsersService } from '../users/users.service';
import type { PartyInput } from './disputes.parties';
import type * as repo from './disputes.repo';

export const DISPUTE = { zh: '矛盾纠纷', en: 'Dispute' };

export const SOURCES = ['screening', 'event', 'police110', 'petition', 'court', 'walkIn', 'online'] as const;
export type DisputeSource = (typeof SOURCES)[number];

export interface DisputeInput {
  title: string;
  type: string;
  source: DisputeSource;
  mediationType?: string | undefined;
  facts: string;
  claims?: string | undefined;
  amount?: number | undefined;
  location?: string | undefined;
  regionId: number;
  riskFlags?: RiskFlag[] | undefined;
  parties: PartyInput[];
  orgId?: number | undefined;
  eventId?: number | undefined;
  screeningTaskId?: number | undefined;
  mediationDays?: number | undefined;
}

export type Deps = {
  db: Database;
  audit: AuditService;
  cases: CasesService;
  documents: DocumentsService;
  events: EventsService;
  messages: MessagesService;
  territory: TerritoryService;
  users: UsersService;
  pii: PiiCipher;
  /** Public address of the web app (links in SMS). */
  publicUrl: string;
};

export const permsOf = (actor: Actor): ReadonlySet<Permission> =>
  new Set(permissionsOf(actor.roles.filter(isRole) as Role[]));

/** Rollup level of a screening schedule's level. */
export const SCREENING_ROLLUP_LEVEL: Record<string, string> = {
  villageGroup: 'village',
  village: 'village',
  town: 'town',
  county: 'district',
};

export type DisputesCore = {
  visible: (actor: Actor, id: number) => Promise<repo.DisputeRow>;
  bump: (regionPath: string, type: string, level: string, delta: Partial<DisputeCounters>) => Promise<void>;
  checkMediator: (d: Record<string, unknown>, userId: number) => Promise<repo.MediatorRow>;
  gapsMessage: (gaps: (keyof typeof AGREEMENT_PARTS)[]) => { zh: string; en: string };
};
