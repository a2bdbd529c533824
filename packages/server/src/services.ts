import { PERMISSIONS } from '@fengqiao/domain';
import type { Config } from './config';
import type { Database } from './db/client';
import { SYSTEM_ACTOR } from './db/context';
import { createAttachmentsService } from './modules/attachments/attachments.service';
import { createAuditService } from './modules/audit/audit.service';
import { createCalendarService } from './modules/calendar/calendar.service';
import { createCasesService } from './modules/cases/cases.service';
import { disputeSource, eventSource, registrySource } from './modules/cockpit/cockpit.adapters';
import { createCockpitService } from './modules/cockpit/cockpit.service';
import { createDisputesService } from './modules/disputes/disputes.service';
import { createDocumentsService } from './modules/documents/documents.service';
import { DocumentSigner } from './modules/documents/signing';
import { createEventsService, FOLD_ROLLUPS_JOB } from './modules/events/events.service';
import { createEventCatalogueService } from './modules/events/events-catalogue.service';
import { createEventOpsService } from './modules/events/events-ops.service';
import { createEventPublicService, PURGE_UNCLAIMED_PHOTOS_JOB } from './modules/events/events-public.service';
import { createExtensionsService } from './modules/extensions/extensions.service';
import { createJobsService } from './modules/jobs/jobs.service';
import { createLiveService } from './modules/live/live.service';
import { HttpSmsProvider, LogSmsProvider, type SmsProvider } from './modules/messages/channels/sms';
import { createMessagesService } from './modules/messages/messages.service';
import { createSettingsService } from './modules/platform/settings.service';
import { createRegistryService } from './modules/registry/registry.service';
import { createRegistryExport } from './modules/registry/registry-export';
import { createRegistryImportService } from './modules/registry/registry-import.service';
import { createTerritoryService } from './modules/territory/territory.service';
import { createAuthService } from './modules/users/auth.service';
import { securityDefaults } from './modules/users/security-settings';
import { createUsersService } from './modules/users/users.service';
import type { KeyRing } from './platform/keys';
import { createLogger } from './platform/logger';
import { createPasswordHasher } from './platform/passwords';
import { PiiCipher } from './platform/pii';

/** Wires every module's service to its dependencies. Modules talk to each other only through these. */
export interface ServiceOptions {
  /** Replace the SMS provider (tests). */
  sms?: SmsProvider;
  /** Fault injection for the outbox tests: runs after a send, before the message is marked delivered. */
  afterSend?: Parameters<typeof createMessagesService>[0]['afterSend'];
}

