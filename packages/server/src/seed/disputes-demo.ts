import { makeIdNumber, mobileNumber, mulberry32, personName, shanghaiDate } from '@fengqiao/domain';
import { type Actor, SYSTEM_ACTOR } from '../db/context';
import type { Services } from '../services';
import { DEMO_PASSWORD } from './demo-data';

/** Extra mediator accounts of the demo network (the district centre's `mediator` is in DEMO_ACCOUNTS). */
export const DEMO_MEDIATORS = [
  { username: 'mediator1', displayName: '钱调解', scope: 'town1', zh: '东湖街道矛调中心调解员' },
  { username: 'mediator2', displayName: '孙调解', scope: 'community1', zh: '东湖街道第一社区人民调解员' },
  { username: 'mediator3', displayName: '冯调解', scope: 'district', zh: '区物业纠纷调解中心调解员' },
] as const;

const actorOf = (
  u: { id: number; username: string; roles: readonly string[] },
  scopePath: string,
  dept: number | null,
): Actor => ({
  userId: u.id,
  username: u.username,
  roles: u.roles,
  scopePath,
  departmentId: dept,
});

/**
 * The demo mediation network (issue #5, seed 002 "四四三"): the district centre (e体+) and five
 * professional centres, a centre per town, a committee per community of the first two towns, two
 * mediation rooms; mediators; screening schedules; and a few disputes in different states.
 */
