import type { TestApp } from './harness';
import type { Fixtures } from './scope-cases';

/** Modules register a hook here that creates their town-2 objects for the matrix (stored in fx.extra). */
export const scopeFixtureHooks: ((t: TestApp, fx: Fixtures) => Promise<Record<string, number | string>>)[] =
  [];
