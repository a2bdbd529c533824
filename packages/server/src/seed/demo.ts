import {
  DEMO_DISTRICT_CODE,
  generateDemoDistrict,
  mobileNumber,
  mulberry32,
  personName,
} from '@fengqiao/domain';
import { SYSTEM_ACTOR } from '../db/context';
import type { Services } from '../services';
import { DEMO_ACCOUNTS, DEMO_DEPARTMENTS, DEMO_PASSWORD } from './demo-data';
import { seedRegistryDemo } from './registry-demo';

/**
 * Creates the demo district on an empty database: deterministic, so every machine and every test sees
 * the same regions, departments, posts and accounts. Returns false when regions already exist.
 */
export async function seedDemoDistrict(s: Services): Promise<boolean> {
  const existing = await s.territory.children(SYSTEM_ACTOR, null);
  if (existing.length > 0) return false;
  const actor = SYSTEM_ACTOR;
  const regions = generateDemoDistrict(s.config.gridCodeWidth);
  await s.territory.createRegionsBulk(
    actor,
    regions.map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      parentCode: r.parentCode,
      boundary: r.boundary,
      population: r.population,
      households: r.households,
      sort: r.sort,
    })),
  );
  const dir = await s.territory.dir();
  const district = dir.byCode.get(DEMO_DISTRICT_CODE)!;
  const towns = regions.filter((r) => r.level === 'town');
  const deptRows = await s.territory.createDepartments(actor, [
    ...DEMO_DEPARTMENTS.map((d, i) => ({ ...d, regionId: district.id, sort: i + 1 })),
    ...towns.map((t, i) => ({
      code: `T${i + 1}`,
      name: `${t.name}${t.name.endsWith('镇') ? '人民政府' : '办事处'}`,
      shortName: t.name,
      type: 'townGovernment' as const,
      duties: '属地兜底、吹哨报到',
      regionId: dir.byCode.get(t.code)!.id,
      sort: 100 + i,
    })),
  ]);
  const deptByCode = new Map(deptRows.map((d) => [d.code, d.id]));
  const town1 = dir.byCode.get(towns[0]!.code)!;
  const town2 = dir.byCode.get(towns[1]!.code)!;
  const grid1 = [...dir.byId.values()]
    .filter((r) => r.level === 'grid' && r.regionPath.startsWith(`${town1.regionPath}.`))
    .sort((a, b) => a.code.localeCompare(b.code))[0]!;
  const scopes = { district: district.id, town1: town1.id, town2: town2.id, grid1: grid1.id };
  const rand = mulberry32(7);
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => s.hasher.hash(DEMO_PASSWORD)));
  const accounts = await s.users.createSystemUsers(
    actor,
    DEMO_ACCOUNTS.map((a, i) => ({
      username: a.username,
      displayName: a.displayName,
      roles: a.roles,
      scopeRegionId: scopes[a.scope],
      departmentId: a.department ? (deptByCode.get(a.department) ?? null) : null,
      phone: mobileNumber(rand),
      passwordHash: hashes[i]!,
    })),
  );
  const gridUser = accounts.find((a) => a.username === 'grid')!;
  const grids = [...dir.byId.values()].filter((r) => r.level === 'grid');
  const communities = [...dir.byId.values()].filter((r) => r.level === 'community');
  await s.territory.createPosts(actor, [
    ...communities.map((c) => ({
      regionId: c.id,
      postType: 'gridLeader' as const,
      personName: personName(rand),
      phone: mobileNumber(rand),
      startedOn: '2026-01-01',
    })),
    ...grids.map((g) =>
      g.id === grid1.id
        ? {
            regionId: g.id,
            postType: 'gridWorker' as const,
            userId: gridUser.id,
            personName: gridUser.displayName,
            phone: mobileNumber(rand),
            startedOn: '2026-01-01',
          }
        : {
            regionId: g.id,
            postType: 'gridWorker' as const,
            personName: personName(rand),
            phone: mobileNumber(rand),
            startedOn: '2026-01-01',
          },
    ),
  ]);
  await seedRegistryDemo(s);
  return true;
}
