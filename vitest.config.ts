import { defineConfig } from 'vitest/config';

// Database tests run on PGlite always, and again on PostgreSQL when TEST_DATABASE_URL is set.
const pgUrl = process.env.TEST_DATABASE_URL;
const serverProject = (engine: 'pglite' | 'postgres', groupOrder: number) => ({
  extends: true as const,
  test: {
    name: `server-${engine}`,
    include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    env: { FQ_TEST_ENGINE: engine },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite is single-threaded WASM: two files at once per core is plenty.
    maxWorkers: 2,
    // Engines run one after the other, not side by side on two cores.
    sequence: { groupOrder },
  },
});

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'domain', include: ['packages/domain/src/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      serverProject('pglite', 1),
      ...(pgUrl ? [serverProject('postgres', 2)] : []),
    ],
  },
});
