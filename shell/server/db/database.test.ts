import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, rows, type Database } from './database.js';
import { DatabaseLockedError, isDatabaseUnavailable } from './errors.js';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe('the database', () => {
  it('has every table of the schema once migrations have run', async () => {
    const tables = await rows<{ table_name: string }>(database.db, sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`);
    expect(tables.map((t) => t.table_name)).toEqual([
      'appointments', 'clients', 'integrations', 'login_throttle', 'members', 'mutations', 'outbox', 'sessions', 'stores', 'sync_runs', 'webhook_deliveries', 'webhook_subscriptions',
    ]);
  });

  it('gives every table but the sign-in throttle a store column', async () => {
    const columns = await rows<{ table_name: string }>(
      database.db,
      sql`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'store_id' ORDER BY table_name`,
    );
    expect(columns.map((c) => c.table_name)).toEqual(['appointments', 'clients', 'integrations', 'members', 'mutations', 'outbox', 'sessions', 'sync_runs', 'webhook_deliveries', 'webhook_subscriptions']);
  });
});

describe.runIf(testDatabaseKind() === 'pglite')('a PGlite data directory', () => {
  it('is refused to a second opener while the first has it open, with a message that says what to do', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'mango-pglite-lock-')), 'data');
    const first = await openDatabase({ pgliteDir: dir });
    try {
      const second = openDatabase({ pgliteDir: dir });
      await expect(second).rejects.toBeInstanceOf(DatabaseLockedError);
      await expect(second).rejects.toThrow(/in use by another Mango Biz process.*DATABASE_URL/);
    } finally {
      await first.close();
    }
    // Closed: the next opener gets it, with the data the first one migrated.
    const again = await openDatabase({ pgliteDir: dir });
    expect(await rows(again.db, sql`SELECT 1 FROM stores`)).toEqual([]);
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('a Postgres server that cannot be reached', () => {
  it('is a DatabaseUnavailableError naming the server, never its password', async () => {
    const opened = openDatabase({ url: 'postgres://mango:hunter2@127.0.0.1:1/mango' });
    await expect(opened).rejects.toSatisfy(isDatabaseUnavailable);
    await expect(opened).rejects.toThrow(/127\.0\.0\.1:1\/mango/);
    await expect(opened).rejects.not.toThrow(/hunter2/);
  });
});
