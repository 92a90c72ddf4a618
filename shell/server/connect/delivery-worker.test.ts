import { Webhook } from 'standardwebhooks';
import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import { createSignals, type Signals } from '../events/signals.js';
import { applyMutations } from '../data/apply-mutations.js';
import { clientFields, createClientMutation, newId, updateClientMutation } from '../testing/fixtures.js';
import { startReceiver, type Received } from '../testing/receiver.js';
import { createTestStore } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { TEST_SECRETS } from '../testing/test-server.js';
import { createDeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { redeliver } from './deliveries.js';

const SECRET = TEST_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET;
let database: Database;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.stop();
  await database.close();
});
afterEach(async () => {
  while (stops.length) await stops.pop()!();
  receiver.answer(() => ({ status: 200, body: '{"ok":true}' }));
});

async function subscribedStore() {
  const store = await createTestStore(database.db, ['owner']);
  const now = new Date();
  const subscriptionId = `sub_${newId()}`;
  await database.db.insert(webhookSubscriptions).values({ id: subscriptionId, storeId: store.storeId, integrationType: 'mango_connect', url: `${receiver.origin}/webhook-mango-biz`, events: ['client.created', 'client.updated'], active: true, createdAt: now, updatedAt: now });
  const signals = createSignals(database);
  const change = (m: unknown[]) => applyMutations({ db: database.db, session: store.sessions.owner, signals }, m);
  return { ...store, subscriptionId, signals, change };
}

function worker(signals: Signals, opts: Partial<DeliveryWorkerOptions> = {}) {
  const w = createDeliveryWorker({ db: database.db, signals, webhookSecret: SECRET, trustedOrigins: [receiver.origin], pollMs: 50, ...opts });
  stops.push(() => w.stop());
  return w;
}

const eventsOf = (storeId: string) => database.db.select().from(outbox).where(eq(outbox.storeId, storeId)).orderBy(outbox.seq);

