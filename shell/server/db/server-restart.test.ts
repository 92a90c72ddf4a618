// A Postgres server restarted under a running API: requests fail for a moment with 503, then work
// again on new connections; the listening connection comes back and says so, so nothing waits on a
// notification that was lost.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThrowawayCluster, type ThrowawayCluster } from '../../../scripts/lib/postgres.mjs';
import { sql } from 'drizzle-orm';
import { createSignals } from '../events/signals.js';
import { createClientMutation, push } from '../testing/fixtures.js';
import { testDatabaseKind, withDatabase } from '../testing/test-database.js';
import { call, login, startTestServer, testEnv } from '../testing/test-server.js';
import { openDatabase, rows } from './database.js';
import { isDatabaseUnavailable } from './errors.js';

describe.runIf(testDatabaseKind() === 'postgres')('a Postgres server restarted under the API', { timeout: 60_000 }, () => {
  let cluster: ThrowawayCluster;
  let url: string;
  beforeAll(async () => {
    cluster = await startThrowawayCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE biz');
    await admin.end();
    url = withDatabase(cluster.url, 'biz');
  });
  afterAll(() => cluster?.stop());

  it('answers 503 while the server is down and works again once it is back; the listener says it was restored', async () => {
    const biz = await startTestServer(testEnv({ DATABASE_URL: url }), { openFromConfig: true });
    const database = await openDatabase({ url });
    const signals = createSignals(database);
    let resyncs = 0;
    signals.onResync(() => resyncs++);
    await signals.start();
    try {
      const { cookie } = await login(biz.url, 'staff@demo.mango');
      expect((await push(biz.url, cookie, [createClientMutation()])).status).toBe(200);
      await cluster.restart();
      // The pool's old connections are dead; the first request may find one (503), later ones do not.
      const statuses: number[] = [];
      const deadline = Date.now() + 20_000;
      for (;;) {
        const res = await call(biz.url, cookie, 'GET', '/api/changes?since=0');
        statuses.push(res.status);
        if (res.status === 200 || Date.now() > deadline) break;
        expect(res.status).toBe(503);
        expect((await res.json()).error.code).toBe('database_unavailable');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(statuses.at(-1)).toBe(200);
      expect((await push(biz.url, cookie, [createClientMutation()])).body.results[0]!.status).toBe('applied');
      const restored = Date.now() + 10_000;
      while (resyncs === 0 && Date.now() < restored) await new Promise((r) => setTimeout(r, 100));
      expect(resyncs).toBeGreaterThanOrEqual(1);
    } finally {
      await signals.stop();
      await database.close();
      await biz.stop();
    }
  });

  it('survives the server dropping a connection that a transaction holds between statements: the transaction fails as unavailable, the next query works', async () => {
    const database = await openDatabase({ url });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const outcome = database.db.transaction(async (tx) => {
        const [backend] = await rows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
        // The server ends this connection while the transaction is between statements (as a
        // restart does): no query is running on it to receive the error.
        await admin.query('SELECT pg_terminate_backend($1)', [backend!.pid]);
        await new Promise((r) => setTimeout(r, 500));
        await tx.execute(sql`SELECT 1`);
      });
      const err = await outcome.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isDatabaseUnavailable(err)).toBe(true);
      expect(await rows<{ one: number }>(database.db, sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      await admin.end();
      await database.close();
    }
  });
});
