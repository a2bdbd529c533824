import { defineConfig } from 'vitest/config';

/**
 * Browser journeys: one built server for the whole run (global setup), one Chromium per file, files one
 * after another (the machine has 2 cores and the server needs one). `npm test` builds first.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['tests/**/*.e2e.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
