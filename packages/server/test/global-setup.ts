import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { boot } from '../src/boot';
import { PGLITE_EXTENSIONS } from '../src/db/client';
import { testConfig, withDatabase } from './test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    dataDir: string;
    pgliteTemplate: string;
    pgTemplateDb: string;
  }
}

/**
 * Migrates and seeds one database per run, then every test file gets a copy: PGlite loads a dump of the
 * template, PostgreSQL creates a database from the template database. Each file starts from the same
 * demo district and none sees another's writes.
 */
export default async function setup(project: TestProject) {
  // The project's env does not reach the global setup, which runs in the main process: use its name.
  const engine = project.name.endsWith('postgres') ? 'postgres' : 'pglite';
  const dataDir = mkdtempSync(join(tmpdir(), 'fq-test-'));
  project.provide('dataDir', dataDir);
  project.provide('pgliteTemplate', '');
  project.provide('pgTemplateDb', '');

  if (engine === 'pglite') {
    const pglite = await PGlite.create({ extensions: PGLITE_EXTENSIONS });
    const runtime = await boot(testConfig(dataDir), { pglite, workers: false });
    await runtime.services.audit.seal();
    const dump = await pglite.dumpDataDir('none');
    const file = join(dataDir, 'template.tar');
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await runtime.stop();
    project.provide('pgliteTemplate', file);
    return () => rmSync(dataDir, { recursive: true, force: true });
  }

  const url = process.env.TEST_DATABASE_URL!;
  const name = `fq_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const runtime = await boot(testConfig(dataDir, withDatabase(url, name)), { workers: false });
  await runtime.services.audit.seal();
  await runtime.stop();
  project.provide('pgTemplateDb', name);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