export function createServices(deps: { config: Config; db: Database; keys: KeyRing } & ServiceOptions) {
  const { config, db, keys } = deps;
  const log = createLogger(config.logLevel);
  const pii = new PiiCipher(keys.pii, keys.blindIndex);
  const audit = createAuditService({ db, key: keys.audit });
  const settings = createSettingsService({ db, audit });
  const hasher = createPasswordHasher(config.argon2);
  const territory = createTerritoryService({ db, audit, pii, gridCodeWidth: config.gridCodeWidth });
  const auth = createAuthService({ db, audit, settings, hasher, securityDefaults: securityDefaults(config) });
  const users = createUsersService({ db, audit, auth, territory, hasher, pii });
  const attachments = createAttachmentsService({
    db,
    audit,
    dir: config.attachmentsDir,
    maxBytes: config.uploadMaxBytes,
  });
  const documents = createDocumentsService({
    db,
    audit,
    attachments,
    territory,
    signer: new DocumentSigner(keys.documentSigningPem),
    publicUrl: config.publicUrl,
    orgShort: config.documentOrgShort,
    defaultIssuer: config.documentIssuer,
  });
  const jobs = createJobsService({ db, audit, log });
  const calendar = createCalendarService({ db, audit, settings });
  const live = createLiveService({ db, log });
  const sms =
    deps.sms ??
    (config.sms.provider === 'http'
      ? new HttpSmsProvider(config.sms.url!, config.sms.token)
      : new LogSmsProvider(log));
  const messages = createMessagesService({
    db,
    audit,
    jobs,
    users,
    live,
    pii,
    sms,
    log,
    maxAttempts: config.deliveryMaxAttempts,
    ...(deps.afterSend ? { afterSend: deps.afterSend } : {}),
  });
  const cases = createCasesService({ db, audit, jobs, calendar, messages, attachments, users, live, log });
  const extensions = createExtensionsService({ db, cases });
  const events = createEventsService({ db, audit, cases, territory, pii });
  const disputes = createDisputesService({
    db,
    audit,
    cases,
    documents,
    events,
    messages,
    territory,
    users,
    pii,
    publicUrl: config.publicUrl,
  });
  const registry = createRegistryService({
    db,
    audit,
    pii,
    territory,
    settings,
    attachments,
    events,
    disputes,
  });
  const registryImport = createRegistryImportService({
    db,
    audit,
    pii,
    jobs,
    territory,
    registry,
    log,
    dir: config.dataDir,
    maxBytes: config.importMaxBytes,
    workers: config.importWorkers,
    batch: config.importBatch,
    keys: { pii: keys.pii, blindIndex: keys.blindIndex },
  });
  const registryExport = createRegistryExport({ db, audit, pii });
  const eventOps = createEventOpsService({ db, audit, cases, events, messages, territory, users });
  const eventCatalogue = createEventCatalogueService({ db, audit, events, territory });
  const publicEvents = createEventPublicService({ attachments, events, settings, pii });
  // The cockpit reads the other modules' rollups through adapters (cockpit.sources.ts).
  const cockpit = createCockpitService({
    db,
    territory,
    settings,
    sources: {
      events: eventSource(events),
      disputes: disputeSource(disputes),
      registry: registrySource(registry),
    },
    tileUrl: config.tileUrl,
  });
  // Case changes (heard by every process on commit) make the cockpit's cached aggregates above them stale.
  live.subscribe({
    actor: SYSTEM_ACTOR,
    permissions: new Set<string>(PERMISSIONS),
    send: (type, e) => {
      if (type === 'case') cockpit.caseChanged((e as { regionPath: string }).regionPath);
    },
  });
  // Resident photos that no report claimed in time (setting events.publicUploads.unclaimedPhotoHours).
  jobs.handle(
    PURGE_UNCLAIMED_PHOTOS_JOB,
    async (job) => void (await publicEvents.purgeUnclaimedPhotos(job.runAt)),
    {
      transactional: false,
    },
  );
  jobs.handle(FOLD_ROLLUPS_JOB, async () => void (await events.foldRollups()), { transactional: false });
  jobs.handle('disputes.screening', async () => void (await disputes.generateTasks()), {
    transactional: false,
  });
  // Platform upkeep on the job runner: one sealer for the whole cluster, old jobs and notifications purged.
  jobs.handle('audit.seal', async () => void (await audit.seal()), { transactional: false });
  jobs.handle(
    'jobs.purge',
    async () => {
      // Kept for a while for support questions; the audit log and the case timelines are the record.
      await jobs.purgeFinished(new Date(Date.now() - 7 * 86_400_000));
      await messages.purgeOld(
        new Date(Date.now() - 180 * 86_400_000),
        new Date(Date.now() - 30 * 86_400_000),
      );
    },
    {
      transactional: false,
    },
  );
  return {
    config,
    db,
    keys,
    log,
    pii,
    audit,
    settings,
    hasher,
    territory,
    auth,
    users,
    jobs,
    calendar,
    live,
    sms,
    messages,
    attachments,
    cases,
    extensions,
    events,
    eventOps,
    eventCatalogue,
    publicEvents,
    documents,
    disputes,
    registry,
    registryImport,
    registryExport,
    cockpit,
  };
}

export type Services = ReturnType<typeof createServices>;
