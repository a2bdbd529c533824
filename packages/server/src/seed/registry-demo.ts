import {
  DEMO_DISTRICT_CODE,
  HOUSE_USES,
  type HouseUse,
  makeCreditCode,
  makeIdNumber,
  mobileNumber,
  mulberry32,
  type OrgType,
  personName,
  type ResidenceType,
  SPECIAL_GROUPS,
  type SpecialGroup,
} from '@fengqiao/domain';
import { SYSTEM_ACTOR } from '../db/context';
import { type AddressNode, type PersonInput, todayInChina } from '../modules/registry/registry.service';
import type { Services } from '../services';

export const DEMO_ROADS = [
  ['东湖路', '湖滨路', '新港路'],
  ['江滨大道', '临江路', '码头街'],
  ['望海路', '海韵路', '渔港巷'],
  ['星桥路', '学院路', '文昌街'],
  ['枫桥大道', '枫林路', '古镇街'],
  ['青山路', '松涛路', '竹林巷'],
  ['白沙路', '沙洲路', '银滩街'],
  ['桃源路', '桃花路', '溪口街'],
];
const FLOATING_REGIONS = [
  '350102',
  '350104',
  '350121',
  '350181',
  '360102',
  '430104',
  '510107',
  '411302',
  '340104',
];
const ROOMS = ['101', '102', '201', '202'];
const FIRMS = [
  '商贸有限公司',
  '餐饮店',
  '物业管理有限公司',
  '建材经营部',
  '科技有限公司',
  '便利店',
  '服装厂',
  '幼儿园',
];
const FIRM_TYPES: OrgType[] = [
  'enterprise',
  'individual',
  'enterprise',
  'individual',
  'enterprise',
  'individual',
  'enterprise',
  'socialOrg',
];

function isoDay(base: string, deltaDays: number): string {
  return new Date(Date.parse(`${base}T00:00:00Z`) + deltaDays * 86_400_000).toISOString().slice(0, 10);
}

/** The demo doors: per town three roads; grid i of a town gets door floor(i/3)·2+1 on road i mod 3. */
export function demoDoors(
  regions: readonly { id: number; code: string; name: string; level: string; regionPath: string }[],
) {
  const towns = regions
    .filter((r) => r.level === 'town' && r.regionPath.startsWith(`${DEMO_DISTRICT_CODE}.`))
    .sort((a, b) => a.code.localeCompare(b.code));
  return towns.flatMap((town, ti) =>
    regions
      .filter((r) => r.level === 'grid' && r.regionPath.startsWith(`${town.regionPath}.`))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((g, gi) => ({
        townId: town.id,
        town: town.name,
        road: DEMO_ROADS[ti % DEMO_ROADS.length]![gi % 3]!,
        roadIndex: gi % 3,
        door: Math.floor(gi / 3) * 2 + 1,
        gridId: g.id,
      })),
  );
}

/**
 * Demo 一标三实 for the demo district: per town three roads; per grid one door on a road with one
 * building (2 units × 4 rooms), people in most rooms (owner-occupied, rented or vacant), a few
 * organisations and special-population tags. Deterministic except that visit dates follow today, so the
 * grid worker always has visits due and overdue.
 */
