import {
  AGREEMENT_PARTS,
  CONFIRMATION_WORKFLOW,
  confirmationDelta,
  DISPUTE_TYPES,
  DISPUTE_WORKFLOW,
  disputeDelta,
  hoursBetween,
  MEDIATION_LEVELS,
  type MediationLevel,
  MISFIT_LABELS,
  mediatorMisfits,
  pathWithin,
  RISK_FLAGS,
  rankMediators,
  riskLevelOf,
  shanghaiDate,
} from '@fengqiao/domain';
import { type Actor, SYSTEM_ACTOR, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { CaseRecord } from '../cases/case-store.repo';
import { createMediationSteps } from './disputes.mediation';
import { partyRow, presentParty, validateParties } from './disputes.parties';
import * as repo from './disputes.repo';
import { createScreening } from './disputes.screening';
import { type Deps, DISPUTE, type DisputeInput, permsOf } from './disputes.shared';

export { DISPUTE, type DisputeInput, type DisputeSource, SOURCES } from './disputes.shared';

const ORG = { zh: '调解组织', en: 'Mediation organisation' };
const rank = (level: string) => MEDIATION_LEVELS[level as MediationLevel]?.rank ?? 0;

/**
 * 矛盾纠纷多元化解 (issue #5): disputes on the case engine, the mediation network, matching, sessions,
 * agreements and judicial confirmation through the documents service, screening, and daily rollups
 * written in the transaction of every change.
 */
export function createDisputesService(deps: Deps) {
  const { db, cases, documents, territory, pii } = deps;

  async function bump(
    regionPath: string,
    type: string,
    level: string,
    delta: Parameters<typeof repo.bumpRollup>[1],
  ) {
    await repo.bumpRollup({ regionPath, day: shanghaiDate(new Date()), type, level }, delta);
  }

  async function mediatorFacts(userIds: number[]) {
    const rows = await Promise.all(userIds.map((u) => repo.mediatorByUser(u)));
    const list = rows.filter((r) => r !== undefined);
    // Load counts open disputes everywhere, not just in the caller's scope.
    const loads = await transaction(db, SYSTEM_ACTOR, () => repo.loads(list.map((m) => m.userId)));
    return list.map((m) => ({
      row: m,
      facts: {
        userId: m.userId,
        orgId: m.orgId,
        regionPath: m.regionPath,
        specialties: m.specialties,
        active: m.active,
        load: loads.get(m.userId) ?? 0,
        maxLoad: m.maxLoad,
      },
    }));
  }

  /** Rejects a mediator outside the dispute's place or specialty (or inactive, or full). */
  async function checkMediator(d: Record<string, unknown>, userId: number) {
    const [m] = await mediatorFacts([userId]);
    if (!m) throw new AppError('DISPUTE_MEDIATOR_UNKNOWN');
    const misfits = mediatorMisfits(m.facts, { type: String(d.type), regionPath: String(d.regionPath) });
    if (misfits.length)
      throw new AppError(
        'DISPUTE_MEDIATOR_MISFIT',
        {
          reasons: {
            zh: misfits.map((x) => MISFIT_LABELS[x].zh).join('；'),
            en: misfits.map((x) => MISFIT_LABELS[x].en).join('; '),
          },
        },
        { misfits },
      );
    return m.row;
  }

  /** A transfer goes up a level or to a specialised centre that covers the place of the dispute. */
  async function checkTransferTarget(d: Record<string, unknown>, orgId: number) {
    const org = await repo.orgById(orgId);
    if (!org?.active) throw new AppError('DISPUTE_ORG_UNKNOWN');
    const upward = org.level === 'specialised' ? org.id !== d.orgId : rank(org.level) > rank(String(d.level));
    if (!upward || !pathWithin(String(d.regionPath), org.regionPath))
      throw new AppError('DISPUTE_ORG_NOT_ABOVE');
    return org;
  }

  cases.register({
    workflow: DISPUTE_WORKFLOW,
    store: repo.disputeStore,
    describe: (c) => ({ ref: String(c.row.refNo), title: String(c.row.title) }),
    facts: (c) => ({
      agreementDocumentId: c.row.agreementDocumentId,
      mediationDays: c.row.mediationDays,
      type: c.row.type,
      level: c.row.level,
    }),
    onTransition: async ({ transition, input, case: c }) => {
      switch (transition.action) {
        case 'assign': {
          const m = await checkMediator(c.row, Number(input.fields?.mediatorId));
          return { assigneeUserId: m.userId };
        }
        case 'decline':
          return { assigneeUserId: null };
        case 'transfer': {
          const org = await checkTransferTarget(c.row, Number(input.fields?.orgId));
          return {
            orgId: org.id,
            level: org.level,
            transfers: Number(c.row.transfers) + 1,
            assigneeUserId: null,
          };
        }
        case 'closeWithGuidance':
          return { guidance: String(input.fields?.guidance) };
        default:
          return {};
      }
    },
    afterTransition: async ({ transition, case: before }) => {
      const delta = disputeDelta(transition.action, String(before.row.level));
      await bump(before.regionPath, String(before.row.type), String(before.row.level), delta);
    },
  });

  cases.register({
    workflow: CONFIRMATION_WORKFLOW,
    store: repo.confirmationStore,
    describe: (c) => ({ ref: `SQ${String(c.id).padStart(6, '0')}`, title: String(c.row.court) }),
    facts: (c) => ({ rulingDocumentId: c.row.rulingDocumentId, ruleExtended: c.row.ruleExtended }),
    onTransition: ({ transition }) => {
      if (transition.action === 'accept') return { acceptedAt: new Date() };
      if (transition.action === 'extendRuling') return { ruleExtended: true };
      return {};
    },
    afterTransition: async ({ transition, updated, actor, input }) => {
      const r = updated.row as repo.ConfirmationRow;
      if (transition.action === 'extendRuling') {
        // 2011 规定 第5条: +10 days with the president's approval.
        await cases.extendClock(
          actor,
          'confirmation',
          r.id,
          'ruling',
          { amount: 10, unit: 'calendarDays' },
          input.comment,
        );
        return;
      }
      const d = await repo.disputeById(r.disputeId);
      if (!d) return;
      const hours = hoursBetween(r.createdAt, r.ruledAt ?? new Date());
      await bump(d.regionPath, d.type, d.level, confirmationDelta(transition.action, hours));
    },
  });

  documents.registerSubject('dispute', {
    label: DISPUTE,
    readPermission: 'dispute:read',
    issuePermission: 'document:issue',
    resolve: async (actor, id) => {
      const d = await transaction(db, actor, () => repo.disputeById(id));
      return d ? { regionPath: d.regionPath } : null;
    },
  });

  // SMS to parties: the outbox names the party; the number is decrypted only at delivery.
  deps.messages.registerPhoneResolver('disputeParty', async (id) => {
    const [p] = await transaction(db, SYSTEM_ACTOR, () => repo.partiesById([id]));
    return p?.phoneEnc ? pii.decrypt(p.phoneEnc) : null;
  });

  /** The organisation a new dispute starts at: the lowest level covering the place that takes its type. */
  async function defaultOrg(regionPath: string, type: string) {
    const orgs = await repo.listOrgs({ covering: regionPath });
    const fits = orgs
      .filter(
        (o) =>
          o.level !== 'specialised' && (o.specialties.includes('general') || o.specialties.includes(type)),
      )
      .sort((a, b) => rank(a.level) - rank(b.level) || b.regionPath.length - a.regionPath.length);
    return fits[0] ?? null;
  }

  async function register(actor: Actor, input: DisputeInput, opts: { now?: Date } = {}) {
    const now = opts.now ?? new Date();
    if (!DISPUTE_TYPES.some((t) => t.code === input.type)) throw new AppError('VALIDATION_FAILED');
    const parties = validateParties(input.parties, now);
    const region = await territory.regionSummary(input.regionId);
    if (!region || !['community', 'grid', 'microGrid'].includes(region.level))
      throw new AppError('DISPUTE_REGION_INVALID');
    if (actor.scopePath !== '*' && !pathWithin(region.regionPath, actor.scopePath))
      throw notFound({ zh: '区域', en: 'Region' });
    return transaction(db, actor, async () => {
      const org = input.orgId
        ? await repo.orgById(input.orgId)
        : await defaultOrg(region.regionPath, input.type);
      if (input.orgId && (!org || !pathWithin(region.regionPath, org.regionPath)))
        throw new AppError('DISPUTE_ORG_UNKNOWN');
      const rows = parties.map((p, i) => partyRow(pii, p, i + 1));
      const idIndexes = rows.map((r) => r.idNumberIndex).filter((x): x is string => x !== null);
      const flags = new Set(input.riskFlags ?? []);
      // A party already in another dispute: flag repeated conflict (民转刑 risk), for the mediator to judge.
      if ((await repo.earlierDisputesOf(idIndexes, null)) > 0) flags.add('repeated');
      const riskLevel = riskLevelOf([...flags]);
      const level = org?.level ?? 'village';
      const d = await repo.insertDispute(
        {
          state: DISPUTE_WORKFLOW.initial,
          regionPath: region.regionPath,
          reporterId: actor.userId,
          title: input.title,
          type: input.type,
          source: input.source,
          mediationType: input.mediationType ?? 'people',
          orgId: org?.id ?? null,
          level,
          facts: input.facts,
          claims: input.claims ?? null,
          amount: input.amount ?? null,
          location: input.location ?? null,
          regionId: region.id,
          riskFlags: [...flags],
          riskLevel,
          eventId: input.eventId ?? null,
          screeningTaskId: input.screeningTaskId ?? null,
          mediationDays: input.mediationDays ?? 30,
          createdAt: now,
        },
        shanghaiDate(now),
      );
      await repo.insertParties(rows.map((r) => ({ ...r, disputeId: d.id, regionPath: d.regionPath })));
      await cases.open(actor, 'dispute', d.id, {
        comment: input.facts.slice(0, 500),
        data: { source: input.source, type: input.type, org: org?.name ?? null },
        now,
      });
      await bump(d.regionPath, d.type, level, disputeDelta('open', level));
      if (riskLevel === 'high' || riskLevel === 'critical') {
        // 人民调解法 第25条: a risk of escalation is headed off and, where needed, reported to the police.
        const staff = await deps.users.staffCovering(d.regionPath, ['dispatcher'], true);
        await deps.messages.send({
          type: 'dispute.risk',
          params: {
            ref: d.refNo,
            title: d.title,
            level: riskLevel === 'critical' ? { zh: '重大', en: 'critical' } : { zh: '较高', en: 'high' },
            flags: [...flags].map((f) => RISK_FLAGS[f].zh).join('、'),
          },
          users: staff.map((s) => s.id),
          channels: ['inapp', 'robot'],
          regionPath: d.regionPath,
          case: { kind: 'dispute', id: d.id },
        });
      }
      return (await repo.disputeById(d.id))!;
    });
  }

  /**
   * A grid event of category 矛盾纠纷线索 (code 11…) becomes a dispute with one action, keeping the link
   * both ways (the event is marked transferred). One transaction: a failure leaves both untouched.
   */
  async function fromEvent(
    actor: Actor,
    eventId: number,
    input: Omit<DisputeInput, 'source' | 'regionId' | 'facts' | 'title' | 'eventId'> & {
      title?: string | undefined;
      facts?: string | undefined;
    },
  ) {
    return transaction(db, actor, async () => {
      const e = await deps.events.getForLink(actor, eventId);
      if (!e.categoryCode.startsWith('11') || (await repo.disputeByEvent(eventId)) !== null)
        throw new AppError('DISPUTE_EVENT_NOT_LINKABLE');
      const dir = await territory.dir();
      const region = dir.byCode.get(e.regionPath.split('.').at(-1)!);
      if (!region) throw new AppError('DISPUTE_REGION_INVALID');
      const d = await register(actor, {
        ...input,
        title: input.title ?? e.description.slice(0, 40),
        facts: input.facts ?? e.description,
        location: e.address ?? undefined,
        source: 'event',
        regionId: region.id,
        eventId,
      });
      await deps.events.markTransferred(actor, eventId, { kind: 'dispute', id: d.id, ref: d.refNo });
      return d;
    });
  }

  /** A dispute the actor may see: dispute:read in scope, or their own application (resident). */
  async function visible(actor: Actor, id: number) {
    const d = await repo.disputeById(id);
    if (!d) throw notFound(DISPUTE);
    if (permsOf(actor).has('dispute:read')) return d;
    if (d.reporterId === actor.userId) return d;
    const parties = await repo.partiesOf([id]);
    if (parties.some((p) => p.userId !== null && p.userId === actor.userId)) return d;
    throw notFound(DISPUTE);
  }

  async function detail(actor: Actor, id: number, opts: { unmask?: boolean } = {}) {
    return transaction(db, actor, async () => {
      const d = await visible(actor, id);
      // Unmasking: the mediator handling the case, or a holder of pii:unmask; every unmask is audited.
      const unmask =
        opts.unmask === true && (d.assigneeUserId === actor.userId || permsOf(actor).has('pii:unmask'));
      if (opts.unmask && !unmask) throw new AppError('FORBIDDEN');
      if (unmask)
        await deps.audit.record({ action: 'dispute.unmask', objectType: 'dispute', objectId: id, diff: {} });
      const [engine, parties, sessions, followUps, confirmations, org] = await Promise.all([
        cases.get(actor, 'dispute', id),
        repo.partiesOf([id]),
        repo.sessionsOf(id),
        repo.followUpsOf(id),
        repo.confirmationsOf(id),
        d.orgId ? repo.orgById(d.orgId) : Promise.resolve(undefined),
      ]);
      const names = await deps.users.displayNames(
        [d.assigneeUserId, d.reporterId].filter((x): x is number => x !== null),
      );
      return {
        dispute: d,
        engine,
        org: org ?? null,
        assigneeName: d.assigneeUserId ? (names.get(d.assigneeUserId) ?? null) : null,
        reporterName: d.reporterId ? (names.get(d.reporterId) ?? null) : null,
        parties: parties.map((p) => presentParty(pii, p, unmask)),
        sessions,
        followUps,
        confirmations,
      };
    });
  }

  async function list(actor: Actor, f: repo.DisputeFilter, limit: number, offset: number) {
    return transaction(db, actor, async () => {
      const perms = permsOf(actor);
      const filter = perms.has('dispute:read') ? f : { ...f, residentUserId: actor.userId ?? -1 };
      const page = await repo.listDisputes(filter, limit, offset);
      const parties = await repo.partiesOf(page.rows.map((r) => r.id));
      const byDispute = new Map<number, string[]>();
      for (const p of parties) byDispute.set(p.disputeId, [...(byDispute.get(p.disputeId) ?? []), p.name]);
      return { ...page, partyNames: byDispute };
    });
  }

  /** Mediators ranked for a dispute, with why each other one does not fit. */
  async function candidates(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const d = await visible(actor, id);
      const all = await mediatorFacts((await repo.listMediators({})).map((m) => m.userId));
      const disputeFacts = { type: d.type, regionPath: d.regionPath };
      const ranked = rankMediators(
        all.map((m) => m.facts),
        disputeFacts,
      );
      const order = new Map(ranked.map((m, i) => [m.userId, i]));
      return all
        .map((m) => ({
          ...m.row,
          load: m.facts.load,
          misfits: mediatorMisfits(m.facts, disputeFacts),
          rank: order.get(m.facts.userId) ?? null,
        }))
        .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.id - b.id);
    });
  }

  const gapsMessage = (gaps: (keyof typeof AGREEMENT_PARTS)[]) => ({
    zh: gaps.map((g) => AGREEMENT_PARTS[g].zh).join('、'),
    en: gaps.map((g) => AGREEMENT_PARTS[g].en).join(', '),
  });

  const core = { visible, bump, checkMediator, gapsMessage };
  const mediation = createMediationSteps(deps, core);
  const screening = createScreening(deps, { register, bump });

  return {
    register,
    fromEvent,
    detail,
    list,
    candidates,
    ...mediation,
    ...screening,
    /**
     * For the registry's person 360 view: disputes in which this ID number is a party, in the actor's
     * scope, newest first (only for roles that read disputes; the lookup is audited when it finds something).
     */
    byPartyIdNumber: (actor: Actor, idNumber: string, limit = 50) =>
      transaction(db, actor, async () => {
        if (!permsOf(actor).has('dispute:read')) return [];
        const rows = await repo.disputesByPartyIndex(
          deps.pii.blindIndex(idNumber.trim().toUpperCase(), 'idNumber'),
          Math.min(Math.max(limit, 1), 200),
        );
        if (rows.length)
          await deps.audit.record({
            action: 'dispute.search',
            objectType: 'dispute',
            objectId: rows.map((r) => r.id).join(','),
            diff: { by: 'partyIdNumber' },
          });
        return rows;
      }),
    /** Organisations (public directory) — optionally those covering a dispute's place. */
    orgs: (actor: Actor, f: { level?: string | undefined; covering?: string | undefined }) =>
      transaction(db, actor, () => repo.listOrgs(f)),
    /** Organisations that serve a place (a region id), e.g. where a resident may apply or a dispute may go. */
    orgsCovering: async (actor: Actor, f: { level?: string | undefined; regionId?: number | undefined }) => {
      const region = f.regionId ? await territory.regionSummary(f.regionId) : undefined;
      if (f.regionId && !region) throw notFound({ zh: '区域', en: 'Region' });
      return transaction(db, actor, () => repo.listOrgs({ level: f.level, covering: region?.regionPath }));
    },
    org: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const o = await repo.orgById(id);
        if (!o) throw notFound(ORG);
        return o;
      }),
    mediators: (actor: Actor, f: { orgId?: number | undefined }) =>
      transaction(db, actor, async () => {
        const rows = await repo.listMediators(f);
        const facts = await mediatorFacts(rows.map((m) => m.userId));
        return facts.map((m) => ({ ...m.row, load: m.facts.load }));
      }),
    createOrgs: (actor: Actor, rows: Parameters<typeof repo.insertOrgs>[0]) =>
      transaction(db, actor, () => repo.insertOrgs(rows)),
    createMediators: (actor: Actor, rows: Parameters<typeof repo.insertMediators>[0]) =>
      transaction(db, actor, () => repo.insertMediators(rows)),
    /**
     * Bulk loader (CLI `npm run disputes:load`, benchmarks): `n` synthetic disputes in batches of 100,000,
     * each batch one transaction as the system. Returns the id range and the time taken.
     */
    bulkLoad: async (n: number, opts: { days?: number; batch?: number } = {}) => {
      const batch = opts.batch ?? 100_000;
      const tag = Date.now().toString(36);
      const t0 = performance.now();
      let first = 0;
      let last = 0;
      for (let done = 0; done < n; done += batch) {
        const r = await transaction(db, SYSTEM_ACTOR, () =>
          repo.bulkLoad(
            Math.min(batch, n - done),
            opts.days ?? 365,
            DISPUTE_TYPES.map((t) => t.code),
            `${tag}-${done / batch}`,
          ),
        );
        first ||= r.lo;
        last = r.hi;
      }
      return { first, last, ms: performance.now() - t0 };
    },
    /** The case record for the engine (module code that already holds a row). */
    asCase: (d: repo.DisputeRow): CaseRecord => ({
      id: d.id,
      state: d.state,
      version: d.version,
      regionPath: d.regionPath,
      reporterId: d.reporterId,
      assigneeUserId: d.assigneeUserId,
      assigneeDepartmentId: d.assigneeDepartmentId,
      dueAt: d.dueAt,
      overdue: d.overdue,
      createdAt: d.createdAt,
      closedAt: d.closedAt,
      row: d as unknown as Record<string, unknown>,
    }),
  };
}

export type DisputesService = ReturnType<typeof createDisputesService>;
