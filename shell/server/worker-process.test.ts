import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { outbox, webhookSubscriptions } from './db/schema.js';
import { createClientMutation, newId, push } from './testing/fixtures.js';
import { ROOT } from './testing/processes.js';
import { startReceiver } from './testing/receiver.js';
import { openTestDatabase, testDatabaseKind } from './testing/test-database.js';
import { TEST_SECRETS, login, startTestServer, testEnv } from './testing/test-server.js';
import { startWorkerProcess } from './worker-process.js';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.stop());

async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('API and delivery workers run apart', () => {
  it('an API with its worker off stores the event; a worker process delivers it', async () => {
    const database = await openTestDatabase();
    const env = testEnv({ BIZ_WORKER: '0', MANGO_CONNECT_TRUSTED_ORIGINS: receiver.origin, ...(database.url ? { DATABASE_URL: database.url } : {}) });
    // On Postgres each opens its own connections, as separate processes would; PGlite is one process.
    const api = await startTestServer(env, database.url ? { openFromConfig: true } : { database });
    const worker = await startWorkerProcess(loadConfig(env), { ...(database.url ? {} : { database }), log: () => {}, pollMs: 100 });
    try {
      expect(api.worker).toBeNull();
      const now = new Date();
      await database.db.insert(webhookSubscriptions).values({ id: `sub_${newId()}`, storeId: 'store_demo_001', integrationType: 'mango_connect', url: `${receiver.origin}/webhook-mango-biz`, events: ['client.created'], active: true, createdAt: now, updatedAt: now });
      const { cookie } = await login(api.url, 'staff@demo.mango');
      const m = createClientMutation();
      expect((await push(api.url, cookie, [m])).body.results[0]!.status).toBe('applied');
      await until('the webhook', () => receiver.received.some((r) => r.body.includes(m.entityId)));
      await until('the attempt to be recorded', async () => (await database.db.select().from(outbox).where(eq(outbox.entityId, m.entityId)))[0]?.status === 'done');
    } finally {
      await worker.stop();
      await api.stop();
      await database.close().catch(() => undefined);
    }
  });
});

describe('pnpm worker (worker-main.ts)', { timeout: 60_000 }, () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');

  it('refuses to run without a Postgres server, saying why', () => {
    const run = spawnSync(tsx, ['shell/server/worker-main.ts'], { cwd: ROOT, env: { ...process.env, ...TEST_SECRETS, BIZ_DEV_MODE: '1' }, encoding: 'utf8', timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/needs DATABASE_URL/);
  });

  it.runIf(testDatabaseKind() === 'postgres')('runs against a Postgres server and exits cleanly on SIGTERM', async () => {
    const database = await openTestDatabase();
    const child = spawn(tsx, ['shell/server/worker-main.ts'], { cwd: ROOT, env: { ...process.env, ...TEST_SECRETS, BIZ_DEV_MODE: '1', DATABASE_URL: database.url! }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until('the worker to start', () => out.includes('delivery worker') || child.exitCode !== null, 30_000);
      expect(out).toMatch(/delivery worker worker_[\w-]+ running/);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await database.close();
    }
  });
});
