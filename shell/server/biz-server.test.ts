import { ConnectConfigError } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { startBizServer } from './biz-server.js';
import { seedDemoStores } from './demo/seed-demo.js';
import { createTestStore, TEST_PASSWORD } from './testing/stores.js';
import { openTestDatabase } from './testing/test-database.js';
import { TEST_SECRETS, call, login, startTestServer, testHasher } from './testing/test-server.js';

const production = {
  ...TEST_SECRETS,
  MANGO_CONNECT_API_URL: 'https://api.connect.example',
  MANGO_CONNECT_SDK_URL: 'https://api.connect.example/sdk.js',
  CONNECT_HOST_REMOTE_URL: 'https://remote.example/mf-manifest.json',
};

describe('production mode', () => {
  it('refuses to start on a database that holds the demo stores, saying what to do', async () => {
    const database = await openTestDatabase();
    await seedDemoStores(database.db, testHasher);
    const start = startBizServer({ config: loadConfig(production), database, hasher: testHasher, port: 0, log: () => {} });
    await expect(start).rejects.toBeInstanceOf(ConnectConfigError);
    await expect(start).rejects.toThrow(/holds demo stores \(store_demo_001, store_demo_002\).*BIZ_DEV_MODE=1/);
  });

  it('seeds no demo store, and a real member signs in', async () => {
    const database = await openTestDatabase();
    const { emails } = await createTestStore(database.db, ['owner']);
    const server = await startTestServer(production, { database });
    try {
      expect((await login(server.url, 'owner@demo.mango')).res.status).toBe(401);
      expect((await login(server.url, emails.owner, TEST_PASSWORD)).res.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('a database that goes away under a running API', () => {
  it('answers 503 database_unavailable with a message a person can act on, and the request changes nothing', async () => {
    const server = await startTestServer();
    const { cookie } = await login(server.url, 'staff@demo.mango');
    await server.database.close();
    try {
      const res = await call(server.url, cookie, 'GET', '/api/changes?since=0');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect((await res.json()).error).toMatchObject({ code: 'database_unavailable', message: expect.stringMatching(/cannot be reached.*nothing was saved/) });
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});
