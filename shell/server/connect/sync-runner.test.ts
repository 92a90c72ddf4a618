import { ConnectApiError, type SyncBatchOutcome, type SyncRequest } from '@mango/connect-shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { appointments, clients, integrations, syncRuns } from '../db/schema.js';
import { bumpStoreSeq } from '../data/store-seq.js';
import { createSignals } from '../events/signals.js';
import { createTestStore } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { readConnectState, type SyncRunState } from './state.js';
import { createSyncRun, createSyncRunner } from './sync-runner.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const DAY = 86_400_000;

/** A store with Connect on, `n` clients and one appointment per client: half in the next 30 days. */
async function storeWithData(n: number) {
  const store = await createTestStore(database.db, ['owner']);
  const { storeId } = store;
  const now = new Date();
  const seq = await bumpStoreSeq(database.db, storeId);
  const rows = Array.from({ length: n }, (_, i) => ({ storeId, id: `c${String(i).padStart(4, '0')}`, name: `Client ${i}`, email: `c${i}@example.com`, phone: '', notes: '', createdAt: now, updatedAt: now, seq }));
  for (let i = 0; i < rows.length; i += 500) await database.db.insert(clients).values(rows.slice(i, i + 500));
  const appts = rows.map((c, i) => ({ storeId, id: `a${String(i).padStart(4, '0')}`, clientId: c.id, scheduledAt: new Date(now.getTime() + (i % 2 === 0 ? DAY : 40 * DAY)), duration: 30, serviceName: 'Cut', staffName: 'Sam', status: 'scheduled' as const, createdAt: now, updatedAt: now, seq }));
  for (let i = 0; i < appts.length; i += 500) await database.db.insert(appointments).values(appts.slice(i, i + 500));
  const config = { enabled: true, connectTenantId: 't', connectTenantSlug: 's', webhookUrl: 'http://localhost:5175/w', apiUrl: 'http://localhost:5175', sdkUrl: 'http://localhost:5175/sdk.js', features: { conversations: true, aiAssistant: true, campaigns: true } };
  await database.db.insert(integrations).values({ storeId, type: 'mango_connect', id: `${storeId}:mango_connect`, config, seq, createdAt: now, updatedAt: now });
  return store;
}

type Send = (req: SyncRequest) => Promise<SyncBatchOutcome>;
const ok: Send = async (req) => ({ batchId: req.batchId, entity: req.entity, sent: req.items.length, failedItems: [] });

function runner(send: Send, opts: { staleAfterMs?: number } = {}) {
  const sent: SyncRequest[] = [];
  const r = createSyncRunner({
    db: database.db,
    signals: createSignals(database),
    connect: {
      syncBatch: (req) => {
        sent.push(req);
        return send(req);
      },
    },
    ...opts,
  });
  return { r, sent };
}

async function start(storeId: string, owner: string, memberId = 'm') {
  return database.db.transaction(async (tx) => createSyncRun(tx, storeId, memberId, new Date(), await bumpStoreSeq(tx, storeId), owner));
}

