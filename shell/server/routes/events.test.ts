import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientFields, createClientMutation, push } from '../testing/fixtures.js';
import { openEventStream } from '../testing/sse.js';
import { openTestDatabase, testDatabaseKind } from '../testing/test-database.js';
import { login, startTestServer, testEnv, type TestServer } from '../testing/test-server.js';

let biz: TestServer;
beforeAll(async () => {
  biz = await startTestServer();
});
afterAll(() => biz.stop());

const seqOf = (data: string) => (JSON.parse(data) as { seq: number }).seq;

describe('GET /api/events', () => {
  it('answers 401 without a session', async () => {
    const res = await fetch(`${biz.url}/api/events`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
  });

  it('says the current sequence on connect, then each commit of the store, and nothing of another store', async () => {
    const owner = (await login(biz.url, 'owner@demo.mango')).cookie;
    const staff = (await login(biz.url, 'staff@demo.mango')).cookie;
    const spa = (await login(biz.url, 'spa-owner@demo.mango')).cookie;
    const stream = await openEventStream(`${biz.url}/api/events`, staff);
    try {
      expect(stream.status).toBe(200);
      expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
      const first = await stream.waitFor((e) => e.event === 'change');
      const start = seqOf(first.data);
      await push(biz.url, spa, [createClientMutation(clientFields({ name: 'Spa only' }))]);
      const { body } = await push(biz.url, owner, [createClientMutation(clientFields({ name: 'Seen by staff' }))]);
      const applied = body.results[0]!;
      expect(applied.status).toBe('applied');
      const next = await stream.waitFor((e) => e.event === 'change' && seqOf(e.data) > start);
      expect(seqOf(next.data)).toBe(applied.status === 'applied' ? applied.seq : -1);
      expect(stream.events.filter((e) => e.event === 'change').map((e) => seqOf(e.data))).toEqual([start, start + 1]);
    } finally {
      await stream.close();
    }
  });

  it('stops serving a session once it is signed out', async () => {
    const { cookie } = await login(biz.url, 'manager@demo.mango');
    await fetch(`${biz.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: biz.url, 'content-type': 'application/json' }, body: '{}' });
    expect((await fetch(`${biz.url}/api/events`, { headers: { cookie } })).status).toBe(401);
  });
});

describe.runIf(testDatabaseKind() === 'postgres')('two API instances on one Postgres server', () => {
  it('a change through one reaches an event stream on the other (LISTEN/NOTIFY)', async () => {
    // Two processes' worth of API, each with its own pool and listener, on one database.
    const shared = await openTestDatabase();
    const sharedUrl = shared.url!;
    const a = await startTestServer(testEnv({ DATABASE_URL: sharedUrl }), { openFromConfig: true });
    const b = await startTestServer(testEnv({ DATABASE_URL: sharedUrl }), { openFromConfig: true });
    try {
      const onB = await openEventStream(`${b.url}/api/events`, (await login(b.url, 'staff@demo.mango')).cookie);
      const start = seqOf((await onB.waitFor((e) => e.event === 'change')).data);
      const { body } = await push(a.url, (await login(a.url, 'owner@demo.mango')).cookie, [createClientMutation()]);
      expect(body.results[0]!.status).toBe('applied');
      await onB.waitFor((e) => e.event === 'change' && seqOf(e.data) > start);
      await onB.close();
    } finally {
      await a.stop();
      await b.stop();
      await shared.close();
    }
  });
});
