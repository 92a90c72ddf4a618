import type { AppointmentData } from '@mango/connect-shared';
import type { BizDb } from '../../db/db';
import type { AppointmentRecord, ClientRecord } from '../../db/types';

// How the sync reads a group of records out of IndexedDB. A read by key costs Chromium several
// times the CPU per record of a range read: reading the 3,000 appointments of the bench's sync and
// their clients by key took 0.45 of the run's 3.7 CPU seconds (pnpm bench prints the CPU by
// process). So every read here is a range read where the run's order allows one, and a read by
// key only for what the range missed.

/**
 * The clients of one group with a single key-range read (one IDB getAll) instead of a get per id:
 * the run's client ids are primary keys in key order, so a group spans one contiguous range.
 * A client added inside the range since the run began is read too and dropped by the filter.
 */
export async function readClientGroup(db: BizDb, ids: readonly string[]): Promise<ClientRecord[]> {
  if (ids.length === 0) return [];
  let low = ids[0]!;
  let high = low;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  const wanted = new Set(ids);
  const rows = await db.getAll('clients', IDBKeyRange.bound(low, high));
  return rows.filter((c) => wanted.has(c.id));
}

/**
 * The appointments of one group, in the group's order, with one range read on the scheduledAt
 * index: the run lists its appointments in that index's order, so a group spans the times of its
 * first and last appointment (read by key to learn them). What the range holds beyond the group
 * is dropped; what it misses (an appointment rescheduled since the run began, or every one of a
 * run listed before this order) is read by key. The range read stops after a few times the group's
 * size, so a far-moved first or last appointment cannot make it read the whole table.
 */
export async function readAppointmentGroup(db: BizDb, ids: readonly string[]): Promise<AppointmentRecord[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, AppointmentRecord>();
  const [first, last] = await db.getMany('appointments', [ids[0]!, ids[ids.length - 1]!]);
  if (first && last) {
    const [low, high] = first.scheduledAt <= last.scheduledAt ? [first.scheduledAt, last.scheduledAt] : [last.scheduledAt, first.scheduledAt];
    const wanted = new Set(ids);
    const rows = await db.getAllFromIndex('appointments', 'scheduledAt', IDBKeyRange.bound(low, high), ids.length * 3 + 50);
    for (const a of rows) if (wanted.has(a.id)) found.set(a.id, a);
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) for (const a of await db.getMany('appointments', missing)) if (a) found.set(a.id, a);
  return ids.flatMap((id) => found.get(id) ?? []);
}

type Contact = Pick<ClientRecord, 'name' | 'email' | 'phone'>;

/** Beyond this many clients the book stops growing and the rest are read by key. */
const MAX_CONTACTS = 50_000;
/** Longer than a change takes from stamping `updatedAt` to opening its transaction. */
const CHANGE_MARGIN_MS = 1_000;

/**
 * The contact details an appointment payload carries (client name, email, phone), kept from the
 * clients the run has already read, so the appointments need no read per client.
 *
 * Never older than a read: every lookup first re-reads the clients whose `updatedAt` is at or
 * after a mark (one range read on that index, nearly always empty), and every change to a client
 * stamps `updatedAt` with the page's clock, the one the mark is taken from. The first mark is when
 * the reads this book is fed from began; each lookup moves it to its own start, less a second, so
 * a change stamped just before a lookup but committed just after it is still caught by the next.
 * A client deleted after it was read keeps its details here; Connect then holds what it would hold
 * had the deletion come just after the sync.
 */
export class ContactBook {
  private readonly contacts = new Map<string, Contact>();
  private changedSinceMs: number;

  constructor(
    /** When the first read this book is fed from began. */
    readsBeganAt: Date,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.changedSinceMs = readsBeganAt.getTime();
  }

  /** Keeps the contact details of clients just read. */
  remember(clients: readonly ClientRecord[]): void {
    for (const c of clients) {
      if (this.contacts.size >= MAX_CONTACTS && !this.contacts.has(c.id)) continue;
      this.contacts.set(c.id, { name: c.name, email: c.email, phone: c.phone });
    }
  }

  /** The current contact details of `ids` (the ones that exist). */
  async lookup(db: BizDb, ids: readonly string[]): Promise<Map<string, Contact>> {
    const lookedAtMs = this.clock().getTime();
    this.remember(await db.getAllFromIndex('clients', 'updatedAt', IDBKeyRange.lowerBound(new Date(this.changedSinceMs).toISOString())));
    // Lookups of concurrent groups may finish out of order: the mark only ever moves forward.
    this.changedSinceMs = Math.max(this.changedSinceMs, lookedAtMs - CHANGE_MARGIN_MS);
    const unknown = [...new Set(ids)].filter((id) => !this.contacts.has(id));
    if (unknown.length > 0) this.remember((await db.getMany('clients', unknown)).filter((c): c is ClientRecord => c !== undefined));
    return new Map(ids.flatMap((id) => {
      const c = this.contacts.get(id);
      return c ? [[id, c] as const] : [];
    }));
  }
}

/** Appointment payloads of one group, with the client contact details as they are now. */
export async function readAppointmentItems(db: BizDb, ids: readonly string[], contacts: ContactBook): Promise<AppointmentData[]> {
  const appts = await readAppointmentGroup(db, ids);
  const byClient = await contacts.lookup(db, appts.map((a) => a.clientId));
  return appts.map((a) => {
    const c = byClient.get(a.clientId);
    return { id: a.id, clientId: a.clientId, clientName: c?.name ?? '', clientEmail: c?.email ?? '', clientPhone: c?.phone ?? '', scheduledAt: a.scheduledAt, duration: a.duration, serviceName: a.serviceName, staffName: a.staffName, status: a.status };
  });
}
