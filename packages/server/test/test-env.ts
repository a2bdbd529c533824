import { type Config, loadConfig } from '../src/config';

/** Fixed test keys (not secrets: tests only) so the template and every copy agree. */
export const TEST_PII_KEY = Buffer.alloc(32, 7).toString('base64');
export const TEST_AUDIT_KEY = Buffer.alloc(32, 9).toString('base64');

export type TestEngine = 'pglite' | 'postgres';

export function testEngine(): TestEngine {
  return process.env.FQ_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';
}

export function testConfig(
  dataDir: string,
  databaseUrl?: string,
  extra: Record<string, string> = {},
): Config {
  return loadConfig({
    FENGQIAO_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '8',
    FENGQIAO_PII_KEY: TEST_PII_KEY,
    FENGQIAO_AUDIT_KEY: TEST_AUDIT_KEY,
    // Cheap hashes keep the suite fast; the login benchmark measures the real cost.
    FENGQIAO_ARGON2_MEMORY_KIB: '1024',
    FENGQIAO_ARGON2_TIME: '1',
    FENGQIAO_WORKERS: 'false',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}

/** `postgres://…/test` → `postgres://…/<name>` */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
