import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { mutations, outbox, sessions, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import { createTestStore } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { pruneOnce } from './retention.js';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const DAY = 86_400_000;

describe('retention', () => {
  it('prunes delivered events and delivery records past the age in batches, and keeps what is pending, dead or recent', async () => {
    const { storeId, sessions: byRole } = await createTestStore(database.db, ['owner']);
    const now = new Date();
    const old = new Date(now.getTime() - 40 * DAY);
    const recent = new Date(now.getTime() - DAY);
    await database.db.insert(webhookSubscriptions).values({ id: `sub_${storeId}`, storeId, integrationType: 'mango_connect', url: 'http://x/w', events: [], active: true, createdAt: now, updatedAt: now });
    const event = (id: string, status: 'pending' | 'done' | 'dead', at: Date) => ({ id, storeId, subscriptionId: `sub_${storeId}`, entityType: 'client' as const, entityId: id, seq: 1, event: 'client.created', body: '{}', status, nextAttemptAt: at, createdAt: at, doneAt: status === 'done' ? at : null });
    // More than one batch of old delivered events.
    const oldDone = Array.from({ length: 1_203 }, (_, i) => event(`old_done_${storeId}_${i}`, 'done', old));
    for (let i = 0; i < oldDone.length; i += 400) await database.db.insert(outbox).values(oldDone.slice(i, i + 400));
    await database.db.insert(outbox).values([event(`recent_done_${storeId}`, 'done', recent), event(`old_pending_${storeId}`, 'pending', old), event(`old_dead_${storeId}`, 'dead', old)]);
    const delivery = (id: string, at: Date) => ({ id, storeId, subscriptionId: `sub_${storeId}`, eventId: 'e', event: 'client.created', entityId: 'c', status: 'delivered' as const, responseCode: 200, responseBody: '', sentAt: at, attempt: 1, durationMs: 1 });
    await database.db.insert(webhookDeliveries).values([delivery(`old_dlv_${storeId}`, old), delivery(`recent_dlv_${storeId}`, recent)]);
    await database.db.insert(mutations).values([
      { storeId, id: `old_mut_${storeId}`, memberId: 'm', type: 'client.create', requestHash: 'h', status: 'applied', result: {}, createdAt: old },
      { storeId, id: `new_mut_${storeId}`, memberId: 'm', type: 'client.create', requestHash: 'h', status: 'applied', result: {}, createdAt: recent },
    ]);
    await database.db.insert(sessions).values([
      { id: `expired_${storeId}`, storeId, memberId: byRole.owner.member.memberId, createdAt: old, expiresAt: new Date(old.getTime() + DAY) },
      { id: `live_${storeId}`, storeId, memberId: byRole.owner.member.memberId, createdAt: now, expiresAt: new Date(now.getTime() + DAY) },
    ]);

    const pruned = await pruneOnce(database.db, new Date(now.getTime() - 30 * DAY), now);
    expect(pruned).toMatchObject({ outbox: 1_203, deliveries: 1, mutations: 1 });
    expect(pruned.sessions).toBeGreaterThanOrEqual(1);
    const left = await database.db.select({ id: outbox.id, status: outbox.status }).from(outbox).where(eq(outbox.storeId, storeId));
    expect(left.map((e) => e.id).sort()).toEqual([`old_dead_${storeId}`, `old_pending_${storeId}`, `recent_done_${storeId}`].sort());
    expect((await database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.storeId, storeId))).map((d) => d.id)).toEqual([`recent_dlv_${storeId}`]);
    expect((await database.db.select().from(mutations).where(eq(mutations.storeId, storeId))).map((m) => m.id)).toEqual([`new_mut_${storeId}`]);
    expect((await database.db.select().from(sessions).where(eq(sessions.storeId, storeId))).map((s) => s.id)).toEqual([`live_${storeId}`]);
    // A second sweep finds nothing left to do.
    expect(await pruneOnce(database.db, new Date(now.getTime() - 30 * DAY), now)).toMatchObject({ outbox: 0, deliveries: 0, mutations: 0 });
  });
});
