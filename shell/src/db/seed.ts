import type { AppointmentStatus } from '@mango/connect-shared';
import { putAll, type BizDb } from './db';
import { mulberry32, pick } from './prng';
import type { AppointmentRecord, ClientRecord } from './types';

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mia', 'Lucas', 'Sofia', 'Amara', 'Mateo', 'Chloe', 'Yuki', 'Priya', 'Aisha', 'Elena', 'Jonah', 'Hana', 'Leo', 'Isla', 'Ravi', 'Zara', 'Nora', 'Felix', 'Ines', 'Omar', 'Grace', 'Kenji', 'Lena', 'Tomás', 'Freya', 'Marco', 'Selin', 'Ada', 'Ezra', 'Maya', 'Kofi', 'Julia', 'Arjun', 'Layla', 'Oscar'];
const LAST = ['Garcia', 'Nguyen', 'Smith', 'Okafor', 'Rossi', 'Kim', 'Müller', 'Silva', 'Patel', 'Johansson', 'Dubois', 'Tanaka', 'Cohen', 'Haddad', 'Novak', 'Murphy', 'Costa', 'Ahmed', 'Larsen', 'Moreau', 'Sato', 'Fischer', 'Reyes', 'Walker', 'Brennan', 'Lindqvist', 'Mensah', 'Kowalski', 'Alvarez', 'Chen'];
const NOTES = ['', '', '', 'Prefers mornings.', 'Sensitive scalp — use the gentle shampoo.', 'Allergic to latex gloves.', 'Likes a quiet appointment.', 'Always books with the same stylist.', 'Runs 5–10 minutes late; text a reminder.', 'Gift card balance on file.', 'Wants a patch test before any new colour.', 'Pays by card only.'];
export const DEMO_SERVICES: readonly { name: string; duration: number }[] = [
  { name: 'Haircut', duration: 45 },
  { name: 'Blow-dry', duration: 30 },
  { name: 'Colour', duration: 90 },
  { name: 'Highlights', duration: 120 },
  { name: 'Beard trim', duration: 20 },
  { name: 'Manicure', duration: 45 },
  { name: 'Pedicure', duration: 60 },
  { name: 'Facial', duration: 60 },
  { name: 'Massage', duration: 60 },
  { name: 'Brow shaping', duration: 20 },
];
export const DEMO_STAFF = ['Sam Staff', 'Maya Manager', 'Lucía Ramos', 'Devon Price', 'Ngozi Eze', 'Theo Brandt'];

/** Stores that get demo data on their first sign-in; a real store starts empty. */
export const DEMO_STORE_IDS: readonly string[] = ['store_demo_001'];

export interface DemoData {
  clients: ClientRecord[];
  appointments: AppointmentRecord[];
}

const DAY = 86_400_000;

/** Deterministic demo data relative to `now`: same seed and day, same rows. */
export function generateDemoData(opts: { now: Date; clients?: number; appointments?: number; seed?: number }): DemoData {
  const random = mulberry32(opts.seed ?? 20261125);
  const clientCount = opts.clients ?? 300;
  const apptCount = opts.appointments ?? 600;
  const today = new Date(opts.now);
  today.setHours(0, 0, 0, 0);
  const nowIso = opts.now.toISOString();

  const clients: ClientRecord[] = [];
  for (let i = 0; i < clientCount; i++) {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const name = `${first} ${last}`;
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const created = new Date(today.getTime() - Math.floor(random() * 365) * DAY).toISOString();
    clients.push({
      id: `client-demo-${String(i + 1).padStart(4, '0')}`,
      name,
      email: `${local}${i + 1}@example.com`,
      phone: `+1 555 ${String(100 + Math.floor(random() * 900))} ${String(1000 + Math.floor(random() * 9000))}`,
      notes: pick(random, NOTES),
      createdAt: created,
      updatedAt: created,
    });
  }

  const appointments: AppointmentRecord[] = [];
  for (let i = 0; i < apptCount; i++) {
    const dayOffset = Math.floor(random() * 51) - 21; // past 3 weeks … next 30 days
    const slot = Math.floor(random() * 36); // 09:00–17:45 on a 15-minute grid
    const start = new Date(today.getTime() + dayOffset * DAY);
    start.setHours(9 + Math.floor(slot / 4), (slot % 4) * 15, 0, 0);
    const service = pick(random, DEMO_SERVICES);
    const client = pick(random, clients);
    const past = start.getTime() < opts.now.getTime();
    const r = random();
    const status: AppointmentStatus = past
      ? r < 0.85 ? 'completed' : r < 0.93 ? 'no_show' : 'cancelled'
      : r < 0.55 ? 'confirmed' : r < 0.93 ? 'scheduled' : 'cancelled';
    appointments.push({
      id: `appt-demo-${String(i + 1).padStart(4, '0')}`,
      clientId: client.id,
      scheduledAt: start.toISOString(),
      duration: service.duration,
      serviceName: service.name,
      staffName: pick(random, DEMO_STAFF),
      status,
      createdAt: nowIso,
      updatedAt: nowIso,
    });
  }
  return { clients, appointments };
}

const SEEDED_KEY = 'seededAt';

/** Seeds a demo store once (first sign-in); does nothing for real stores or when already seeded. */
export async function seedDemoStoreIfNeeded(db: BizDb, storeId: string, now = new Date()): Promise<boolean> {
  if (!DEMO_STORE_IDS.includes(storeId)) return false;
  // Checked first without a write: every sign-in after the first announces no change.
  if (await db.get('meta', SEEDED_KEY)) return false;
  const data = generateDemoData({ now });
  return db.write(['clients', 'appointments', 'meta'], async (tx) => {
    // Another tab may have seeded between the check and this transaction.
    if (await tx.objectStore('meta').get(SEEDED_KEY)) return false;
    await Promise.all([
      putAll(tx, 'clients', data.clients),
      putAll(tx, 'appointments', data.appointments),
      tx.objectStore('meta').put({ key: SEEDED_KEY, value: now.toISOString() }),
    ]);
    return true;
  });
}
