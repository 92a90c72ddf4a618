import type { PushResult } from '@mango/connect-shared';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { appointments, clients, mutations, outbox, stores, webhookSubscriptions } from '../db/schema.js';
import { createSignals, type Signal } from '../events/signals.js';
import { appointmentFields, cancelAppointmentMutation, clientFields, createAppointmentMutation, createClientMutation, newId, updateAppointmentMutation, updateClientMutation } from '../testing/fixtures.js';
import { createTestStore } from '../testing/stores.js';
import { openTestDatabase } from '../testing/test-database.js';
import { applyMutations, type ApplyContext } from './apply-mutations.js';

/** One mutation through the same path a push takes (parsed, then applied). */
const applyMutation = async (ctx: ApplyContext, m: unknown) => (await applyMutations(ctx, [m]))[0]!;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

async function setup(roles: Parameters<typeof createTestStore>[1] = ['owner', 'staff']) {
  const store = await createTestStore(database.db, roles);
  const signals = createSignals(database);
  const heard: Signal[] = [];
  signals.onSignal((s) => heard.push(s));
  const ctx = (role: 'owner' | 'staff' = 'staff'): ApplyContext => ({ db: database.db, session: store.sessions[role], signals });
  return { ...store, ctx, heard };
}

const applied = (r: PushResult) => {
  if (r.status !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(r)}`);
  return r;
};

async function subscribe(storeId: string, events = ['client.created', 'client.updated', 'appointment.created', 'appointment.updated', 'appointment.cancelled']) {
  const now = new Date();
  await database.db.insert(webhookSubscriptions).values({ id: `sub_${newId()}`, storeId, integrationType: 'mango_connect', url: 'http://127.0.0.1:1/webhook-mango-biz', events, active: true, createdAt: now, updatedAt: now });
}

const eventsOf = (storeId: string) => database.db.select().from(outbox).where(eq(outbox.storeId, storeId)).orderBy(outbox.seq);

describe('applying a mutation', () => {
  it('writes the row, stamps it with the store sequence it bumped, and tells this process after commit', async () => {
    const { ctx, storeId, heard } = await setup();
    const result = applied(await applyMutation(ctx(), createClientMutation(clientFields({ name: '  Bea Tran  ' }))));
    expect(result.row).toMatchObject({ name: 'Bea Tran', seq: 1 });
    const [store] = await database.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.seq).toBe(1);
    expect(heard).toEqual([{ storeId, seq: 1 }]);
  });

  it('applies a repeat of the same mutation id once and answers the stored result again', async () => {
    const { ctx, storeId } = await setup();
    const m = createClientMutation();
    const first = await applyMutation(ctx(), m);
    const again = await applyMutation(ctx(), m);
    expect(again).toEqual(first);
    expect(await database.db.select().from(clients).where(eq(clients.storeId, storeId))).toHaveLength(1);
    const [store] = await database.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.seq).toBe(1);
  });

  it('applies concurrent repeats of one id once', async () => {
    const { ctx, storeId } = await setup();
    const m = createClientMutation();
    const results = await Promise.all(Array.from({ length: 5 }, () => applyMutation(ctx(), m)));
    for (const r of results) expect(r).toEqual(results[0]);
    expect(await database.db.select().from(clients).where(eq(clients.storeId, storeId))).toHaveLength(1);
  });

  it('refuses an id reused for a different change, and keeps the first change', async () => {
    const { ctx, storeId } = await setup();
    const m = createClientMutation(clientFields({ name: 'First' }));
    applied(await applyMutation(ctx(), m));
    const conflict = await applyMutation(ctx(), { ...m, fields: clientFields({ name: 'Second' }) });
    expect(conflict).toMatchObject({ status: 'refused', error: { code: 'mutation_conflict' } });
    const [row] = await database.db.select().from(clients).where(eq(clients.storeId, storeId));
    expect(row!.name).toBe('First');
  });

  it('refuses an update of a client that does not exist, stores the refusal, and bumps nothing', async () => {
    const { ctx, storeId } = await setup();
    const m = updateClientMutation(newId(), clientFields());
    const result = await applyMutation(ctx(), m);
    expect(result).toMatchObject({ status: 'refused', error: { code: 'not_found' } });
    expect(await applyMutation(ctx(), m)).toEqual(result);
    const [store] = await database.db.select().from(stores).where(eq(stores.id, storeId));
    expect(store!.seq).toBe(0);
    const [stored] = await database.db.select().from(mutations).where(and(eq(mutations.storeId, storeId), eq(mutations.id, m.id)));
    expect(stored!.status).toBe('refused');
  });

  it('never touches another store\'s client, even by its id', async () => {
    const a = await setup();
    const b = await setup();
    const created = applied(await applyMutation(a.ctx(), createClientMutation(clientFields({ name: 'Store A client' }))));
    const attempt = await applyMutation(b.ctx(), updateClientMutation(created.row.id, clientFields({ name: 'Hijacked' })));
    expect(attempt).toMatchObject({ status: 'refused', error: { code: 'not_found' } });
    const booking = await applyMutation(b.ctx(), createAppointmentMutation(appointmentFields(created.row.id)));
    expect(booking).toMatchObject({ status: 'refused', error: { code: 'client_not_found' } });
    const [row] = await database.db.select().from(clients).where(eq(clients.id, created.row.id));
    expect(row!.name).toBe('Store A client');
  });

  it('lets two stores use the same entity id without meeting', async () => {
    const a = await setup();
    const b = await setup();
    const id = newId();
    applied(await applyMutation(a.ctx(), createClientMutation(clientFields({ name: 'In A' }), id)));
    applied(await applyMutation(b.ctx(), createClientMutation(clientFields({ name: 'In B' }), id)));
    const rows = await database.db.select().from(clients).where(eq(clients.id, id));
    expect(rows.map((r) => `${r.storeId}:${r.name}`).sort()).toEqual([`${a.storeId}:In A`, `${b.storeId}:In B`].sort());
  });

  it('refuses a change the role may not make', async () => {
    const { storeId, sessions, heard } = await setup(['owner']);
    const noWrite = { ...sessions.owner, member: { ...sessions.owner.member, role: 'staff' as const, permissions: ['clients:read'] } };
    const signals = createSignals(database);
    const result = await applyMutation({ db: database.db, session: noWrite, signals }, createClientMutation());
    expect(result).toMatchObject({ status: 'refused', error: { code: 'forbidden' } });
    expect(await database.db.select().from(clients).where(eq(clients.storeId, storeId))).toHaveLength(0);
    expect(heard).toEqual([]);
  });

  it('refuses malformed mutations in their place and applies the rest in order', async () => {
    const { ctx, storeId } = await setup();
    const good = createClientMutation();
    const results = await applyMutations(ctx(), [
      { ...createClientMutation(), fields: { ...clientFields(), email: 'not-an-email' } },
      { ...createClientMutation(), extra: 'field' },
      { id: 'short', type: 'client.create' },
      good,
    ]);
    expect(results.map((r) => r.status)).toEqual(['refused', 'refused', 'refused', 'applied']);
    expect(results[0]).toMatchObject({ error: { code: 'invalid_mutation', message: expect.stringMatching(/^mutations\.0: fields\.email: Email must look like/) } });
    expect(results[1]).toMatchObject({ error: { message: expect.stringMatching(/extra/) } });
    expect(await database.db.select().from(clients).where(eq(clients.storeId, storeId))).toHaveLength(1);
  });
});

describe('the outbox event of a change', () => {
  it('is written with the change when Connect is subscribed, and never without one', async () => {
    const { ctx, storeId, heard } = await setup();
    applied(await applyMutation(ctx(), createClientMutation()));
    expect(await eventsOf(storeId)).toHaveLength(0);
    await subscribe(storeId);
    const created = applied(await applyMutation(ctx(), createClientMutation(clientFields({ name: 'Evented Eve' }))));
    const [event] = await eventsOf(storeId);
    expect(event).toMatchObject({ entityType: 'client', entityId: created.row.id, seq: created.seq, event: 'client.created', status: 'pending', attempts: 0 });
    const body = JSON.parse(event!.body);
    expect(Object.keys(body)).toEqual(['event', 'storeId', 'timestamp', 'data']);
    expect(body.data).toEqual({ id: created.row.id, name: 'Evented Eve', email: 'ada@example.com', phone: '+44 20 7946 0000', notes: '', createdAt: created.row.createdAt, updatedAt: created.row.updatedAt });
    expect(heard.at(-1)).toEqual({ storeId, seq: created.seq, outbox: true });
  });

  it('carries the appointment with its client\'s contact details as they are at that commit, in order per entity', async () => {
    const { ctx, storeId } = await setup();
    await subscribe(storeId);
    const client = applied(await applyMutation(ctx(), createClientMutation(clientFields({ name: 'Cara', email: 'cara@example.com' }))));
    const apptId = newId();
    applied(await applyMutation(ctx(), createAppointmentMutation(appointmentFields(client.row.id), apptId)));
    applied(await applyMutation(ctx(), updateClientMutation(client.row.id, clientFields({ name: 'Cara B', email: 'cara.b@example.com' }))));
    applied(await applyMutation(ctx(), updateAppointmentMutation(apptId, appointmentFields(client.row.id, { duration: 90 }))));
    applied(await applyMutation(ctx(), cancelAppointmentMutation(apptId)));
    const events = (await eventsOf(storeId)).filter((e) => e.entityId === apptId);
    expect(events.map((e) => e.event)).toEqual(['appointment.created', 'appointment.updated', 'appointment.cancelled']);
    const data = events.map((e) => JSON.parse(e.body).data);
    expect(data[0]).toMatchObject({ clientName: 'Cara', clientEmail: 'cara@example.com', status: 'scheduled', duration: 45 });
    expect(data[1]).toMatchObject({ clientName: 'Cara B', clientEmail: 'cara.b@example.com', duration: 90 });
    expect(data[2]).toMatchObject({ status: 'cancelled' });
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((x, y) => x - y));
  });

  it('is not written for an event the subscription does not list', async () => {
    const { ctx, storeId } = await setup();
    await subscribe(storeId, ['appointment.created']);
    applied(await applyMutation(ctx(), createClientMutation()));
    expect(await eventsOf(storeId)).toHaveLength(0);
  });

  it('rolls back with its change: a refused change leaves neither row nor event', async () => {
    const { ctx, storeId } = await setup();
    await subscribe(storeId);
    const result = await applyMutation(ctx(), createAppointmentMutation(appointmentFields(newId())));
    expect(result.status).toBe('refused');
    expect(await eventsOf(storeId)).toHaveLength(0);
    expect(await database.db.select().from(appointments).where(eq(appointments.storeId, storeId))).toHaveLength(0);
  });
});

describe('the store sequence', () => {
  it('gives concurrent changes distinct numbers in commit order, with no gaps', async () => {
    const { ctx, storeId } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => applyMutation(ctx(), createClientMutation(clientFields({ name: `Parallel ${i}` })))));
    const seqs = results.map((r) => applied(r).seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const rows = await database.db.select().from(clients).where(eq(clients.storeId, storeId));
    expect(rows.map((r) => r.seq).sort((a, b) => a - b)).toEqual(seqs);
  });
});
