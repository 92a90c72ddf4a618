import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../testing/test-database.js';
import { TEST_SECRETS, startTestServer, type TestServer } from '../testing/test-server.js';

let biz: TestServer;
beforeAll(async () => {
  biz = await startTestServer();
});
afterAll(() => biz.stop());

const production = {
  ...TEST_SECRETS,
  MANGO_CONNECT_API_URL: 'https://api.connect.example',
  MANGO_CONNECT_SDK_URL: 'https://api.connect.example/sdk.js',
  CONNECT_HOST_REMOTE_URL: 'https://remote.example/mf-manifest.json',
};

describe('health and readiness', () => {
  it('/healthz answers while the process runs; /readyz once the database has this build\'s migrations', async () => {
    expect(await (await fetch(`${biz.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${biz.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await ready.json()).migrations).toBeGreaterThanOrEqual(2);
  });

  it('/readyz answers 503 saying why when a migration is missing or the database is gone', async () => {
    const server = await startTestServer();
    try {
      await server.database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = (SELECT max(id) FROM drizzle.__drizzle_migrations)`);
      const missing = await fetch(`${server.url}/readyz`);
      expect(missing.status).toBe(503);
      expect((await missing.json()).error.message).toMatch(/migrations applied/);
      await server.database.close();
      const gone = await fetch(`${server.url}/readyz`);
      expect(gone.status).toBe(503);
      expect((await gone.json()).error.message).toMatch(/cannot be reached/);
    } finally {
      await server.stop().catch(() => undefined);
    }
  });
});

describe('/metrics', () => {
  it('in demo mode, answers the Prometheus text with the outbox, circuits, syncs and attempts', async () => {
    const res = await fetch(`${biz.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    for (const name of ['mango_database_up 1', 'mango_outbox_events{status="pending"}', 'mango_outbox_oldest_due_seconds', '# TYPE mango_webhook_attempts_total counter', '# TYPE mango_webhook_attempt_duration_seconds histogram', '# TYPE mango_webhook_circuit gauge', '# TYPE mango_sync_progress_ratio gauge']) {
      expect(text).toContain(name);
    }
    for (const secret of Object.values(TEST_SECRETS)) expect(text).not.toContain(secret);
  });

  it('in production, is off without BIZ_METRICS_TOKEN and asks for it with one', async () => {
    for (const [env, anonymous] of [[production, 404], [{ ...production, BIZ_METRICS_TOKEN: 'a-metrics-token-long-enough' }, 401]] as const) {
      const database = await openTestDatabase();
      const server = await startTestServer(env, { database });
      try {
        const res = await fetch(`${server.url}/metrics`);
        expect(res.status).toBe(anonymous);
        if (anonymous === 401) {
          const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-long-enough' } });
          expect(ok.status).toBe(200);
          expect(await ok.text()).toContain('mango_database_up 1');
        } else {
          expect((await res.json()).error.message).toMatch(/BIZ_METRICS_TOKEN/);
        }
      } finally {
        await server.stop();
      }
    }
  });
});
