import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../src/db/context';
import { installTestKind, reportRepair } from './case-kind';
import { applySigned, settleSigned } from './dispute-signing';
import type { TestApp } from './harness';
import type { Fixtures } from './scope-cases';

type Hook = (t: TestApp, fx: Fixtures) => Promise<Record<string, number | string>>;

/** A document issued on a town-2 grid. */
const documentsHook: Hook = async (t, fx) => {
  const doc = await t.services.documents.issue(
    SYSTEM_ACTOR,
    {
      template: 'notice',
      subjectType: 'region',
      subjectId: fx.town2GridId,
      data: {
        recipient: '居民',
        subject: '测试',
        paragraphs: ['测试告知。'],
        issuer: '临江街道办事处',
        issuedOn: '2026-11-23',
      },
    },
    new Set(['document:issue']),
  );
  return { town2DocumentId: doc.id };
};

/** Case engine (issue #3): a town-2 case of the test kind with a file, and a town-2 webhook subscription. */
const casesHook: Hook = async (t, fx) => {
  const s = t.services;
  await installTestKind(s);
  const town2 = await t.actorOf('town2');
  const [file] = await s.attachments.upload(town2, [
    { name: 'town2.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
  ]);
  const caseId = await reportRepair(s, town2, fx.town2Path, '临江街道的案件', { attachments: [file!.id] });
  const sub = await s.messages.createSubscription(SYSTEM_ACTOR, {
    kind: 'webhook',
    name: '临江街道订阅',
    url: 'http://127.0.0.1:9/hook',
    types: [],
    regionPath: fx.town2Path,
  });
  return { town2CaseId: caseId, town2AttachmentId: file!.id, town2SubscriptionId: sub.id };
};

/** Town 2's own department (its street office, seeded as T2) and a grid code there. */
const territoryHook: Hook = async (t, fx) => {
  const departments = await t.services.territory.listDepartments(SYSTEM_ACTOR, {});
  const grid = await t.services.territory.regionSummary(fx.town2GridId);
  return {
    town2DepartmentId: departments.find((d) => d.code === 'T2')!.id,
    town2GridCode: grid!.code,
  };
};

/** Events (issue #4): one event in a town-2 grid (for 404s) and one in town 1 (so lists are not empty). */
const eventsHook: Hook = async (t, fx) => {
  const s = t.services;
  const at = async (gridId: number) => {
    const g = await s.territory.regionSummary(gridId);
    return { lng: g!.centroidLng!, lat: g!.centroidLat! };
  };
  const town2Event = await s.events.report(SYSTEM_ACTOR, {
    categoryCode: '11',
    description: '临江街道的矛盾纠纷线索',
    channel: 'console',
    ...(await at(fx.town2GridId)),
  });
  const grid = await t.actorOf('grid');
  const dir = await s.territory.dir();
  const own = [...dir.byId.values()].find((r) => r.regionPath === grid.scopePath)!;
  await s.events.report(SYSTEM_ACTOR, {
    categoryCode: '11',
    description: '东湖街道的矛盾纠纷线索',
    channel: 'console',
    ...(await at(own.id)),
  });
  return { town2EventId: town2Event.event.id };
};

/** Registry (issue #6): a seeded town-2 room, its unit, a person, a house, an organisation and a tag. */
const registryHook: Hook = async (t) => {
  const s = t.services;
  const town2 = await t.actorOf('town2');
  const [room] = await s.registry.matchAddress(town2, '临江街道江滨大道1号1栋2单元202室', 1);
  const roomId = room!.address.id;
  const [person] = await s.registry.insertPeopleBulk(town2, [
    { name: '临江居民', idNumber: '440524188001010014', residenceType: 'registered', addressId: roomId },
  ]);
  const houses = await s.registry.listHouses(town2, {}, 1, 1);
  const orgs = await s.registry.listOrgs(town2, {}, 1, 1);
  const tag = await s.registry.addTag(SYSTEM_ACTOR, person!.id, { tag: 'youth', since: '2026-01-01' });
  const file = join(tmpdir(), `fq-scope-import-${process.pid}-${Date.now()}.csv`);
  writeFileSync(file, '姓名,身份证号,居住地址\n临江导入,11010519491231002X,临江街道江滨大道1号\n');
  const imp = await s.registryImport.create(town2, { entity: 'people', fileName: 'town2.csv', path: file });
  return {
    town2AddressId: roomId,
    town2UnitId: room!.address.parentId!,
    town2PersonId: person!.id,
    town2HouseId: houses.items[0]!.house.id,
    town2OrgId: orgs.items[0]!.org.id,
    town2TagId: tag.id,
    town2ImportId: imp.id,
  };
};

/** Disputes (issue #5): a town-2 dispute being mediated (with a session), a settled one with a judicial
 * confirmation application, and a town-2 screening task. */
const disputesHook: Hook = async (t, fx) => {
  const s = t.services;
  const town2 = await t.actorOf('town2');
  const mediator = await t.actorOf('mediator');
  const parties = [
    { kind: 'person' as const, role: '申请人', name: '临江甲', address: '临江街道1号', phone: '13900000001' },
    { kind: 'person' as const, role: '被申请人', name: '临江乙', address: '临江街道2号' },
  ];
  const open = async (title: string) => {
    const d = await s.disputes.register(town2, {
      title,
      type: 'neighbour',
      source: 'walkIn',
      facts: '临江街道的纠纷',
      regionId: fx.town2GridId,
      parties,
    });
    await s.cases.apply(town2, 'dispute', d.id, { action: 'accept' });
    await s.cases.apply(town2, 'dispute', d.id, {
      action: 'assign',
      fields: { mediatorId: mediator.userId },
    });
    await s.cases.apply(mediator, 'dispute', d.id, { action: 'confirm' });
    return d;
  };
  const d = await open('临江街道调解中的纠纷');
  const session = await s.disputes.planSession(mediator, d.id, {
    startsAt: new Date('2026-12-01T09:00:00+08:00'),
    place: '临江调解室',
    online: false,
    participants: [{ role: '申请人', name: '临江甲' }],
    notify: false,
  });
  const settled = await open('临江街道已调解的纠纷');
  const agreement = {
    issues: '赔偿',
    responsibilities: '乙方负责',
    agreedItems: ['乙赔偿甲一千元。'],
    performance: { manner: '现金', deadline: '2026-12-31' },
  };
  await settleSigned(s, mediator, settled.id, agreement);
  const partyIds = (await s.disputes.detail(mediator, settled.id)).parties.map((p) => p.id);
  const conf = await applySigned(s, mediator, settled.id, {
    court: '示范区人民法院',
    applicantPartyIds: partyIds,
  });
  // The mediated one has an agreement awaiting signatures (for the signing routes).
  const draft = await s.disputes.draftAgreement(mediator, d.id, agreement);
  const schedule = await s.disputes.createSchedule(SYSTEM_ACTOR, {
    regionId: fx.town2RegionId,
    level: 'town',
    startOn: '2026-11-01',
  });
  await s.disputes.generateTasks();
  const task = (await s.disputes.tasks(town2, { open: true }, 1, 0)).rows[0]!;
  const grid = (await s.territory.regionSummary(fx.town2GridId))!;
  const lead = await s.events.report(town2, {
    categoryCode: '11',
    description: '临江街道两户因宅基地边界发生争吵',
    lng: grid.centroidLng!,
    lat: grid.centroidLat!,
    channel: 'grid',
  });
  return {
    town2DisputeLeadEventId: lead.event.id,
    town2DisputeId: d.id,
    town2SessionId: session.id,
    town2ConfirmationId: conf.id,
    town2TaskId: task.id,
    town2SignerId: draft.signers[0]!.id,
    town2ScheduleId: schedule.id,
    town2MediationOrgId: (await s.disputes.orgs(SYSTEM_ACTOR, { covering: fx.town2Path })).find(
      (o) => o.level === 'town',
    )!.id,
    // The district centre's mediator: placed above town 1, so outside a town-1 administrator's reach.
    outsideMediatorId: (await s.disputes.network.allMediators(SYSTEM_ACTOR)).find(
      (m) => !m.regionPath.startsWith(fx.town1Path),
    )!.id,
  };
};

/** Modules add a hook here that creates their town-2 objects for the matrix (stored in fx.extra). */
export const scopeFixtureHooks: Hook[] = [
  documentsHook,
  territoryHook,
  casesHook,
  registryHook,
  eventsHook,
  disputesHook,
];