export async function seedMediationNetwork(s: Services): Promise<void> {
  const sys = SYSTEM_ACTOR;
  const dir = await s.territory.dir();
  const all = [...dir.byId.values()];
  const district = all.find((r) => r.level === 'district')!;
  const towns = all.filter((r) => r.level === 'town').sort((a, b) => a.code.localeCompare(b.code));
  const under = (p: string, level: string) =>
    all
      .filter((r) => r.level === level && r.regionPath.startsWith(`${p}.`))
      .sort((a, b) => a.code.localeCompare(b.code));
  const [town1, town2] = [towns[0]!, towns[1]!];
  const communities1 = under(town1.regionPath, 'community');
  const communities2 = under(town2.regionPath, 'community');
  const types4 = ['people', 'administrative', 'judicial', 'industry'];
  const at = (r: { id: number; regionPath: string }) => ({ regionId: r.id, regionPath: r.regionPath });
  const orgs = await s.disputes.createOrgs(sys, [
    {
      name: '示范区社会矛盾纠纷调处化解中心（e体+）',
      shortName: '区矛调中心',
      level: 'district',
      kind: 'centre',
      mediationTypes: types4,
      specialties: ['general'],
      address: '示范区行政服务中心三楼',
      phone: '0592-12348',
      ...at(district),
    },
    ...(
      [
        ['物业纠纷人民调解委员会', '物业调委会', 'property'],
        ['劳动人事争议调解中心', '劳动调解中心', 'labour'],
        ['医疗纠纷人民调解委员会', '医调委', 'medical'],
        ['道路交通事故纠纷调解中心', '交调中心', 'traffic'],
        ['婚姻家庭纠纷调解中心', '婚调中心', 'family'],
      ] as const
    ).map(([name, shortName, sp]) => ({
      name: `示范区${name}`,
      shortName,
      level: 'specialised',
      kind: 'professional',
      mediationTypes: sp === 'labour' ? ['administrative', 'industry'] : ['people', 'industry'],
      specialties: [sp],
      ...at(district),
    })),
    ...towns.map((t) => ({
      name: `${t.name}矛盾纠纷调处化解中心`,
      shortName: `${t.name}矛调中心`,
      level: 'town',
      kind: 'centre',
      mediationTypes: ['people', 'administrative'],
      specialties: ['general'],
      ...at(t),
    })),
    ...[...communities1, ...communities2].map((c) => ({
      name: `${c.name}人民调解委员会`,
      shortName: `${c.name}调委会`,
      level: 'village',
      kind: 'committee',
      mediationTypes: ['people'],
      specialties: ['general'],
      ...at(c),
    })),
    {
      name: `${communities1[0]!.name}“老娘舅”人民调解室`,
      shortName: '老娘舅调解室',
      level: 'village',
      kind: 'room',
      mediationTypes: ['people'],
      specialties: ['neighbour', 'family'],
      ...at(communities1[0]!),
    },
    {
      name: `${town1.name}派出所驻所人民调解室`,
      shortName: '驻所调解室',
      level: 'town',
      kind: 'room',
      mediationTypes: ['people'],
      specialties: ['neighbour', 'consumer', 'traffic'],
      ...at(town1),
    },
  ]);
  const orgByName = (n: string) => orgs.find((o) => o.name.includes(n))!;

  const hash = await s.hasher.hash(DEMO_PASSWORD);
  const rand = mulberry32(55);
  const scopeOf = { district: district.id, town1: town1.id, community1: communities1[0]!.id } as const;
  const created = await s.users.createSystemUsers(
    sys,
    DEMO_MEDIATORS.map((m) => ({
      username: m.username,
      displayName: m.displayName,
      roles: ['mediator' as const],
      scopeRegionId: scopeOf[m.scope],
      departmentId: null,
      phone: mobileNumber(rand),
      passwordHash: hash,
    })),
  );
  const main = (await s.users.list(sys, { q: 'mediator' }, 10, 0)).rows.find(
    (u) => u.username === 'mediator',
  )!;
  const user = (name: string) => created.find((u) => u.username === name)!;
  await s.disputes.createMediators(sys, [
    {
      userId: main.id,
      orgId: orgByName('e体+').id,
      name: main.displayName,
      title: '专职人民调解员',
      regionPath: district.regionPath,
      specialties: ['general'],
      maxLoad: 30,
    },
    {
      userId: user('mediator1').id,
      orgId: orgByName(`${town1.name}矛盾`).id,
      name: '钱调解',
      title: '专职人民调解员',
      regionPath: town1.regionPath,
      specialties: ['general'],
      maxLoad: 20,
    },
    {
      userId: user('mediator2').id,
      orgId: orgByName('老娘舅').id,
      name: '孙调解',
      title: '兼职人民调解员（老党员）',
      regionPath: communities1[0]!.regionPath,
      specialties: ['neighbour', 'family', 'property'],
      maxLoad: 8,
    },
    {
      userId: user('mediator3').id,
      orgId: orgByName('物业纠纷').id,
      name: '冯调解',
      title: '物业纠纷专职调解员',
      regionPath: district.regionPath,
      specialties: ['property'],
      maxLoad: 20,
    },
  ]);

  // Screening: the first grid daily (grid worker), town 1's first community weekly, town 1 fortnightly.
  const today = shanghaiDate(new Date());
  const accounts = (await s.users.list(sys, {}, 200, 0)).rows;
  const acc = (u: string) => accounts.find((a) => a.username === u)!;
  const grid1 = under(communities1[0]!.regionPath, 'grid')[0]!;
  await s.disputes.createSchedule(sys, {
    regionId: grid1.id,
    level: 'villageGroup',
    startOn: today,
    responsibleUserId: acc('grid').id,
  });
  await s.disputes.createSchedule(sys, {
    regionId: communities1[0]!.id,
    level: 'village',
    startOn: today,
    responsibleUserId: user('mediator2').id,
  });
  await s.disputes.createSchedule(sys, {
    regionId: town1.id,
    level: 'town',
    startOn: today,
    responsibleUserId: acc('town1').id,
  });
  await s.disputes.generateTasks(today);

  // A few disputes in different states, through the same service calls the API uses.
  const town1Actor = actorOf(acc('town1'), town1.regionPath, null);
  const m2 = actorOf(user('mediator2'), communities1[0]!.regionPath, null);
  const gridActor = actorOf(acc('grid'), grid1.regionPath, null);
  const r = mulberry32(2026);
  const person = (role: string) => ({
    kind: 'person' as const,
    role,
    name: personName(r),
    idNumber: makeIdNumber(
      '350203',
      `19${60 + Math.floor(r() * 40)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      Math.floor(r() * 999),
    ),
    phone: mobileNumber(r),
    address: `${town1.name}${communities1[0]!.name}${1 + Math.floor(r() * 30)}号`,
  });
  const samples = [
    {
      title: '楼上漏水致楼下天花板受损',
      type: 'neighbour',
      facts: '501室卫生间防水层老化，渗水至401室，双方就维修及赔偿发生争执。',
    },
    {
      title: '物业费与停车位管理纠纷',
      type: 'property',
      facts: '业主以停车位管理混乱为由拒交物业费，物业公司多次催缴未果。',
    },
    {
      title: '装修噪音邻里纠纷',
      type: 'neighbour',
      facts: '新住户周末装修噪音大，邻居多次交涉无果，发生口角。',
      riskFlags: ['repeated' as const],
    },
    { title: '赡养费分担纠纷', type: 'family', facts: '三兄妹就母亲赡养费及看护分担意见不一。' },
    { title: '小额借款未还', type: 'loan', facts: '邻居借款一万元约定半年归还，逾期一年未还。' },
  ];
  const ids: number[] = [];
  for (const [i, x] of samples.entries()) {
    const d = await s.disputes.register(i === 0 ? gridActor : town1Actor, {
      ...x,
      source: i === 0 ? 'screening' : 'walkIn',
      regionId: grid1.id,
      parties: [person('申请人'), person('被申请人')],
    });
    ids.push(d.id);
  }
  // 1: accepted and assigned to the community mediator, who confirms; 2: accepted; 3: refused.
  await s.cases.apply(town1Actor, 'dispute', ids[0]!, { action: 'accept' });
  await s.cases.apply(town1Actor, 'dispute', ids[0]!, {
    action: 'assign',
    fields: { mediatorId: user('mediator2').id },
  });
  await s.cases.apply(m2, 'dispute', ids[0]!, { action: 'confirm' });
  await s.cases.apply(town1Actor, 'dispute', ids[1]!, { action: 'accept' });
  await s.cases.apply(town1Actor, 'dispute', ids[3]!, { action: 'accept' });
  await s.cases.apply(town1Actor, 'dispute', ids[3]!, {
    action: 'assign',
    fields: { mediatorId: user('mediator2').id },
  });
  await s.cases.apply(town1Actor, 'dispute', ids[4]!, {
    action: 'refuse',
    comment: '属于民间借贷，已有书面借条，建议直接向人民法院起诉（已告知诉讼途径）。',
  });
  // The seed's own notifications are not news to anyone: mark them read.
  for (const u of [acc('town1'), acc('dispatcher'), user('mediator2'), acc('grid')])
    await s.messages.markRead(actorOf(u, '*', null), 'all');
}