const mine = (storeId: string) => receiver.received.filter((r) => JSON.parse(r.body).storeId === storeId);

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the delivery worker', () => {
  it('signs each event so an independent Standard Webhooks library verifies it, and X-Mango-Signature is the hex HMAC of the body', async () => {
    const { storeId, change, signals } = await subscribedStore();
    await change([createClientMutation(clientFields({ name: 'Signed Sid' }))]);
    expect(await worker(signals).runOnce()).toBe(1);
    const [req] = mine(storeId) as [Received];
    const headers = req.headers as Record<string, string>;
    const verified = new Webhook(Buffer.from(SECRET).toString('base64')).verify(req.body, headers) as { event: string; data: { name: string } };
    expect(verified).toMatchObject({ event: 'client.created', data: { name: 'Signed Sid' } });
    expect(headers['x-mango-signature']).toBe(createHmac('sha256', SECRET).update(req.body).digest('hex'));
    expect(headers['webhook-id']).toMatch(/^evt_/);
  });

  it('wakes on commit: an idle worker delivers a change within moments, with no poll', async () => {
    const { storeId, change, signals } = await subscribedStore();
    worker(signals, { pollMs: 60_000 }).start();
    const started = Date.now();
    await change([createClientMutation()]);
    await until('the webhook', () => mine(storeId).length === 1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('records each attempt with the event\'s new state, and keeps an entity\'s later events behind a failing one', async () => {
    const { storeId, change, signals, subscriptionId } = await subscribedStore();
    const create = createClientMutation(clientFields({ name: 'Ordered Ola' }));
    await change([create, updateClientMutation(create.entityId, clientFields({ name: 'Ordered Ola 2' }))]);
    let calls = 0;
    receiver.answer(() => (++calls === 1 ? { status: 503, headers: { 'retry-after': '0' }, body: 'busy' } : { status: 200, body: '{}' }));
    const w = worker(signals, { retrySchedule: [0, 100, 200] });
    expect(await w.runOnce()).toBe(1);
    // The failed head holds its entity: the update waits.
    expect(mine(storeId).map((r) => JSON.parse(r.body).event)).toEqual(['client.created']);
    await new Promise((r) => setTimeout(r, 150));
    await w.runOnce();
    await w.runOnce();
    expect(mine(storeId).map((r) => `${JSON.parse(r.body).event}:${JSON.parse(r.body).data.name}`)).toEqual(['client.created:Ordered Ola', 'client.created:Ordered Ola', 'client.updated:Ordered Ola 2']);
    const log = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.storeId, storeId)).orderBy(webhookDeliveries.sentAt);
    expect(log.map((d) => `${d.event}:${d.status}:${d.responseCode}:${d.attempt}`)).toEqual(['client.created:retrying:503:1', 'client.created:delivered:200:2', 'client.updated:delivered:200:1']);
    expect(log[0]!.responseBody).toBe('busy');
    const [sub] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    expect(sub!.failureCount).toBe(0);
    expect((await database.db.select().from(outbox).where(eq(outbox.storeId, storeId))).every((e) => e.status === 'done')).toBe(true);
  });

  it('dead-letters an event once the schedule is spent, lets later events of the entity through, and redelivers it on request', async () => {
    const { storeId, change, signals } = await subscribedStore();
    const create = createClientMutation(clientFields({ name: 'Dead Dora' }));
    await change([create]);
    receiver.answer(() => ({ status: 500, body: 'down' }));
    const w = worker(signals, { retrySchedule: [0, 0] });
    await w.runOnce();
    await w.runOnce();
    const [dead] = await database.db.select().from(outbox).where(eq(outbox.storeId, storeId));
    expect(dead).toMatchObject({ status: 'dead', attempts: 2 });
    expect(dead!.lastError).toMatch(/500.*schedule is spent/);
    receiver.answer(() => ({ status: 200, body: '{}' }));
    await change([updateClientMutation(create.entityId, clientFields({ name: 'Dead Dora 2' }))]);
    await w.runOnce();
    expect(mine(storeId).at(-1)!.body).toContain('Dead Dora 2');
    await redeliver(database.db, signals, storeId, dead!.id);
    await w.runOnce();
    const [again] = await database.db.select().from(outbox).where(eq(outbox.id, dead!.id));
    expect(again).toMatchObject({ status: 'done', attempts: 1 });
    // Redelivered under the same webhook-id, so Connect can tell it is the same event.
    expect(mine(storeId).filter((r) => r.headers['webhook-id'] === dead!.id)).toHaveLength(3);
  });

  it('deactivates the subscription on 410 Gone and delivers nothing more to it', async () => {
    const { storeId, change, signals, subscriptionId } = await subscribedStore();
    receiver.answer(() => ({ status: 410, body: 'gone' }));
    await change([createClientMutation(), createClientMutation()]);
    const w = worker(signals, { concurrency: 1, batchSize: 1 });
    await w.runOnce();
    const [sub] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    expect(sub).toMatchObject({ active: false, deactivatedReason: expect.stringMatching(/410 Gone/) });
    expect(mine(storeId)).toHaveLength(1);
  });

  it('never calls a URL off the trusted origins, whatever the subscription row says', async () => {
    const { storeId, change, signals } = await subscribedStore();
    await change([createClientMutation()]);
    await worker(signals, { trustedOrigins: ['https://connect.example'] }).runOnce();
    expect(mine(storeId)).toHaveLength(0);
    const [event] = await database.db.select().from(outbox).where(eq(outbox.storeId, storeId));
    expect(event).toMatchObject({ status: 'dead', lastError: expect.stringMatching(/not on a trusted Mango Connect origin/) });
  });

  it('with two workers and many entities, delivers every event once and in order per entity', async () => {
    const { storeId, change, signals } = await subscribedStore();
    const entities = Array.from({ length: 12 }, () => newId());
    for (let version = 0; version < 4; version++) {
      await change(entities.map((id) => (version === 0 ? createClientMutation(clientFields({ name: `E v0` }), id) : updateClientMutation(id, clientFields({ name: `E v${version}` })))));
    }
    receiver.answer(async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { status: 200, body: '{}' };
    });
    const [a, b] = [worker(signals, { batchSize: 5 }), worker(signals, { batchSize: 5 })];
    await until('all 48 events', async () => {
      await Promise.all([a.runOnce(), b.runOnce()]);
      return mine(storeId).length >= 48;
    });
    const bodies = mine(storeId).map((r) => ({ id: r.headers['webhook-id'], ...JSON.parse(r.body) }));
    expect(new Set(bodies.map((x) => x.id)).size).toBe(48);
    for (const id of entities) expect(bodies.filter((x) => x.data.id === id).map((x) => x.data.name)).toEqual(['E v0', 'E v1', 'E v2', 'E v3']);
  });

  it('gives a crashed worker\'s claimed events to another once the lease runs out', async () => {
    const { storeId, change, signals } = await subscribedStore();
    await change([createClientMutation()]);
    // A worker that claimed and then died: its lease is set, nothing was sent.
    await database.db.update(outbox).set({ leaseOwner: 'worker_crashed', leaseUntil: new Date(Date.now() + 300) }).where(and(eq(outbox.storeId, storeId)));
    const w = worker(signals);
    expect(await w.runOnce()).toBe(0);
    await new Promise((r) => setTimeout(r, 350));
    expect(await w.runOnce()).toBe(1);
    expect(mine(storeId)).toHaveLength(1);
  });

  it('does not send an event whose lease another worker took while this one was busy', async () => {
    const { storeId, change, signals } = await subscribedStore();
    const [slow, taken] = [createClientMutation(clientFields({ name: 'Slow first' })), createClientMutation(clientFields({ name: 'Taken over' }))];
    await change([slow, taken]);
    receiver.answer(async (req) => {
      if (req.body.includes('Slow first')) {
        // While this one is in flight, another worker takes the second event over.
        await database.db.update(outbox).set({ leaseOwner: 'worker_other' }).where(and(eq(outbox.storeId, storeId), eq(outbox.entityId, taken.entityId)));
      }
      return { status: 200, body: '{}' };
    });
    await worker(signals, { concurrency: 1 }).runOnce();
    expect(mine(storeId).map((r) => JSON.parse(r.body).data.name)).toEqual(['Slow first']);
    const [event] = await database.db.select().from(outbox).where(eq(outbox.entityId, taken.entityId));
    expect(event).toMatchObject({ status: 'pending', leaseOwner: 'worker_other' });
  });

  it('on stop, finishes the deliveries in flight and records them', async () => {
    const { storeId, change, signals } = await subscribedStore();
    receiver.answer(async () => {
      await new Promise((r) => setTimeout(r, 300));
      return { status: 200, body: '{}' };
    });
    const w = worker(signals);
    w.start();
    await change([createClientMutation()]);
    await until('the request to arrive', () => mine(storeId).length === 1);
    await w.stop();
    const [event] = await database.db.select().from(outbox).where(eq(outbox.storeId, storeId));
    expect(event).toMatchObject({ status: 'done', leaseOwner: null });
  });
});

