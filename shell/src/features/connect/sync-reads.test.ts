import { describe, expect, it, vi } from 'vitest';
import type { BizDb } from '../../db/db';
import type { AppointmentRecord, ClientRecord } from '../../db/types';
import { ContactBook, readAppointmentGroup, readAppointmentItems, readClientGroup } from './sync-reads';
import { freshDb, patch, putAll } from './test-helpers';

const HOUR = 3_600_000;
const BASE = Date.parse('2026-12-02T09:00:00Z');
const at = (hours: number) => new Date(BASE + hours * HOUR).toISOString();
const OLD = '2026-11-01T00:00:00.000Z';

const client = (id: string, name = `Client ${id}`): ClientRecord => ({ id, name, email: `${id}@example.com`, phone: '+1 555 0100', notes: '', createdAt: OLD, updatedAt: OLD });
const appointment = (id: string, hours: number, clientId = 'c1'): AppointmentRecord => ({
  id,
  clientId,
  scheduledAt: at(hours),
  duration: 30,
  serviceName: 'Haircut',
  staffName: 'Sam Staff',
  status: 'scheduled',
  createdAt: OLD,
  updatedAt: OLD,
});

/** 30 appointments an hour apart, ids deliberately not in time order. */
async function withAppointments(): Promise<{ db: BizDb; inTimeOrder: string[] }> {
  const db = freshDb();
  const appts = Array.from({ length: 30 }, (_, i) => appointment(`a-${String((i * 7) % 30).padStart(2, '0')}`, i));
  await putAll(db, 'appointments', appts);
  return { db, inTimeOrder: appts.map((a) => a.id) };
}

describe('readClientGroup', () => {
  it('answers the group’s clients from one key range, leaving out others inside it', async () => {
    const db = freshDb();
    await putAll(db, 'clients', ['c1', 'c2', 'c3', 'c4'].map((id) => client(id)));
    expect((await readClientGroup(db, ['c1', 'c3', 'c4'])).map((c) => c.id)).toEqual(['c1', 'c3', 'c4']);
    expect(await readClientGroup(db, [])).toEqual([]);
  });
});

describe('readAppointmentGroup', () => {
  it('reads a group listed in time order with one index range and two reads by key for its ends', async () => {
    const { db, inTimeOrder } = await withAppointments();
    const bulkGet = vi.spyOn(db, 'getMany');
    const group = inTimeOrder.slice(10, 20);
    const rows = await readAppointmentGroup(db, group);
    expect(rows.map((a) => a.id)).toEqual(group);
    expect(bulkGet).toHaveBeenCalledTimes(1);
    expect(bulkGet.mock.calls[0]).toEqual(['appointments', [group[0], group[9]]]);
  });

  it('still answers an appointment rescheduled out of the group’s range, and skips one deleted', async () => {
    const { db, inTimeOrder } = await withAppointments();
    const group = inTimeOrder.slice(10, 20);
    await patch(db, 'appointments', group[4]!, { scheduledAt: at(500) });
    await db.delete('appointments', group[6]!);
    const rows = await readAppointmentGroup(db, group);
    expect(rows.map((a) => a.id)).toEqual(group.filter((id) => id !== group[6]));
    expect(rows.find((a) => a.id === group[4])!.scheduledAt).toBe(at(500));
  });

  it('leaves out appointments at the same times that belong to other groups', async () => {
    const { db, inTimeOrder } = await withAppointments();
    await putAll(db, 'appointments', [appointment('z-same-as-first', 10), appointment('z-same-as-last', 19)]);
    const group = inTimeOrder.slice(10, 20);
    expect((await readAppointmentGroup(db, group)).map((a) => a.id)).toEqual(group);
  });

  it('answers a group listed in id order (a run begun before the time order) and one whose end moved far away', async () => {
    const { db, inTimeOrder } = await withAppointments();
    const byId = [...inTimeOrder].sort().slice(5, 25);
    expect((await readAppointmentGroup(db, byId)).map((a) => a.id)).toEqual(byId);
    // The first one moved a year on: the range read stops early and the rest are read by key.
    await putAll(db, 'appointments', Array.from({ length: 200 }, (_, i) => appointment(`filler-${i}`, 30 + i)));
    const group = inTimeOrder.slice(0, 10);
    await patch(db, 'appointments', group[0]!, { scheduledAt: at(24 * 365) });
    expect((await readAppointmentGroup(db, group)).map((a) => a.id)).toEqual(group);
  });
});

describe('ContactBook', () => {
  it('answers remembered clients without reading them again', async () => {
    const db = freshDb();
    const clients = [client('c1'), client('c2')];
    await putAll(db, 'clients', clients);
    const book = new ContactBook(new Date());
    book.remember(clients);
    const bulkGet = vi.spyOn(db, 'getMany');
    const found = await book.lookup(db, ['c1', 'c2', 'c1']);
    expect(found.get('c2')).toEqual({ name: 'Client c2', email: 'c2@example.com', phone: '+1 555 0100' });
    expect(bulkGet).not.toHaveBeenCalled();
  });

  it('answers a client changed after it was remembered as it is now, and reads unknown clients by key', async () => {
    const db = freshDb();
    await putAll(db, 'clients', [client('c1'), client('c2'), client('c3')]);
    const book = new ContactBook(new Date());
    book.remember([client('c1'), client('c2')]);
    expect((await book.lookup(db, ['c1'])).get('c1')!.name).toBe('Client c1');
    // Changed between two lookups, as the outbox stamps a change: with the page's clock.
    await patch(db, 'clients', 'c1', { name: 'Renamed', updatedAt: new Date().toISOString() });
    const found = await book.lookup(db, ['c1', 'c3', 'gone']);
    expect(found.get('c1')!.name).toBe('Renamed');
    expect(found.get('c3')!.name).toBe('Client c3');
    expect(found.has('gone')).toBe(false);
  });

  it('moves its mark forward to a second before each lookup, so later lookups skip older changes', async () => {
    const db = freshDb();
    const t0 = Date.parse('2026-12-01T10:00:00Z');
    let now = t0;
    const book = new ContactBook(new Date(t0), () => new Date(now));
    const stampedAt = new Date(t0 + 10).toISOString();
    await db.put('clients', { ...client('c1', 'A'), updatedAt: stampedAt });
    expect((await book.lookup(db, ['c1'])).get('c1')!.name).toBe('A');
    // Within the margin of the last lookup's start: re-read.
    await patch(db, 'clients', 'c1', { name: 'B' });
    now = t0 + 60_000;
    expect((await book.lookup(db, ['c1'])).get('c1')!.name).toBe('B');
    // Stamped well before the last lookup began: no longer re-read, the book answers what it holds.
    await patch(db, 'clients', 'c1', { name: 'C' });
    expect((await book.lookup(db, ['c1'])).get('c1')!.name).toBe('B');
  });
});

describe('readAppointmentItems', () => {
  it('builds the payloads with each appointment’s client details', async () => {
    const { db, inTimeOrder } = await withAppointments();
    await db.put('clients', client('c1', 'Ada Lovelace'));
    const items = await readAppointmentItems(db, inTimeOrder.slice(0, 3), new ContactBook(new Date()));
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({ id: inTimeOrder[0], clientId: 'c1', clientName: 'Ada Lovelace', clientEmail: 'c1@example.com', clientPhone: '+1 555 0100', scheduledAt: at(0), duration: 30, serviceName: 'Haircut', staffName: 'Sam Staff', status: 'scheduled' });
  });
});
