import {
  ADDRESS_KIND_LABELS,
  ADDRESS_PARENT_KINDS,
  type AddressKind,
  addressMatchScore,
  CREDIT_CODE_PROBLEM_LABELS,
  DEFAULT_VISIT_DAYS,
  elementName,
  type HouseUse,
  ID_NUMBER_PROBLEM_LABELS,
  isValidPhone,
  maskIdNumber,
  maskPhone,
  nextVisitDue,
  normalizeAddress,
  normalizePhone,
  type OrgType,
  parseAddress,
  parseCreditCode,
  parseIdNumber,
  pathWithin,
  permissionsOf,
  type ResidenceType,
  type Role,
  SPECIAL_GROUP_LABELS,
  SPECIAL_GROUPS,
  type SpecialGroup,
  stripRegionPrefix,
  visitStatus,
} from '@fengqiao/domain';
import { z } from 'zod';
import type { Database } from '../../db/client';
import { type Actor, transaction } from '../../db/context';
import { AppError, notFound } from '../../platform/errors';
import type { PiiCipher } from '../../platform/pii';
import type { AttachmentsService } from '../attachments/attachments.service';
import type { AuditService } from '../audit/audit.service';
import type { DisputesService } from '../disputes/disputes.service';
import type { EventsService } from '../events/events.service';
import type { SettingsService } from '../platform/settings.service';
import type { TerritoryService } from '../territory/territory.service';
import { personContentHash } from './people-prepare';
import * as repo from './registry.repo';
import { RT } from './registry.things';

export interface PersonInput {
  name: string;
  idNumber: string;
  phone?: string | null | undefined;
  residenceType: ResidenceType;
  addressId: number;
  workplace?: string | null | undefined;
  orgId?: number | null | undefined;
}

export interface AddressInput {
  parentId?: number | null | undefined;
  regionId?: number | null | undefined;
  gridId?: number | null | undefined;
  kind: AddressKind;
  name: string;
  lng?: number | null | undefined;
  lat?: number | null | undefined;
}

export interface AddressNode {
  kind: AddressKind;
  name: string;
  /** Roads: their town. */
  regionId?: number;
  /** Roots only: hang the new tree under this existing address. */
  parentId?: number;
  /** The grid the address lies in (children inherit their parent's grid unless given). */
  gridId?: number;
  lng?: number;
  lat?: number;
  children?: AddressNode[];
  /** Filled in once inserted. */
  id?: number;
}

export interface VisitInput {
  visitedAt: Date;
  lng?: number | null | undefined;
  lat?: number | null | undefined;
  findings: string;
  anomaly: boolean;
  attachmentIds?: number[] | undefined;
  /** With an anomaly: report it as an event (category 16 特殊人群异常) in the same step. */
  reportEvent?: boolean | undefined;
}

const LEVEL_DEPTH = { district: 1, town: 2, community: 3, grid: 4, microGrid: 5 } as const;
export type AggregateLevel = 'town' | 'community' | 'grid';

/** Event category for anomalies found on a visit (events catalogue: 16 特殊人群异常). */
export const SPECIAL_POPULATION_EVENT_CATEGORY = '16';
const RESIDENTS = 'residents';
/** A people search counts its matches up to here; past it the page says "more than" (repo.countPeople). */
export const PEOPLE_COUNT_CAP = 10_000;
const tagKind = (tag: string) => `tag:${tag}`;

export const VISIT_FREQUENCY_KEY = 'registry.visitFrequency';
export const visitFrequencySchema = z.object(
  Object.fromEntries(SPECIAL_GROUPS.map((g) => [g, z.number().int().min(1).max(366)])) as Record<
    SpecialGroup,
    z.ZodNumber
  >,
);

/** Today in China (Asia/Shanghai) as YYYY-MM-DD. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(now);
}

export function can(actor: Actor, permission: Parameters<ReturnType<typeof permissionsOf>['includes']>[0]) {
  return actor.roles.includes('system') || permissionsOf(actor.roles as Role[]).includes(permission);
}

/** The facts of a person that an import compares: an unchanged row is skipped without a write. */
export { personContentHash };

export function idNumberError(raw: string) {
  const r = parseIdNumber(raw);
  if (r.ok) return null;
  return ID_NUMBER_PROBLEM_LABELS[r.problem];
}

/**
 * 一标三实 (issue #6): standard addresses, people, houses, organisations, special-population tags and visits.
 * ID numbers and phones are stored as ciphertext + blind index + masked form; answers carry the masked
 * form only, unmasking is a separate audited call; every read of one person's record is audited.
 */
