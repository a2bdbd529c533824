import { SYSTEM_ACTOR } from '../src/db/context';
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

/** Town 2's own department (its street office, seeded as T2) and a grid code there. */
const territoryHook: Hook = async (t, fx) => {
  const departments = await t.services.territory.listDepartments(SYSTEM_ACTOR, {});
  const grid = await t.services.territory.regionSummary(fx.town2GridId);
  return {
    town2DepartmentId: departments.find((d) => d.code === 'T2')!.id,
    town2GridCode: grid!.code,
  };
};

/** Modules add a hook here that creates their town-2 objects for the matrix (stored in fx.extra). */
export const scopeFixtureHooks: Hook[] = [documentsHook, territoryHook];