describe('a sync run', () => {
  it('sends every client and the next 30 days of appointments in batches of at most 100, then reports and stamps the last sync time', async () => {
    const { storeId } = await storeWithData(250);
    const { r, sent } = runner(ok);
    const run = await start(storeId, r.owner);
    r.launch(run.id);
    await r.idle();
    expect(sent.filter((b) => b.entity === 'clients').map((b) => b.items.length)).toEqual([100, 100, 50]);
    expect(sent.filter((b) => b.entity === 'appointments').flatMap((b) => b.items)).toHaveLength(125);
    expect(sent.every((b) => b.items.length <= 100 && b.storeId === storeId)).toBe(true);
    const state = await readConnectState(database.db, storeId);
    expect(state.sync).toMatchObject({ status: 'done', progress: null, clients: { total: 250, synced: 250, failed: 0 }, appointments: { total: 125, synced: 125, failed: 0 } });
    expect(state.counts).toEqual({ clients: 250, appointments: 125 });
    expect(state.integration?.lastSyncAt).toBe(state.sync?.finishedAt);
    // Each appointment went with its client's contact details.
    const appt = sent.find((b) => b.entity === 'appointments')!.items[0] as { clientId: string; clientEmail: string };
    expect(appt.clientEmail).toBe(`c${Number(appt.clientId.slice(1))}@example.com`);
  });

  it('counts the items Connect refused one by one, and says which', async () => {
    const { storeId } = await storeWithData(30);
    const { r } = runner(async (req) => ({ ...(await ok(req)), failedItems: req.entity === 'clients' ? [{ id: 'c0003', message: 'email rejected' }] : [] }));
    r.launch((await start(storeId, r.owner)).id);
    await r.idle();
    const { sync } = await readConnectState(database.db, storeId);
    expect(sync?.clients).toMatchObject({ total: 30, synced: 29, failed: 1, errors: [{ batchIndex: 0, message: expect.stringMatching(/refused 1 of 30.*c0003 \(email rejected\)/) }] });
  });

  it('stops with a run-level error when Connect cannot be reached, instead of failing every batch in turn', async () => {
    const { storeId } = await storeWithData(700);
    const { r, sent } = runner(async () => {
      throw new ConnectApiError({ kind: 'network', status: null, message: 'Could not reach Mango Connect (ECONNREFUSED)' });
    });
    r.launch((await start(storeId, r.owner)).id);
    await r.idle();
    expect(sent).toHaveLength(3);
    const { sync } = await readConnectState(database.db, storeId);
    expect(sync).toMatchObject({ status: 'failed', error: expect.stringMatching(/could not be reached.*ECONNREFUSED.*Sync Now tries again/) });
  });

  it('resumes a run whose process died from its checkpoint, without resending what was sent', async () => {
    const { storeId } = await storeWithData(650);
    // The first process sends two groups of three batches, then dies (its heartbeat goes stale).
    const first = runner(ok);
    const run = await start(storeId, first.r.owner);
    const [row] = await database.db.select().from(syncRuns).where(eq(syncRuns.id, run.id));
    const state = structuredClone(row!.state as SyncRunState);
    state.cursor.clients = 'c0599';
    state.batches.clients = 6;
    state.reports.clients.synced = 600;
    await database.db.update(syncRuns).set({ state, heartbeatAt: new Date(Date.now() - 10 * 60_000) }).where(eq(syncRuns.id, run.id));
    const second = runner(ok, { staleAfterMs: 60_000 });
    expect(await second.r.resumeStale()).toContain(run.id);
    await second.r.idle();
    const clientBatches = second.sent.filter((b) => b.entity === 'clients');
    expect(clientBatches.map((b) => b.batchId)).toEqual([`${run.id}:clients:6`]);
    expect(clientBatches[0]!.items[0]).toMatchObject({ id: 'c0600' });
    const { sync } = await readConnectState(database.db, storeId);
    expect(sync).toMatchObject({ status: 'done', clients: { synced: 650, failed: 0 } });
  });

  it('ends as failed, saying why, when Connect is turned off while it runs', async () => {
    const { storeId } = await storeWithData(400);
    let turnedOff = false;
    const { r } = runner(async (req) => {
      if (!turnedOff) {
        turnedOff = true;
        await database.db.update(integrations).set({ config: { enabled: false } }).where(eq(integrations.storeId, storeId));
      }
      return ok(req);
    });
    r.launch((await start(storeId, r.owner)).id);
    await r.idle();
    const [run] = await database.db.select().from(syncRuns).where(eq(syncRuns.storeId, storeId));
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/turned off before the sync finished/) });
  });

  it('is the only running run of its store', async () => {
    const { storeId } = await storeWithData(1);
    const { r } = runner(ok);
    await start(storeId, r.owner);
    await expect(start(storeId, r.owner)).rejects.toThrow();
  });
});