export function createRegistryService(deps: {
  db: Database;
  audit: AuditService;
  pii: PiiCipher;
  territory: TerritoryService;
  settings: SettingsService;
  attachments: AttachmentsService;
  /** Optional so the registry can run without the events module (tests of other modules, tools). */
  events?: Pick<EventsService, 'report' | 'reportedByPhone'>;
  /** Optional likewise: the 360 view lists a person's disputes through it. */
  disputes?: Pick<DisputesService, 'byPartyIdNumber'>;
}) {
  const { db, audit, pii, territory, settings, attachments, events, disputes } = deps;

  const visitFrequency = () => settings.get(VISIT_FREQUENCY_KEY, visitFrequencySchema, DEFAULT_VISIT_DAYS);

  function inActorScope(actor: Actor, path: string) {
    return actor.scopePath === '*' || pathWithin(path, actor.scopePath);
  }

  /** A grid or micro-grid inside the actor's scope. */
  async function gridFor(actor: Actor, gridId: number) {
    const g = await territory.regionSummary(gridId);
    if (!g || (g.level !== 'grid' && g.level !== 'microGrid') || !inActorScope(actor, g.regionPath))
      throw notFound(RT.region);
    return g;
  }

  // ---------- addresses ----------

  async function createAddress(actor: Actor, input: AddressInput) {
    return transaction(db, actor, async () => {
      const parent = input.parentId ? await repo.addressById(input.parentId) : undefined;
      if (input.parentId && !parent) throw notFound(RT.address);
      const allowed = ADDRESS_PARENT_KINDS[input.kind];
      if (!allowed.includes(parent ? parent.kind : null)) {
        throw new AppError('ADDRESS_PARENT_KIND', {
          child: ADDRESS_KIND_LABELS[input.kind],
          parent: parent ? ADDRESS_KIND_LABELS[parent.kind] : { zh: '网格', en: 'grid' },
        });
      }
      const place = await placeOf(actor, input.kind, parent ?? null, input);
      const name = elementName(input.kind, input.name);
      const fullName = (parent?.fullName ?? place.townName) + name;
      const norm = normalizeAddress(fullName);
      const dupe = await repo.addressByNorm(norm);
      if (dupe) throw new AppError('ADDRESS_DUPLICATE', { name: dupe.fullName });
      const base = parent?.code ?? place.region.code;
      const last = await repo.maxChildCode(parent?.id ?? null, base);
      const seq = last ? Number(last.slice(base.length)) + 1 : 1;
      const [row] = await repo.insertAddresses([
        {
          code: base + String(seq).padStart(3, '0'),
          parentId: parent?.id ?? null,
          kind: input.kind,
          name,
          fullName,
          norm,
          gridId: place.gridId,
          regionPath: place.region.regionPath,
          lng: input.lng ?? (place.gridId ? place.region.centroidLng : null),
          lat: input.lat ?? (place.gridId ? place.region.centroidLat : null),
        },
      ]);
      await audit.record({
        action: 'address.create',
        objectType: 'address',
        objectId: row!.id,
        diff: { fullName },
      });
      return row!;
    });
  }

  /**
   * Where a new address lies: a road belongs to a town (`regionId`); anything else to a grid, found from
   * its point, given as `gridId`, or inherited from its parent.
   */
  async function placeOf(
    actor: Actor,
    kind: AddressKind,
    parent: repo.AddressRow | null,
    input: {
      regionId?: number | null | undefined;
      gridId?: number | null | undefined;
      lng?: number | null | undefined;
      lat?: number | null | undefined;
    },
  ) {
    const d = await territory.dir();
    if (kind === 'road') {
      const town = input.regionId ? d.byId.get(input.regionId) : undefined;
      if (town?.level !== 'town' || !inActorScope(actor, town.regionPath)) throw notFound(RT.region);
      return { region: town, gridId: null, townName: town.name };
    }
    let gridId = input.gridId ?? parent?.gridId ?? null;
    if (input.lng != null && input.lat != null) {
      const chain = await territory.locate(input.lng, input.lat);
      if (!chain) throw new AppError('ADDRESS_OUTSIDE_GRID');
      gridId = chain[chain.length - 1]!.id;
    }
    if (gridId == null) throw new AppError('ADDRESS_OUTSIDE_GRID');
    const grid = await gridFor(actor, gridId);
    const town = d.chain(grid.id).find((r) => r.level === 'town');
    return { region: grid, gridId: grid.id, townName: town?.name ?? '' };
  }

  /**
   * Free text → ranked standard addresses. Exact normalised match first; otherwise trigram candidates
   * re-ranked by the numbered elements (a different building or room is a different address).
   */
  async function matchAddress(actor: Actor, text: string, limit = 5) {
    const norm = stripRegionPrefix(normalizeAddress(text));
    if (!norm) return [];
    return transaction(db, actor, async () => {
      const exact = await repo.addressByNorm(norm);
      if (exact) return [{ address: exact, score: 1, similarity: 1 }];
      const q = parseAddress(norm);
      const candidates = await repo.addressCandidates(norm, 40);
      return candidates
        .map((c) => ({
          address: c,
          similarity: c.sim,
          score: addressMatchScore(q, parseAddress(c.norm.replace(/^[^街道镇乡]+(街道|镇|乡)/, '')), c.sim),
        }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    });
  }

  async function getAddress(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const a = await repo.addressById(id);
      if (!a) throw notFound(RT.address);
      return a;
    });
  }

  // ---------- people ----------

  function encryptPerson(input: PersonInput) {
    const id = parseIdNumber(input.idNumber);
    if (!id.ok) throw new AppError('ID_NUMBER_INVALID', { detail: ID_NUMBER_PROBLEM_LABELS[id.problem] });
    const phone = input.phone ? normalizePhone(input.phone) : null;
    if (phone && !isValidPhone(phone)) throw new AppError('PHONE_INVALID');
    const value = id.info.value;
    return {
      name: input.name.trim(),
      idNumberEnc: pii.encrypt(value),
      idNumberIdx: pii.blindIndex(value, 'idNumber'),
      idNumberMasked: maskIdNumber(value),
      sex: id.info.sex,
      birthDate: id.info.birthDate,
      phoneEnc: phone ? pii.encrypt(phone) : null,
      phoneIdx: phone ? pii.blindIndex(phone, 'phone') : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      residenceType: input.residenceType,
      workplace: input.workplace?.trim() || null,
      orgId: input.orgId ?? null,
      contentHash: personContentHash({
        name: input.name.trim(),
        idNumber: value,
        phone,
        residenceType: input.residenceType,
        addressId: input.addressId,
        workplace: input.workplace?.trim() || null,
      }),
    };
  }

  async function createPerson(actor: Actor, input: PersonInput) {
    const facts = encryptPerson(input);
    return transaction(db, actor, async () => {
      const address = await repo.addressById(input.addressId);
      if (!address) throw notFound(RT.address);
      const existing = await repo.personByIdNumberIdx(facts.idNumberIdx);
      if (existing) throw new AppError('PERSON_DUPLICATE', { id: existing.id });
      const [row] = await repo
        .insertPeople([{ ...facts, addressId: address.id, regionPath: address.regionPath }])
        .catch((e: unknown) => {
          // The same ID number registered in a town the actor cannot see: the unique index answers.
          if (
            String(
              (e as { code?: string; cause?: { code?: string } }).cause?.code ??
                (e as { code?: string }).code,
            ) === '23505'
          )
            throw new AppError('PERSON_DUPLICATE', { id: '—' });
          throw e;
        });
      await repo.bumpCounts([{ path: address.regionPath, kind: RESIDENTS, delta: 1 }]);
      await audit.record({
        action: 'person.create',
        objectType: 'person',
        objectId: row!.id,
        diff: { name: row!.name, idNumber: row!.idNumberMasked, addressId: address.id },
      });
      return row!;
    });
  }

  async function updatePerson(actor: Actor, id: number, version: number, input: PersonInput) {
    const facts = encryptPerson(input);
    return transaction(db, actor, async () => {
      const before = await repo.personById(id);
      if (!before) throw notFound(RT.person);
      const address = await repo.addressById(input.addressId);
      if (!address) throw notFound(RT.address);
      if (facts.idNumberIdx !== before.idNumberIdx) {
        const other = await repo.personByIdNumberIdx(facts.idNumberIdx);
        if (other) throw new AppError('PERSON_DUPLICATE', { id: other.id });
      }
      const after = await repo.updatePerson(id, version, {
        ...facts,
        addressId: address.id,
        regionPath: address.regionPath,
      });
      if (!after) throw new AppError('CONFLICT');
      if (after.regionPath !== before.regionPath)
        await repo.bumpCounts([
          { path: before.regionPath, kind: RESIDENTS, delta: -1 },
          { path: after.regionPath, kind: RESIDENTS, delta: 1 },
        ]);
      await audit.record({
        action: 'person.update',
        objectType: 'person',
        objectId: id,
        diff: {
          name: [before.name, after.name],
          idNumber: [before.idNumberMasked, after.idNumberMasked],
          phone: [before.phoneMasked, after.phoneMasked],
          addressId: [before.addressId, after.addressId],
          residenceType: [before.residenceType, after.residenceType],
        },
      });
      return after;
    });
  }

  /** One person's record; each read is audited (issue #6). */
  async function getPerson(actor: Actor, id: number) {
    return transaction(db, actor, async () => {
      const p = await repo.personById(id);
      if (!p) throw notFound(RT.person);
      await audit.record({ action: 'person.read', objectType: 'person', objectId: id });
      return p;
    });
  }

  /**
   * The full ID number or phone, for someone with pii:unmask and a reason; audited with the reason.
   * The permission is checked by the route; the service checks scope (404 outside).
   */
  async function unmask(actor: Actor, id: number, field: 'idNumber' | 'phone', reason: string) {
    if (!reason.trim()) throw new AppError('UNMASK_REASON_REQUIRED');
    return transaction(db, actor, async () => {
      const p = await repo.personById(id);
      if (!p) throw notFound(RT.person);
      const enc = field === 'idNumber' ? p.idNumberEnc : p.phoneEnc;
      await audit.record({
        action: 'person.unmask',
        objectType: 'person',
        objectId: id,
        diff: { field, reason },
      });
      return enc ? pii.decrypt(enc) : null;
    });
  }

  /** The repo filter for a search text: a full ID number or phone is looked up by its blind index. */
  function peopleFilter(f: {
    q?: string | undefined;
    regionPath?: string | undefined;
    residenceType?: string | undefined;
    addressId?: number | undefined;
  }) {
    const filter: repo.PeopleFilter = {
      regionPath: f.regionPath,
      residenceType: f.residenceType,
      addressId: f.addressId,
    };
    const q = f.q?.trim().normalize('NFKC');
    let searchedBy: 'idNumber' | 'phone' | null = null;
    if (q && /^\d{17}[\dXx]$/.test(q)) {
      filter.idNumberIdx = pii.blindIndex(q.toUpperCase(), 'idNumber');
      searchedBy = 'idNumber';
    } else if (q && /^\+?\d[\d-]{6,}$/.test(q)) {
      filter.phoneIdx = pii.blindIndex(normalizePhone(q), 'phone');
      searchedBy = 'phone';
    } else if (q) filter.name = q;
    return { filter, searchedBy };
  }

  async function searchPeople(
    actor: Actor,
    f: {
      q?: string | undefined;
      regionPath?: string | undefined;
      residenceType?: string | undefined;
      addressId?: number | undefined;
    },
    page: number,
    pageSize: number,
  ) {
    const { filter, searchedBy } = peopleFilter(f);
    return transaction(db, actor, async () => {
      const items = await repo.searchPeople(filter, pageSize, (page - 1) * pageSize);
      // The ID number's blind index is unique: its first page is the whole answer, no count needed.
      const { n: total, exact: totalExact } =
        searchedBy === 'idNumber' && page === 1
          ? { n: items.length, exact: true }
          : await repo.countPeople(filter, PEOPLE_COUNT_CAP);
      // Looking a person up by a full ID number or phone is itself a read of personal data.
      if (searchedBy)
        await audit.record({
          action: 'person.search',
          objectType: 'person',
          objectId: items.map((p) => p.id).join(',') || null,
          diff: { by: searchedBy },
        });
      const addrs = new Map(
        (await repo.addressesByIds([...new Set(items.map((p) => p.addressId))])).map((a) => [a.id, a]),
      );
      return {
        items: items.map((p) => ({ person: p, address: addrs.get(p.addressId) ?? null })),
        total,
        totalExact,
      };
    });
  }

  /** EXPLAIN ANALYZE of a people search as `actor` (RLS and scope as in searchPeople); benchmarks read it. */
  function explainPeopleSearch(actor: Actor, q: string, pageSize = 20) {
    return transaction(db, actor, () => repo.explainSearchPeople(peopleFilter({ q }).filter, pageSize));
  }

  /**
   * A person's 360 view: addresses, houses, organisations, special-population tags and visits (tags and
   * visits only for roles with specialGroup:read), the events they reported (by their phone) and the
   * disputes they are a party of (by their ID number) — asked of those modules' services, each scoped and
   * audited there. The view itself is audited as a read.
   */
  async function person360(actor: Actor, id: number) {
    const view = await transaction(db, actor, async () => {
      const p = await repo.personById(id);
      if (!p) throw notFound(RT.person);
      await audit.record({
        action: 'person.read',
        objectType: 'person',
        objectId: id,
        diff: { view: '360' },
      });
      const special = can(actor, 'specialGroup:read');
      const [address, houses, orgs, tags, visits] = await Promise.all([
        repo.addressById(p.addressId),
        repo.housesOfPerson(id),
        repo.orgsOfPerson(id, p.orgId),
        special ? repo.tagsOfPerson(id) : Promise.resolve([]),
        special ? repo.visitsOfPerson(id, 50) : Promise.resolve([]),
      ]);
      const houseAddrs = await repo.addressesByIds([
        ...new Set([...houses, ...orgs].map((h) => h.addressId)),
      ]);
      const coResidents = (await repo.searchPeople({ addressId: p.addressId }, 20, 0)).filter(
        (x) => x.id !== id,
      );
      return {
        person: p,
        address: address ?? null,
        houses,
        orgs,
        houseAddrs,
        tags,
        visits,
        coResidents,
        special,
      };
    });
    // Decrypted in memory only to ask the other modules (each looks it up by its own blind index).
    const p = view.person;
    const [reportedEvents, partyDisputes] = await Promise.all([
      events && p.phoneEnc && can(actor, 'event:read')
        ? events.reportedByPhone(actor, pii.decrypt(p.phoneEnc), 20)
        : Promise.resolve([]),
      disputes ? disputes.byPartyIdNumber(actor, pii.decrypt(p.idNumberEnc), 20) : Promise.resolve([]),
    ]);
    return { ...view, events: reportedEvents, disputes: partyDisputes };
  }

  // ---------- houses and organisations ----------

  async function createHouse(
    actor: Actor,
    input: {
      addressId: number;
      use: HouseUse;
      ownerId?: number | null;
      areaM2?: number | null;
      tenantIds?: number[];
    },
  ) {
    return transaction(db, actor, async () => {
      const address = await repo.addressById(input.addressId);
      if (!address) throw notFound(RT.address);
      if (await repo.houseByAddress(address.id)) throw new AppError('DUPLICATE', { what: RT.house });
      if (input.ownerId && !(await repo.personById(input.ownerId))) throw notFound(RT.person);
      const [h] = await repo.insertHouses([
        {
          addressId: address.id,
          use: input.use,
          ownerId: input.ownerId ?? null,
          areaM2: input.areaM2 ?? null,
          regionPath: address.regionPath,
        },
      ]);
      await addTenantsIn(h!, input.tenantIds ?? []);
      await audit.record({
        action: 'house.create',
        objectType: 'house',
        objectId: h!.id,
        diff: { use: h!.use, addressId: address.id },
      });
      return h!;
    });
  }

  async function addTenantsIn(h: repo.HouseRow, personIds: number[]) {
    if (!personIds.length) return;
    const found = await repo.peopleByIds(personIds);
    if (found.length !== new Set(personIds).size) throw notFound(RT.person);
    await repo.insertTenants(
      personIds.map((personId) => ({ houseId: h.id, personId, regionPath: h.regionPath })),
    );
  }

  async function createOrg(
    actor: Actor,
    input: {
      name: string;
      creditCode?: string | null;
      type: OrgType;
      legalRep?: string | null;
      addressId: number;
    },
  ) {
    return transaction(db, actor, async () => {
      const address = await repo.addressById(input.addressId);
      if (!address) throw notFound(RT.address);
      const cc = input.creditCode ? parseCreditCode(input.creditCode) : null;
      if (cc && (await repo.orgByCreditCode(cc.value)))
        throw new AppError('DUPLICATE', { what: RT.organisation });
      // GB 32100 (cn_governance.md §6.2): legacy codes may fail the checksum — warn, never reject.
      const warning = cc && !cc.ok ? CREDIT_CODE_PROBLEM_LABELS[cc.problem].zh : null;
      const [o] = await repo.insertOrgs([
        {
          name: input.name.trim(),
          creditCode: cc?.value ?? null,
          creditCodeWarning: warning,
          type: input.type,
          legalRep: input.legalRep?.trim() || null,
          addressId: address.id,
          regionPath: address.regionPath,
        },
      ]);
      await audit.record({
        action: 'organisation.create',
        objectType: 'organisation',
        objectId: o!.id,
        diff: { name: o!.name, creditCode: o!.creditCode },
      });
      return o!;
    });
  }

  // ---------- special populations ----------

  async function addTag(
    actor: Actor,
    personId: number,
    input: {
      tag: SpecialGroup;
      since: string;
      data?: Record<string, unknown>;
      visitEveryDays?: number | null;
    },
  ) {
    return transaction(db, actor, async () => {
      const p = await repo.personById(personId);
      if (!p) throw notFound(RT.person);
      if (await repo.activeTag(personId, input.tag))
        throw new AppError('TAG_ALREADY_ACTIVE', { tag: SPECIAL_GROUP_LABELS[input.tag] });
      const [t] = await repo.insertTags([
        {
          personId,
          tag: input.tag,
          since: input.since,
          data: input.data ?? {},
          visitEveryDays: input.visitEveryDays ?? null,
          regionPath: p.regionPath,
        },
      ]);
      await repo.bumpCounts([{ path: t!.regionPath, kind: tagKind(t!.tag), delta: 1 }]);
      await audit.record({
        action: 'specialGroup.tag',
        objectType: 'person',
        objectId: personId,
        diff: { tag: input.tag, since: input.since },
      });
      return t!;
    });
  }

  async function updateTag(
    actor: Actor,
    id: number,
    version: number,
    patch: { data?: Record<string, unknown>; visitEveryDays?: number | null; endedOn?: string | null },
  ) {
    return transaction(db, actor, async () => {
      const before = await repo.tagById(id);
      if (!before) throw notFound(RT.tag);
      if (before.endedOn) throw new AppError('TAG_ENDED', { endedOn: before.endedOn });
      const after = await repo.updateTag(id, version, patch);
      if (!after) throw new AppError('CONFLICT');
      if (after.endedOn)
        await repo.bumpCounts([{ path: after.regionPath, kind: tagKind(after.tag), delta: -1 }]);
      await audit.record({
        action: 'specialGroup.update',
        objectType: 'person',
        objectId: before.personId,
        diff: { tagId: id, ...patch },
      });
      return after;
    });
  }

  /** Active tags with their next due date and status, overdue first (the grid worker's list). */
  async function visitsDue(
    actor: Actor,
    f: { tag?: SpecialGroup | undefined; regionPath?: string | undefined },
    today = todayInChina(),
  ) {
    const freq = await visitFrequency();
    return transaction(db, actor, async () => {
      const rows = await repo.activeTagsWithPeople(f);
      const addrs = new Map(
        (await repo.addressesByIds([...new Set(rows.map((r) => r.person.addressId))])).map((a) => [a.id, a]),
      );
      const order = { overdue: 0, due: 1, ok: 2 } as const;
      return rows
        .map(({ tag, person }) => {
          const every = tag.visitEveryDays ?? freq[tag.tag];
          const dueOn = nextVisitDue(tag.lastVisitOn, tag.since, every);
          return {
            tag,
            person,
            address: addrs.get(person.addressId) ?? null,
            everyDays: every,
            dueOn,
            status: visitStatus(dueOn, today),
          };
        })
        .sort((a, b) => order[a.status] - order[b.status] || a.dueOn.localeCompare(b.dueOn));
    });
  }

  async function recordVisit(actor: Actor, tagId: number, input: VisitInput) {
    if (input.visitedAt.getTime() > Date.now() + 5 * 60_000) throw new AppError('VISIT_IN_FUTURE');
    return transaction(db, actor, async () => {
      const tag = await repo.tagById(tagId);
      if (!tag) throw notFound(RT.tag);
      if (tag.endedOn) throw new AppError('TAG_ENDED', { endedOn: tag.endedOn });
      const visit = await repo.insertVisit({
        tagId,
        personId: tag.personId,
        visitedAt: input.visitedAt,
        lng: input.lng ?? null,
        lat: input.lat ?? null,
        findings: input.findings,
        anomaly: input.anomaly,
        visitorId: actor.userId,
        visitorName: actor.username,
        regionPath: tag.regionPath,
      });
      if (input.attachmentIds?.length)
        await attachments.attach(actor, input.attachmentIds, {
          kind: 'visit',
          id: visit.id,
          regionPath: tag.regionPath,
        });
      const day = todayInChina(input.visitedAt);
      if (!tag.lastVisitOn || day > tag.lastVisitOn)
        await repo.updateTag(tag.id, tag.version, { lastVisitOn: day });
      let eventId: number | null = null;
      if (input.anomaly && input.reportEvent && events) {
        // The event carries no name: the dispatcher sees the tag and the grid, the person stays in the registry.
        const address = (await repo.addressesByIds([(await repo.personById(tag.personId))!.addressId]))[0];
        const lng = input.lng ?? address?.lng;
        const lat = input.lat ?? address?.lat;
        if (lng == null || lat == null) throw new AppError('ADDRESS_OUTSIDE_GRID');
        const reported = await events.report(actor, {
          categoryCode: SPECIAL_POPULATION_EVENT_CATEGORY,
          description: `走访发现异常（${SPECIAL_GROUP_LABELS[tag.tag].zh}，走访记录 ${visit.id}）：${input.findings}`,
          address: address?.fullName,
          lng,
          lat,
          channel: 'grid',
        });
        eventId = reported.event.id;
        await repo.setVisitEvent(visit.id, eventId);
      }
      await audit.record({
        action: 'specialGroup.visit',
        objectType: 'person',
        objectId: tag.personId,
        diff: { tagId, visitId: visit.id, anomaly: input.anomaly, eventId },
      });
      return { ...visit, eventId };
    });
  }

  async function visitsOfTag(actor: Actor, tagId: number) {
    return transaction(db, actor, async () => {
      const tag = await repo.tagById(tagId);
      if (!tag) throw notFound(RT.tag);
      return { tag, visits: await repo.visitsOfTag(tagId, 100) };
    });
  }

  // ---------- aggregates for the cockpit: counts per child region, never individual rows ----------
  // They read the kept counters (registry_counts), which every write above bumps in its own transaction.

  async function childRegions(actor: Actor, regionPath: string, level: AggregateLevel) {
    const d = await territory.dir();
    const code = regionPath.split('.').pop()!;
    const root = d.byCode.get(code);
    if (!root || root.regionPath !== regionPath) throw notFound(RT.region);
    const visible = actor.scopePath === '*' || pathWithin(regionPath, actor.scopePath);
    if (!visible) throw notFound(RT.region);
    const depth = LEVEL_DEPTH[level];
    if (depth <= regionPath.split('.').length) throw new AppError('VALIDATION_FAILED');
    const children = [...d.byId.values()]
      .filter((r) => r.level === level && pathWithin(r.regionPath, regionPath))
      .sort((a, b) => a.code.localeCompare(b.code));
    return { children, depth };
  }

  async function populationByRegion(actor: Actor, input: { regionPath: string; level: AggregateLevel }) {
    const { children, depth } = await childRegions(actor, input.regionPath, input.level);
    const counts = await transaction(db, actor, () =>
      repo.countersByPrefix({ residents: true }, input.regionPath, depth),
    );
    const by = new Map(counts.map((c) => [c.prefix, c.n]));
    return children.map((r) => ({
      regionId: r.id,
      code: r.code,
      name: r.name,
      path: r.regionPath,
      residents: by.get(r.regionPath) ?? 0,
    }));
  }

  async function specialPopulationDensity(
    actor: Actor,
    input: { regionPath: string; level: AggregateLevel; tag?: SpecialGroup | undefined },
  ) {
    const { children, depth } = await childRegions(actor, input.regionPath, input.level);
    const counts = await transaction(db, actor, () =>
      repo.countersByPrefix({ tag: input.tag }, input.regionPath, depth),
    );
    const by = new Map(counts.map((c) => [c.prefix, c.n]));
    return children.map((r) => ({
      regionId: r.id,
      code: r.code,
      name: r.name,
      path: r.regionPath,
      count: by.get(r.regionPath) ?? 0,
      areaKm2: r.areaM2 ? r.areaM2 / 1e6 : null,
    }));
  }

  // ---------- bulk writes (demo seed, loaders): one audit entry per batch ----------

  /** Inserts address trees level by level (parents first), codes continuing each parent's numbering. */
  async function insertAddressTree(actor: Actor, roots: AddressNode[]) {
    return transaction(db, actor, async () => {
      // Roots may continue an existing address (parentId): new buildings under a door already there.
      const existing = new Map(
        (await repo.addressesByIds(roots.flatMap((r) => (r.parentId ? [r.parentId] : [])))).map((a) => [
          a.id,
          a,
        ]),
      );
      let level: { node: AddressNode; parent: repo.AddressRow | null }[] = roots.map((node) => {
        const parent = node.parentId ? existing.get(node.parentId) : null;
        if (node.parentId && !parent) throw notFound(RT.address);
        return { node, parent: parent ?? null };
      });
      const nextSeq = new Map<string, number>();
      const places = new Map<string, Awaited<ReturnType<typeof placeOf>>>();
      const fresh = new Set<number>();
      let total = 0;
      while (level.length) {
        const rows: repo.NewAddressRow[] = [];
        for (const { node, parent } of level) {
          // Most nodes only inherit their parent's grid: work that out once per grid, not per node.
          const own = node.kind === 'road' || node.regionId != null || node.gridId != null;
          const key = `${parent?.gridId}`;
          let place = own ? undefined : places.get(key);
          if (!place) {
            place = await placeOf(actor, node.kind, parent, {
              regionId: node.regionId,
              gridId: node.gridId,
            });
            if (!own) places.set(key, place);
          }
          const base = parent?.code ?? place.region.code;
          // A parent inserted by this call has no children yet: no need to ask the database.
          if (!nextSeq.has(base) && parent && fresh.has(parent.id)) nextSeq.set(base, 1);
          if (!nextSeq.has(base)) {
            const last = await repo.maxChildCode(parent?.id ?? null, base);
            nextSeq.set(base, last ? Number(last.slice(base.length)) + 1 : 1);
          }
          const seq = nextSeq.get(base)!;
          nextSeq.set(base, seq + 1);
          const name = elementName(node.kind, node.name);
          const fullName = (parent?.fullName ?? place.townName) + name;
          rows.push({
            code: base + String(seq).padStart(3, '0'),
            parentId: parent?.id ?? null,
            kind: node.kind,
            name,
            fullName,
            norm: normalizeAddress(fullName),
            gridId: place.gridId,
            regionPath: place.region.regionPath,
            lng: node.lng ?? (place.gridId ? place.region.centroidLng : null),
            lat: node.lat ?? (place.gridId ? place.region.centroidLat : null),
          });
        }
        const inserted: repo.AddressRow[] = [];
        for (let i = 0; i < rows.length; i += 5000) {
          const part = rows.slice(i, i + 5000);
          const ids = await repo.insertAddressesBulk(part);
          for (const r of part)
            inserted.push({
              ...(r as Required<Omit<repo.NewAddressRow, 'id' | 'version' | 'createdAt'>>),
              id: ids.get(r.code)!,
              version: 1,
              createdAt: new Date(),
            });
        }
        total += inserted.length;
        for (const a of inserted) fresh.add(a.id);
        const next: typeof level = [];
        level.forEach(({ node }, i) => {
          node.id = inserted[i]!.id;
          for (const c of node.children ?? []) next.push({ node: c, parent: inserted[i]! });
        });
        level = next;
      }
      await audit.record({ action: 'address.bulkCreate', objectType: 'address', diff: { created: total } });
      return total;
    });
  }

  async function insertPeopleBulk(actor: Actor, inputs: PersonInput[]) {
    return transaction(db, actor, async () => {
      const addrs = new Map(
        (await repo.addressesByIds([...new Set(inputs.map((p) => p.addressId))])).map((a) => [a.id, a]),
      );
      const out: repo.PersonRow[] = [];
      for (let i = 0; i < inputs.length; i += 1000) {
        const rows = inputs.slice(i, i + 1000).map((input) => {
          const a = addrs.get(input.addressId);
          if (!a) throw notFound(RT.address);
          return { ...encryptPerson(input), addressId: a.id, regionPath: a.regionPath };
        });
        out.push(...(await repo.insertPeople(rows)));
      }
      await repo.bumpCounts(out.map((p) => ({ path: p.regionPath, kind: RESIDENTS, delta: 1 })));
      await audit.record({
        action: 'person.bulkCreate',
        objectType: 'person',
        diff: { created: out.length },
      });
      return out;
    });
  }

  async function insertHousesBulk(
    actor: Actor,
    inputs: {
      addressId: number;
      use: HouseUse;
      ownerId: number | null;
      areaM2: number | null;
      tenantIds: number[];
    }[],
  ) {
    return transaction(db, actor, async () => {
      const addrs = new Map(
        (await repo.addressesByIds(inputs.map((h) => h.addressId))).map((a) => [a.id, a]),
      );
      const houses: repo.HouseRow[] = [];
      for (let i = 0; i < inputs.length; i += 1000)
        houses.push(
          ...(await repo.insertHouses(
            inputs.slice(i, i + 1000).map((h) => ({
              addressId: h.addressId,
              use: h.use,
              ownerId: h.ownerId,
              areaM2: h.areaM2,
              regionPath: addrs.get(h.addressId)!.regionPath,
            })),
          )),
        );
      const tenants = houses.flatMap((h, i) =>
        inputs[i]!.tenantIds.map((personId) => ({ houseId: h.id, personId, regionPath: h.regionPath })),
      );
      for (let i = 0; i < tenants.length; i += 1000) await repo.insertTenants(tenants.slice(i, i + 1000));
      await audit.record({
        action: 'house.bulkCreate',
        objectType: 'house',
        diff: { created: houses.length },
      });
      return houses;
    });
  }

  async function insertTagsBulk(
    actor: Actor,
    inputs: {
      personId: number;
      tag: SpecialGroup;
      since: string;
      data: Record<string, unknown>;
      lastVisitOn: string | null;
    }[],
  ) {
    return transaction(db, actor, async () => {
      const people = new Map((await repo.peopleByIds(inputs.map((t) => t.personId))).map((p) => [p.id, p]));
      const rows = await repo.insertTags(
        inputs.map((t) => ({ ...t, regionPath: people.get(t.personId)!.regionPath })),
      );
      await repo.bumpCounts(rows.map((t) => ({ path: t.regionPath, kind: tagKind(t.tag), delta: 1 })));
      await audit.record({
        action: 'specialGroup.bulkTag',
        objectType: 'person',
        diff: { created: rows.length },
      });
      return rows;
    });
  }

  return {
    createAddress,
    matchAddress,
    getAddress,
    addressChildren: (actor: Actor, parentId: number | null, gridPath: string | null) =>
      transaction(db, actor, () => repo.childrenOfAddress(parentId, gridPath, 500)),
    addressesByIds: (actor: Actor, ids: number[]) => transaction(db, actor, () => repo.addressesByIds(ids)),
    createPerson,
    updatePerson,
    getPerson,
    unmask,
    searchPeople,
    explainPeopleSearch,
    person360,
    createHouse,
    getHouse: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const h = await repo.houseById(id);
        if (!h) throw notFound(RT.house);
        const tenants = await repo.tenantsOf([id]);
        const people = await repo.peopleByIds([
          ...tenants.map((t) => t.personId),
          ...(h.ownerId ? [h.ownerId] : []),
        ]);
        const [address] = await repo.addressesByIds([h.addressId]);
        return { house: h, tenants, people, address: address ?? null };
      }),
    listHouses: (
      actor: Actor,
      f: { regionPath?: string | undefined; use?: string | undefined },
      page: number,
      pageSize: number,
    ) =>
      transaction(db, actor, async () => {
        const r = await repo.listHouses(f, pageSize, (page - 1) * pageSize);
        const addrs = new Map(
          (await repo.addressesByIds(r.items.map((h) => h.addressId))).map((a) => [a.id, a]),
        );
        return {
          total: r.total,
          items: r.items.map((h) => ({ house: h, address: addrs.get(h.addressId) ?? null })),
        };
      }),
    addTenants: (actor: Actor, houseId: number, personIds: number[]) =>
      transaction(db, actor, async () => {
        const h = await repo.houseById(houseId);
        if (!h) throw notFound(RT.house);
        await addTenantsIn(h, personIds);
        await audit.record({
          action: 'house.tenants',
          objectType: 'house',
          objectId: houseId,
          diff: { added: personIds },
        });
        return repo.tenantsOf([houseId]);
      }),
    createOrg,
    getOrg: (actor: Actor, id: number) =>
      transaction(db, actor, async () => {
        const o = await repo.orgById(id);
        if (!o) throw notFound(RT.organisation);
        return o;
      }),
    listOrgs: (
      actor: Actor,
      f: { regionPath?: string | undefined; q?: string | undefined },
      page: number,
      pageSize: number,
    ) =>
      transaction(db, actor, async () => {
        const r = await repo.listOrgs(f, pageSize, (page - 1) * pageSize);
        const addrs = new Map(
          (await repo.addressesByIds(r.items.map((o) => o.addressId))).map((a) => [a.id, a]),
        );
        return {
          total: r.total,
          items: r.items.map((o) => ({ org: o, address: addrs.get(o.addressId) ?? null })),
        };
      }),
    addTag,
    updateTag,
    visitsDue,
    recordVisit,
    visitsOfTag,
    visitFrequency,
    setVisitFrequency: (actor: Actor, value: Record<SpecialGroup, number>) =>
      settings.put(actor, VISIT_FREQUENCY_KEY, visitFrequencySchema, DEFAULT_VISIT_DAYS, value),
    populationByRegion,
    specialPopulationDensity,
    /** Recounts the kept counters from the tables (system only; after raw bulk loads or to repair drift). */
    rebuildCounters: async (actor: Actor) => {
      if (actor.scopePath !== '*') throw new AppError('FORBIDDEN');
      return transaction(db, actor, () => repo.rebuildCounts());
    },
    insertAddressTree,
    insertPeopleBulk,
    insertHousesBulk,
    insertTagsBulk,
    createOrgsBulk: async (actor: Actor, inputs: Parameters<typeof createOrg>[1][]) => {
      const out: repo.OrgRow[] = [];
      for (const o of inputs) out.push(await createOrg(actor, o));
      return out;
    },
  };
}

/** Kept for callers of the service; the rule lives in the domain's address matcher. */
export { stripRegionPrefix };

export type RegistryService = ReturnType<typeof createRegistryService>;
