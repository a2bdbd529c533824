import { SYSTEM_ACTOR } from '../src/db/context';
import type { TestApp } from './harness';
import type { Fixtures } from './scope-cases';

/** Modules register a hook here that creates their town-2 objects for the matrix (stored in fx.extra). */
export const scopeFixtureHooks: ((t: TestApp, fx: Fixtures) => Promise<Record<string, number | string>>)[] = [
  // territory: town 2's own department (its street office, seeded as T2) and a grid code there.
  async (t, fx) => {
    const departments = await t.services.territory.listDepartments(SYSTEM_ACTOR, {});
    const grid = await t.services.territory.regionSummary(fx.town2GridId);
    return {
      town2DepartmentId: departments.find((d) => d.code === 'T2')!.id,
      town2GridCode: grid!.code,
    };
  },
];
