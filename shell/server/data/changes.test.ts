import type { PushResult } from '@mango/connect-shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { clients, integrations } from '../db/schema.js';
import { createSignals } from '../events/signals.js';
import { clientFields, createClientMutation, updateClientMutation } from '../testing/fixtures.js';
import { createTestStore } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { applyMutations } from './apply-mutations.js';
import { readChanges } from './changes.js';
import { bumpStoreSeq } from './store-seq.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function storeWithClients(names: string[]) {
  const store = await createTestStore(database.db, ['owner']);
  const ctx = { db: database.db, session: store.sessions.owner, signals: createSignals(database) };
  const results: PushResult[] = [];
  for (const name of names) results.push(...(await applyMutations(ctx, [createClientMutation(clientFields({ name }))])));
  return { ...store, ctx, ids: results.map((r) => (r.status === 'applied' ? r.row.id : '')) };
}

describe('the change feed', () => {
  it('answers a whole snapshot from 0, then only what changed after the cursor', async () => {
    const { storeId, ctx, ids } = await storeWithClients(['Ann', 'Ben', 'Cal']);
    const first = await readChanges(database.db, storeId, 0);
    expect(first).toMatchObject({ cursor: 3, more: false, reset: true });
    expect(first.clients.map((c) => c.name)).toEqual(['Ann', 'Ben', 'Cal']);
    expect(await readChanges(database.db, storeId, 3)).toMatchObject({ cursor: 3, reset: false, clients: [], appointments: [] });
    await applyMutations(ctx, [updateClientMutation(ids[1]!, clientFields({ name: 'Ben B' }))]);
    const next = await readChanges(database.db, storeId, 3);
    expect(next).toMatchObject({ cursor: 4, reset: false });
    expect(next.clients.map((c) => [c.name, c.seq])).toEqual([['Ben B', 4]]);
  });

  it('pages in sequence order and never loses or repeats a row', async () => {
    const { storeId } = await storeWithClients(Array.from({ length: 7 }, (_, i) => `Paged ${i}`));
    const seen: string[] = [];
    let cursor = 0;
    for (let page = 0; page < 10; page++) {
      const res = await readChanges(database.db, storeId, cursor, 3);
      seen.push(...res.clients.map((c) => c.name));
      expect(res.reset).toBe(page === 0);
      cursor = res.cursor;
      if (!res.more) break;
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, i) => `Paged ${i}`));
    expect(cursor).toBe(7);
  });

  it('keeps rows of one sequence number on one page, even past the limit', async () => {
    const { storeId } = await storeWithClients(['A', 'B']);
    // Five rows stamped with one sequence number, as a seed or an import writes them.
    const seq = await bumpStoreSeq(database.db, storeId);
    const now = new Date();
    await database.db.insert(clients).values(Array.from({ length: 5 }, (_, i) => ({ storeId, id: `bulk-${i}`, ...clientFields({ name: `Bulk ${i}` }), createdAt: now, updatedAt: now, seq })));
    const page = await readChanges(database.db, storeId, 2, 3);
    expect(page.clients.map((c) => c.id)).toEqual(['bulk-0', 'bulk-1', 'bulk-2', 'bulk-3', 'bulk-4']);
    expect(page).toMatchObject({ cursor: seq, more: false });
  });

  it('starts over with a snapshot when the cursor is ahead of the server (another database)', async () => {
    const { storeId } = await storeWithClients(['Only']);
    const res = await readChanges(database.db, storeId, 999);
    expect(res).toMatchObject({ reset: true, cursor: 1 });
    expect(res.clients.map((c) => c.name)).toEqual(['Only']);
  });

  it('never answers another store\'s rows', async () => {
    const a = await storeWithClients(['Mine']);
    const b = await storeWithClients(['Theirs']);
    expect((await readChanges(database.db, a.storeId, 0)).clients.map((c) => c.name)).toEqual(['Mine']);
    expect((await readChanges(database.db, b.storeId, 0)).clients.map((c) => c.name)).toEqual(['Theirs']);
  });

  it('carries the Connect state on a snapshot and when it changed after the cursor, not otherwise', async () => {
    const { storeId } = await storeWithClients(['C']);
    expect((await readChanges(database.db, storeId, 0)).connect).toEqual({ integration: null, sync: null, counts: { clients: 0, appointments: 0 } });
    expect((await readChanges(database.db, storeId, 1)).connect).toBeUndefined();
    const seq = await bumpStoreSeq(database.db, storeId);
    const now = new Date();
    const config = { enabled: true, connectTenantId: 't', connectTenantSlug: 's', webhookUrl: 'http://localhost:5175/w', apiUrl: 'http://localhost:5175', sdkUrl: 'http://localhost:5175/sdk.js', features: { conversations: true, aiAssistant: false, campaigns: true } };
    await database.db.insert(integrations).values({ storeId, type: 'mango_connect', id: `${storeId}:mango_connect`, config, seq, createdAt: now, updatedAt: now });
    expect((await readChanges(database.db, storeId, 1)).connect?.integration).toEqual(config);
    expect((await readChanges(database.db, storeId, seq)).connect).toBeUndefined();
    await database.db.delete(integrations).where(eq(integrations.storeId, storeId));
  });
});