describe('a destination that goes down and comes back', () => {
  it('opens its circuit after repeated failures, probes it without costing events attempts, and once it answers sends the whole backlog at once', async () => {
    const { storeId, change, signals, subscriptionId } = await subscribedStore();
    let down = true;
    receiver.answer(() => (down ? { status: 503, body: 'down' } : { status: 200, body: '{}' }));
    // The real schedule: a failed event would wait 5 s, then 5 minutes.
    const w = worker(signals, { circuit: { openAfter: 3, firstProbeMs: 200, maxProbeMs: 400 } });
    await change(Array.from({ length: 8 }, (_, i) => createClientMutation(clientFields({ name: `Backlog ${i}` }))));
    await w.runOnce();
    const [sub] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    expect(sub).toMatchObject({ circuit: 'open' });
    const sentWhileDown = mine(storeId).length;
    expect(sentWhileDown).toBeLessThanOrEqual(8);
    // While open, one probe per interval, and probes leave the events' attempts alone.
    await new Promise((r) => setTimeout(r, 250));
    await w.runOnce();
    expect(mine(storeId).length).toBe(sentWhileDown + 1);
    const attempts = (await eventsOf(storeId)).map((e) => e.attempts);
    expect(Math.max(...attempts)).toBe(1);
    // Connect is back: the next probe succeeds and every waiting event goes, not in 5 s or 5 min.
    down = false;
    const recovered = Date.now();
    w.start();
    await until('the backlog', async () => (await eventsOf(storeId)).every((e) => e.status === 'done'));
    expect(Date.now() - recovered).toBeLessThan(3_000);
    const [healed] = await database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, subscriptionId));
    expect(healed).toMatchObject({ circuit: 'closed', failureCount: 0 });
    const log = await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.storeId, storeId));
    expect(log.some((d) => d.error?.startsWith('probe of a destination that is down'))).toBe(true);
  });

  it('makes every event waiting in backoff due the moment any delivery to the destination succeeds', async () => {
    const { storeId, change, signals } = await subscribedStore();
    let calls = 0;
    // The first event fails once; the second succeeds at once.
    receiver.answer(() => (++calls === 1 ? { status: 500, body: 'blip' } : { status: 200, body: '{}' }));
    await change([createClientMutation(clientFields({ name: 'Blip 1' }))]);
    const w = worker(signals, { concurrency: 1 });
    await w.runOnce();
    const [waiting] = await eventsOf(storeId);
    expect(waiting!.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 3_000);
    await change([createClientMutation(clientFields({ name: 'Blip 2' }))]);
    await w.runOnce();
    await w.runOnce();
    expect((await eventsOf(storeId)).map((e) => e.status)).toEqual(['done', 'done']);
  });
});
