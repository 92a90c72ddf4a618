import { ID_PATTERN, MutationSchema } from '@mango/connect-shared';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { appointmentRow, clientRow, freshDb, putRows } from '../test/db';
import { cancelAppointment, createAppointment, createClient, EntityNotFoundError, InvalidChangeError, updateAppointment, updateClient } from './local-changes';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+1 555 0100', notes: '' };
const haircut = { clientId: 'c1', scheduledAt: '2026-12-01T10:00:00.000Z', duration: 45, serviceName: 'Haircut', staffName: 'Sam Staff' };

describe('a change made on this device (offline or not)', () => {
  it('commits the row and its pending mutation in one transaction, announced once to both', async () => {
    const db = freshDb();
    const clients = vi.fn();
    const pending = vi.fn();
    db.onChange(['clients'], clients);
    db.onChange(['pending'], pending);
    const row = await createClient({ db }, { ...ada, name: '  Ada Lovelace ' });
    expect(await db.get('clients', row.id)).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com', seq: 0 });
    const [queued] = await db.getAll('pending');
    expect(queued).toMatchObject({ entity: 'client', entityId: row.id, label: 'save client “Ada Lovelace”' });
    // What the server is sent: a valid mutation, fields trimmed as the server would, ids made here.
    expect(v.safeParse(MutationSchema, queued!.mutation).success).toBe(true);
    expect(queued!.mutation).toMatchObject({ type: 'client.create', entityId: row.id, fields: { name: 'Ada Lovelace' } });
    expect(row.id).toMatch(ID_PATTERN);
    expect(queued!.mutation.id).not.toBe(row.id);
    expect(clients).toHaveBeenCalledTimes(1);
    expect(pending).toHaveBeenCalledTimes(1);
  });

  it('writes neither the row nor the mutation when the transaction aborts', async () => {
    const db = freshDb();
    await putRows(db, { clients: [clientRow('taken', 'Grace Hopper', 7)] });
    // A new client that somehow gets an id already in use: the row's add fails, so the
    // mutation's add (which would have succeeded on its own) is rolled back with it.
    const ids = ['taken', 'mutation-0001'];
    await expect(createClient({ db, newId: () => ids.shift()! }, ada)).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await db.count('pending')).toBe(0);
    expect(await db.get('clients', 'taken')).toMatchObject({ name: 'Grace Hopper', seq: 7 });
  });

  it('queues changes in the order they were made, each with a fresh mutation id', async () => {
    const db = freshDb();
    const client = await createClient({ db }, ada);
    await updateClient({ db }, client.id, { ...ada, name: 'Ada King' });
    const appt = await createAppointment({ db }, { ...haircut, clientId: client.id });
    await updateAppointment({ db }, appt.id, { ...haircut, clientId: client.id, scheduledAt: '2026-12-01T11:00:00.000Z' });
    await cancelAppointment({ db }, appt.id);
    const queued = await db.getAll('pending');
    expect(queued.map((q) => q.mutation.type)).toEqual(['client.create', 'client.update', 'appointment.create', 'appointment.update', 'appointment.cancel']);
    expect(new Set(queued.map((q) => q.mutation.id)).size).toBe(5);
    expect(queued.map((q) => q.label)).toEqual([
      'save client “Ada Lovelace”',
      'save client “Ada King”',
      'book “Haircut” for Ada King',
      'change “Haircut” for Ada King',
      'cancel “Haircut” for Ada King',
    ]);
    expect(await db.get('appointments', appt.id)).toMatchObject({ status: 'cancelled', scheduledAt: '2026-12-01T11:00:00.000Z' });
  });

  it('keeps the server’s sequence and creation time on an optimistic update', async () => {
    const db = freshDb();
    await putRows(db, { appointments: [appointmentRow('a1', 'c1', 12, { status: 'confirmed' })] });
    const row = await updateAppointment({ db, now: () => new Date('2026-12-02T08:00:00Z') }, 'a1', { ...haircut, duration: 60 });
    expect(row).toMatchObject({ seq: 12, status: 'confirmed', duration: 60, createdAt: '2026-12-01T00:00:00.000Z', updatedAt: '2026-12-02T08:00:00.000Z' });
  });

  it('refuses a change to an entity this device does not have, and writes nothing', async () => {
    const db = freshDb();
    await expect(updateClient({ db }, 'nobody', ada)).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(createAppointment({ db }, { ...haircut, clientId: 'nobody' })).rejects.toBeInstanceOf(EntityNotFoundError);
    await expect(cancelAppointment({ db }, 'nothing')).rejects.toBeInstanceOf(EntityNotFoundError);
    expect(await db.count('pending')).toBe(0);
  });

  it('refuses fields the server would refuse, before writing anything', async () => {
    const db = freshDb();
    const err = await createClient({ db }, { ...ada, email: 'not-an-email' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidChangeError);
    expect((err as Error).message).toMatch(/Email must look like name@example.com \(email\)/);
    expect(await db.count('clients')).toBe(0);
    expect(await db.count('pending')).toBe(0);
  });
});
