import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../db/database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Which database the server tests run on in this project. */
    testDatabase: { kind: 'pglite'; image: string } | { kind: 'postgres'; adminUrl: string; template: string };
  }
}

/** The kind of database this test project runs on. */
export const testDatabaseKind = (): 'pglite' | 'postgres' => inject('testDatabase').kind;

/**
 * A fresh, migrated database of this project's kind, of its own: PGlite in memory, loaded from
 * the migrated image global setup made (about a second instead of initdb's four), or a new
 * database on the throwaway Postgres server, copied from a migrated template. Close it when done;
 * a Postgres one is dropped.
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const setup = inject('testDatabase');
  if (setup.kind === 'pglite') {
    return openDatabase({ pgliteDir: 'memory', pgliteImage: new Blob([readFileSync(setup.image)]) });
  }
  const name = `t_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: setup.adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${setup.template}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(setup.adminUrl, name);
  const database = await openDatabase({ url, poolSize: 5 });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      const drop = new pg.Client({ connectionString: setup.adminUrl });
      await drop.connect();
      try {
        await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await drop.end();
      }
    },
  };
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
