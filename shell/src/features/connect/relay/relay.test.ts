import type { DeliveryOutcome, OutboxEvent } from '@mango/connect-shared';
import { RETRY_SCHEDULE_MS } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { createClient, updateClient } from '../outbox/outbox';
import { enableConnectForTest, freshDb, TEST_STORE } from '../test-helpers';
import type { SendResult } from './decide';
import { redeliver, runRelay, runRelayOnce, sequentialBatch } from './relay';

const ok: DeliveryOutcome = { ok: true, status: 200, attempts: 1, durationMs: 12, retryable: false, bodyExcerpt: '{"ok":true}' };
const input = { name: 'Ada', email: 'ada@example.com', phone: '', notes: '' };

async function setup() {
  const db = freshDb();
  await enableConnectForTest(db);
  const deps = { db, storeId: TEST_STORE, onCommitted: () => {} };
  return { db, deps };
}

function recordingSend(answer: (e: OutboxEvent, n: number) => SendResult) {
  const sent: OutboxEvent[] = [];
  return {
    sent,
    send: async (e: OutboxEvent): Promise<SendResult> => {
      sent.push(e);
      return answer(e, sent.length);
    },
  };
}

describe('outbox relay', () => {
  it('delivers each entity in seq order and writes a delivery record per attempt', async () => {
    const { db, deps } = await setup();
    const a = await createClient(deps, input);
    await updateClient(deps, a.id, { name: 'Ada 2' });
    await updateClient(deps, a.id, { name: 'Ada 3' });
    const b = await createClient(deps, { ...input, name: 'Bea' });
    const { sent, send } = recordingSend(() => ({ type: 'outcome', outcome: ok }));
    await runRelayOnce({ db, storeId: TEST_STORE, send });
    expect(sent.filter((e) => e.entityId === a.id).map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(sent.filter((e) => e.entityId === b.id)).toHaveLength(1);
    expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(4);
    const deliveries = await db.getAll('webhookDeliveries');
    expect(deliveries).toHaveLength(4);
    expect(deliveries[0]).toMatchObject({ subscriptionId: 'sub_1', status: 'delivered', responseCode: 200, attempt: 1 });
  });

  it('holds back later events of an entity while the first waits for its retry, honouring Retry-After', async () => {
    const { db, deps } = await setup();
    const a = await createClient(deps, input);
    await updateClient(deps, a.id, { name: 'Ada 2' });
    let now = Date.now();
    const { sent, send } = recordingSend(() => ({ type: 'outcome', outcome: { ...ok, ok: false, status: 429, retryable: true, retryAfterSeconds: 60 } }));
    await runRelayOnce({ db, storeId: TEST_STORE, send, now: () => now });
    expect(sent.map((e) => e.seq)).toEqual([0]);
    const first = (await db.getAll('outbox')).filter((e) => e.entityId === a.id).sort((x, y) => x.seq - y.seq)[0]!;
    expect(first).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: now + 60_000 });
    expect((await db.get('webhookSubscriptions', 'sub_1'))!.failureCount).toBe(1);

    now += 60_000;
    const okSend = recordingSend(() => ({ type: 'outcome', outcome: ok }));
    await runRelayOnce({ db, storeId: TEST_STORE, send: okSend.send, now: () => now });
    expect(okSend.sent.map((e) => e.seq)).toEqual([0, 1]);
    expect(okSend.sent[0]!.id).toBe(first.id);
    expect((await db.get('webhookSubscriptions', 'sub_1'))!.failureCount).toBe(0);
  });

  it('says when to look again from its own last read: the retry time while one waits, nothing once all are sent', async () => {
    const { db, deps } = await setup();
    await createClient(deps, input);
    let now = Date.now();
    const busy = recordingSend(() => ({ type: 'outcome', outcome: { ...ok, ok: false, status: 429, retryable: true, retryAfterSeconds: 30 } }));
    expect(await runRelay({ db, storeId: TEST_STORE, send: busy.send, now: () => now })).toEqual({ attempts: 1, nextWakeAt: now + 30_000 });
    now += 30_000;
    const okSend = recordingSend(() => ({ type: 'outcome', outcome: ok }));
    expect(await runRelay({ db, storeId: TEST_STORE, send: okSend.send, now: () => now })).toEqual({ attempts: 1, nextWakeAt: null });
    expect(await runRelay({ db, storeId: TEST_STORE, send: okSend.send, isOnline: () => false })).toEqual({ attempts: 0, nextWakeAt: null });
  });

  it('dead-letters after the schedule is spent, lets the entity continue, and redeliver brings it back', async () => {
    const { db, deps } = await setup();
    const a = await createClient(deps, input);
    let now = Date.now();
    const fail = recordingSend(() => ({ type: 'outcome', outcome: { ...ok, ok: false, status: 503, retryable: true } }));
    for (let i = 0; i < RETRY_SCHEDULE_MS.length; i++) {
      await runRelayOnce({ db, storeId: TEST_STORE, send: fail.send, now: () => now });
      now += 40_000_000;
    }
    expect(fail.sent).toHaveLength(RETRY_SCHEDULE_MS.length);
    const dead = (await db.getAll('outbox'))[0]!;
    expect(dead).toMatchObject({ status: 'dead', attempts: RETRY_SCHEDULE_MS.length });
    expect(dead.lastError).toMatch(/schedule is spent/);

    await updateClient(deps, a.id, { name: 'Ada 2' });
    const okSend = recordingSend(() => ({ type: 'outcome', outcome: ok }));
    await runRelayOnce({ db, storeId: TEST_STORE, send: okSend.send, now: () => now });
    expect(okSend.sent.map((e) => e.seq)).toEqual([1]);

    await redeliver(db, dead.id, now);
    await runRelayOnce({ db, storeId: TEST_STORE, send: okSend.send, now: () => now });
    expect(okSend.sent.map((e) => e.id)).toContain(dead.id);
    expect((await db.get('outbox', dead.id))!.status).toBe('done');
    await expect(redeliver(db, dead.id)).rejects.toThrow(/already delivered/);
  });

  it('deactivates the subscription on 410 and stops sending', async () => {
    const { db, deps } = await setup();
    await createClient(deps, input);
    await createClient(deps, { ...input, name: 'Bea' });
    const { sent, send } = recordingSend(() => ({ type: 'outcome', outcome: { ...ok, ok: false, status: 410, retryable: false, gone: true } }));
    await runRelayOnce({ db, storeId: TEST_STORE, send, concurrency: 1 });
    expect(sent).toHaveLength(1);
    expect(await db.get('webhookSubscriptions', 'sub_1')).toMatchObject({ active: false, deactivatedReason: expect.stringMatching(/410/) });
    expect(await db.countFromIndex('outbox', 'status', 'pending')).toBe(1);
  });

  it('dead-letters an event the edge API refuses with 400', async () => {
    const { db, deps } = await setup();
    await createClient(deps, input);
    const { send } = recordingSend(() => ({ type: 'api-error', status: 400, retryable: false, message: 'webhookUrl is not a trusted Connect origin' }));
    await runRelayOnce({ db, storeId: TEST_STORE, send });
    const [event] = await db.getAll('outbox');
    expect(event).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/trusted Connect origin/) });
    expect((await db.getAll('webhookDeliveries'))[0]).toMatchObject({ status: 'dead', responseCode: 400 });
  });

  it('pauses while offline and sends nothing when Connect is disabled', async () => {
    const { db, deps } = await setup();
    await createClient(deps, input);
    const { sent, send } = recordingSend(() => ({ type: 'outcome', outcome: ok }));
    await runRelayOnce({ db, storeId: TEST_STORE, send, isOnline: () => false });
    expect(sent).toHaveLength(0);
    for (const r of await db.getAll('integrations')) await db.put('integrations', { ...r, config: { ...r.config, enabled: false } });
    await runRelayOnce({ db, storeId: TEST_STORE, send });
    expect(sent).toHaveLength(0);
  });

  it('keeps at most `concurrency` sends in flight', async () => {
    const { db, deps } = await setup();
    for (let i = 0; i < 10; i++) await createClient(deps, { ...input, name: `C${i}` });
    let inFlight = 0;
    let peak = 0;
    const send = async (): Promise<SendResult> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return { type: 'outcome', outcome: ok };
    };
    await runRelayOnce({ db, storeId: TEST_STORE, send, concurrency: 4 });
    expect(peak).toBe(4);
    expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(10);
  });

  it('sends a backlog in batches spread over the lanes: one request and one transaction per batch', async () => {
    const { db, deps } = await setup();
    for (let i = 0; i < 10; i++) await createClient(deps, { ...input, name: `C${i}` });
    const requests: OutboxEvent[][] = [];
    const recorded: number[] = [];
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> => {
      requests.push(events);
      return events.map(() => ({ type: 'outcome', outcome: ok }));
    };
    await runRelayOnce({ db, storeId: TEST_STORE, sendBatch, concurrency: 4, onAttempt: (made) => recorded.push(made.length) });
    expect(requests.map((r) => r.length)).toEqual([3, 3, 3, 1]);
    expect(recorded.sort()).toEqual([1, 3, 3, 3]);
    expect(new Set(requests.flat().map((e) => e.id)).size).toBe(10);
    expect(await db.countFromIndex('outbox', 'status', 'done')).toBe(10);
    expect(await db.count('webhookDeliveries')).toBe(10);
  });

  it('keeps an entity in order across batches: its next event goes out only after the previous one is recorded', async () => {
    const { db, deps } = await setup();
    const a = await createClient(deps, input);
    for (let v = 2; v <= 4; v++) await updateClient(deps, a.id, { name: `Ada ${v}` });
    const requests: OutboxEvent[][] = [];
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> => {
      requests.push(events);
      return events.map(() => ({ type: 'outcome', outcome: ok }));
    };
    await runRelayOnce({ db, storeId: TEST_STORE, sendBatch });
    expect(requests.map((r) => r.map((e) => e.seq))).toEqual([[0], [1], [2], [3]]);
  });

  it('postpones events skipped after a silent Connect: no attempt counted, no delivery record, due with the failed ones', async () => {
    const { db, deps } = await setup();
    for (let i = 0; i < 3; i++) await createClient(deps, { ...input, name: `C${i}` });
    const now = Date.now();
    const silent: DeliveryOutcome = { ...ok, ok: false, status: null, retryable: true, error: 'timed out after 15000 ms' };
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> =>
      events.map((_, i) => (i < 2 ? { type: 'outcome', outcome: silent } : { type: 'skipped', kind: 'silence', reason: 'not attempted: 2 events in a row of this batch got no answer from Connect' }));
    const { attempts, nextWakeAt } = await runRelay({ db, storeId: TEST_STORE, sendBatch, concurrency: 1, now: () => now, retrySchedule: () => [1000, 2000] });
    expect(attempts).toBe(2);
    const events = (await db.getAll('outbox')).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    expect(events.map((e) => e.attempts)).toEqual([1, 1, 0]);
    expect(events.map((e) => e.nextAttemptAt)).toEqual([now + 2000, now + 2000, now + 2000]);
    expect(events[2]!.lastError).toMatch(/not attempted/);
    expect(await db.count('webhookDeliveries')).toBe(2);
    expect(nextWakeAt).toBe(now + 2000);
  });

  it('sends events skipped for time in the very next round, without counting an attempt', async () => {
    const { db, deps } = await setup();
    for (let i = 0; i < 3; i++) await createClient(deps, { ...input, name: `C${i}` });
    const requests: number[] = [];
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> => {
      requests.push(events.length);
      return events.map((_, i) => (i === 0 ? { type: 'outcome', outcome: ok } : { type: 'skipped', kind: 'budget', reason: 'not attempted: this batch used its 10 s budget' }));
    };
    await runRelayOnce({ db, storeId: TEST_STORE, sendBatch, concurrency: 1 });
    expect(requests).toEqual([3, 2, 1]);
    expect((await db.getAll('outbox')).map((e) => [e.status, e.attempts])).toEqual([['done', 1], ['done', 1], ['done', 1]]);
  });

  it('turns a batch request that failed as a whole into one result per event (a lapsed session waits, it does not kill)', async () => {
    const { db, deps } = await setup();
    await createClient(deps, input);
    await createClient(deps, { ...input, name: 'Bea' });
    const sendBatch = async (events: OutboxEvent[]): Promise<SendResult[]> => events.map(() => ({ type: 'api-error', status: 401, retryable: false, message: 'Sign in to Mango Biz' }));
    await runRelayOnce({ db, storeId: TEST_STORE, sendBatch, concurrency: 1 });
    const events = await db.getAll('outbox');
    expect(events.map((e) => [e.status, e.attempts])).toEqual([['pending', 1], ['pending', 1]]);
  });
});

describe('sequentialBatch', () => {
  it('sends one event after another and skips the rest after two unanswered in a row, as the edge API does', async () => {
    const sent: string[] = [];
    const none: DeliveryOutcome = { ...ok, ok: false, status: null, retryable: true };
    const answers: DeliveryOutcome[] = [none, ok, none, none, ok];
    const send = async (e: OutboxEvent): Promise<SendResult> => ({ type: 'outcome', outcome: answers[sent.push(e.id) - 1]! });
    const ev = (id: string) => ({ id }) as OutboxEvent;
    const results = await sequentialBatch(send)(['e1', 'e2', 'e3', 'e4', 'e5'].map(ev), 'http://connect.test/hook');
    expect(sent).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(results.map((r) => r.type)).toEqual(['outcome', 'outcome', 'outcome', 'outcome', 'skipped']);
  });
});
