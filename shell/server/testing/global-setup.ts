import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/database.js';
import { withDatabase } from './test-database.js';

const TEMPLATE = 'mango_template';

/**
 * Prepares the database the server tests of this project run on. `BIZ_TEST_DB=postgres`: a real
 * Postgres server — `DATABASE_URL` when given, else a throwaway cluster on a loopback port — with a
 * migrated template database every test file copies. Otherwise: a migrated PGlite image every test
 * file loads into memory.
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.BIZ_TEST_DB ?? process.env.BIZ_TEST_DB;
  if (kind === 'postgres') {
    let cluster: { url: string; stop(): Promise<void> } | null = null;
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const { ensurePostgres, startThrowawayCluster } = await import('../../../scripts/lib/postgres.mjs');
      await ensurePostgres();
      cluster = await startThrowawayCluster();
      adminUrl = cluster.url;
    }
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    await admin.end();
    const template = await openDatabase({ url: withDatabase(adminUrl, TEMPLATE), poolSize: 1 });
    await template.close();
    project.provide('testDatabase', { kind: 'postgres', adminUrl, template: TEMPLATE });
    return async () => {
      await cluster?.stop();
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'mango-pglite-image-'));
  const database = await openDatabase({ pgliteDir: 'memory' });
  const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
  const image = join(dir, 'migrated.tar');
  writeFileSync(image, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  await database.close();
  project.provide('testDatabase', { kind: 'pglite', image });
  return () => rmSync(dir, { recursive: true, force: true });
}
