import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../src/app';
import { type BootOptions, boot, type Runtime } from '../src/boot';
import { PGLITE_EXTENSIONS } from '../src/db/client';
import { type Actor, SYSTEM_ACTOR } from '../src/db/context';
import { DEMO_PASSWORD } from '../src/seed/demo-data';
import type { Services } from '../src/services';
import { testConfig, testEngine, withDatabase } from './test-env';

export { DEMO_PASSWORD };

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  services: Services;
  engine: 'pglite' | 'postgres';
  /** Every route the app registered. */
  routes: { methods: string[]; url: string }[];
  /** Signs in a demo account; returns headers for app.inject. */
  login(username: string, password?: string): Promise<{ authorization: string }>;
  /** app.inject as a demo user (Bearer token; cached per user). */
  as(username: string, opts: InjectOptions): Promise<LightMyRequestResponse>;
  actorOf(username: string): Promise<Actor>;
  close(): Promise<void>;
}

/** A fresh copy of the seeded template database, a runtime and an app on it. Call once per test file. */
export async function createTestApp(
  extraEnv: Record<string, string> = {},
  bootOpts: Omit<BootOptions, 'pglite'> = {},
): Promise<TestApp> {
  const engine = testEngine();
  const dataDir = inject('dataDir');
  let runtime: Runtime;
  let dropDb: (() => Promise<void>) | null = null;
  if (engine === 'pglite') {
    const blob = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const pglite = await PGlite.create({ loadDataDir: blob, extensions: PGLITE_EXTENSIONS });
    runtime = await boot(testConfig(dataDir, undefined, extraEnv), { workers: false, ...bootOpts, pglite });
  } else {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `fq_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplateDb')}`);
    runtime = await boot(testConfig(dataDir, withDatabase(base, name), extraEnv), {
      workers: false,
      ...bootOpts,
    });
    dropDb = async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const routes: { methods: string[]; url: string }[] = [];
  const app = await buildApp(runtime.services, { logger: false, routes });
  await app.ready();
  const tokens = new Map<string, string>();

  async function login(username: string, password = DEMO_PASSWORD) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    return { authorization: `Bearer ${res.json().token as string}` };
  }

  return {
    app,
    runtime,
    services: runtime.services,
    engine,
    routes,
    login,
    async as(username, opts) {
      let token = tokens.get(username);
      if (!token) {
        token = (await login(username)).authorization;
        tokens.set(username, token);
      }
      return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), authorization: token } });
    },
    async actorOf(username) {
      const { users } = runtime.services;
      const list = await users.list(SYSTEM_ACTOR, { q: username }, 10, 0);
      const u = list.rows.find((r) => r.username === username);
      if (!u) throw new Error(`no demo user ${username}`);
      return {
        userId: u.id,
        username: u.username,
        roles: u.roles,
        scopePath: u.regionPath,
        departmentId: u.departmentId,
      };
    },
    async close() {
      await app.close();
      await runtime.stop();
      if (dropDb) await dropDb();
    },
  };
}