export async function seedRegistryDemo(s: Services): Promise<void> {
  const rand = mulberry32(6);
  const actor = SYSTEM_ACTOR;
  const dir = await s.territory.dir();
  const regions = [...dir.byId.values()];
  const towns = regions.filter(
    (r) => r.level === 'town' && r.regionPath.startsWith(`${DEMO_DISTRICT_CODE}.`),
  );
  towns.sort((a, b) => a.code.localeCompare(b.code));
  const roots: AddressNode[] = [];
  const doors: { node: AddressNode; gridId: number }[] = [];
  towns.forEach((town, ti) => {
    const roads: AddressNode[] = DEMO_ROADS[ti % DEMO_ROADS.length]!.map((name) => ({
      kind: 'road',
      name,
      regionId: town.id,
      children: [],
    }));
    roots.push(...roads);
    const grids = regions
      .filter((r) => r.level === 'grid' && r.regionPath.startsWith(`${town.regionPath}.`))
      .sort((a, b) => a.code.localeCompare(b.code));
    grids.forEach((g, gi) => {
      const door: AddressNode = {
        kind: 'doorplate',
        name: `${Math.floor(gi / 3) * 2 + 1}号`,
        gridId: g.id,
        children: [
          {
            kind: 'building',
            name: '1栋',
            children: ['1单元', '2单元'].map((u) => ({
              kind: 'unit' as const,
              name: u,
              children: ROOMS.map((r) => ({ kind: 'room' as const, name: `${r}室` })),
            })),
          },
        ],
      };
      roads[gi % 3]!.children!.push(door);
      doors.push({ node: door, gridId: g.id });
    });
  });
  await s.registry.insertAddressTree(actor, roots);

  // People, room by room.
  const used = new Set<string>();
  const people: PersonInput[] = [];
  const roomPeople: { roomId: number; use: HouseUse; first: number; count: number }[] = [];
  for (const { node } of doors) {
    for (const unit of node.children![0]!.children!) {
      for (const room of unit.children!) {
        const r = rand();
        const use: HouseUse = r < 0.15 ? 'vacant' : r < 0.35 ? 'rented' : HOUSE_USES[0];
        const n = use === 'vacant' ? 0 : 1 + Math.floor(rand() * 3);
        roomPeople.push({ roomId: room.id!, use, first: people.length, count: n });
        for (let i = 0; i < n; i++) {
          const floating = use === 'rented' || rand() < 0.08;
          const residenceType: ResidenceType = floating
            ? 'floating'
            : rand() < 0.05
              ? 'leftBehind'
              : 'registered';
          const region = floating
            ? FLOATING_REGIONS[Math.floor(rand() * FLOATING_REGIONS.length)]!
            : '350104';
          let idNumber = '';
          do {
            const y = 1940 + Math.floor(rand() * 80);
            const m = 1 + Math.floor(rand() * 12);
            const d = 1 + Math.floor(rand() * 28);
            idNumber = makeIdNumber(
              region,
              `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
              Math.floor(rand() * 1000),
            );
          } while (used.has(idNumber));
          used.add(idNumber);
          people.push({
            name: personName(rand),
            idNumber,
            phone: rand() < 0.9 ? mobileNumber(rand) : null,
            residenceType,
            addressId: room.id!,
            workplace: rand() < 0.3 ? `示范区${FIRMS[Math.floor(rand() * FIRMS.length)]}` : null,
          });
        }
      }
    }
  }
  const inserted = await s.registry.insertPeopleBulk(actor, people);
  await s.registry.insertHousesBulk(
    actor,
    roomPeople.map((h) => {
      const ids = inserted.slice(h.first, h.first + h.count).map((p) => p.id);
      return {
        addressId: h.roomId,
        use: h.use,
        ownerId: h.use === 'selfOccupied' ? (ids[0] ?? null) : null,
        areaM2: 60 + Math.floor(rand() * 80),
        tenantIds: h.use === 'rented' ? ids : [],
      };
    }),
  );

  // Organisations on every tenth door.
  const orgs = doors
    .filter((_, i) => i % 10 === 0)
    .map((d, i) => {
      const k = i % FIRMS.length;
      const org8 = String(10_000_000 + Math.floor(rand() * 89_999_999));
      return {
        name: `示范区${d.node.name.replace('号', '')}号${FIRMS[k]}`,
        creditCode: makeCreditCode(FIRM_TYPES[k] === 'individual' ? '92350199' : '91350199', org8),
        type: FIRM_TYPES[k]!,
        legalRep: personName(rand),
        addressId: d.node.id!,
      };
    });
  await s.registry.createOrgsBulk(actor, orgs);

  // Special populations: about 2% of people, and a handful in the grid worker's own grid.
  const today = todayInChina();
  const grid1 = regions
    .filter(
      (r) => r.level === 'grid' && r.regionPath.startsWith(`${DEMO_DISTRICT_CODE}.${DEMO_DISTRICT_CODE}001.`),
    )
    .sort((a, b) => a.code.localeCompare(b.code))[0]!;
  const tags: {
    personId: number;
    tag: SpecialGroup;
    since: string;
    data: Record<string, unknown>;
    lastVisitOn: string | null;
  }[] = [];
  inserted.forEach((p, i) => {
    const inGrid1 = p.regionPath === grid1.regionPath;
    if (!(inGrid1 ? i % 3 === 0 : rand() < 0.02)) return;
    const tag = SPECIAL_GROUPS[Math.floor(rand() * SPECIAL_GROUPS.length)]!;
    tags.push({
      personId: p.id,
      tag,
      since: isoDay(today, -200 - Math.floor(rand() * 500)),
      data:
        tag === 'corrections'
          ? { category: '缓刑', level: '普管' }
          : tag === 'mentalDisorder'
            ? { riskLevel: 1 }
            : {},
      lastVisitOn: rand() < 0.85 ? isoDay(today, -Math.floor(rand() * 45)) : null,
    });
  });
  await s.registry.insertTagsBulk(actor, tags);
}
