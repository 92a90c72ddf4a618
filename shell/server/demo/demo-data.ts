import { SERVICE_SUGGESTIONS, STAFF_SUGGESTIONS, type AppointmentStatus } from '@mango/connect-shared';
import { mulberry32, pick } from './prng.js';

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mia', 'Lucas', 'Sofia', 'Amara', 'Mateo', 'Chloe', 'Yuki', 'Priya', 'Aisha', 'Elena', 'Jonah', 'Hana', 'Leo', 'Isla', 'Ravi', 'Zara', 'Nora', 'Felix', 'Ines', 'Omar', 'Grace', 'Kenji', 'Lena', 'Tomás', 'Freya', 'Marco', 'Selin', 'Ada', 'Ezra', 'Maya', 'Kofi', 'Julia', 'Arjun', 'Layla', 'Oscar'];
const LAST = ['Garcia', 'Nguyen', 'Smith', 'Okafor', 'Rossi', 'Kim', 'Müller', 'Silva', 'Patel', 'Johansson', 'Dubois', 'Tanaka', 'Cohen', 'Haddad', 'Novak', 'Murphy', 'Costa', 'Ahmed', 'Larsen', 'Moreau', 'Sato', 'Fischer', 'Reyes', 'Walker', 'Brennan', 'Lindqvist', 'Mensah', 'Kowalski', 'Alvarez', 'Chen'];
const NOTES = ['', '', '', 'Prefers mornings.', 'Sensitive scalp — use the gentle shampoo.', 'Allergic to latex gloves.', 'Likes a quiet appointment.', 'Always books with the same stylist.', 'Runs 5–10 minutes late; text a reminder.', 'Gift card balance on file.', 'Wants a patch test before any new colour.', 'Pays by card only.'];

export interface DemoClient {
  id: string;
  name: string;
  email: string;
  phone: string;
  notes: string;
  createdAt: Date;
}

export interface DemoAppointment {
  id: string;
  clientId: string;
  scheduledAt: Date;
  duration: number;
  serviceName: string;
  staffName: string;
  status: AppointmentStatus;
}

export interface DemoData {
  clients: DemoClient[];
  appointments: DemoAppointment[];
}

const DAY = 86_400_000;

/**
 * Deterministic demo data relative to `now`: the same seed and day give the same rows. Appointments
 * run from three weeks ago to 30 days ahead on a 15-minute grid, past ones mostly completed.
 */
export function generateDemoData(opts: { now: Date; clients?: number; appointments?: number; seed?: number; idPrefix?: string }): DemoData {
  const random = mulberry32(opts.seed ?? 20261125);
  const clientCount = opts.clients ?? 300;
  const apptCount = opts.appointments ?? 600;
  const prefix = opts.idPrefix ?? 'demo';
  const today = new Date(opts.now);
  today.setHours(0, 0, 0, 0);

  const clients: DemoClient[] = [];
  for (let i = 0; i < clientCount; i++) {
    const first = pick(random, FIRST);
    const last = pick(random, LAST);
    const local = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    clients.push({
      id: `client-${prefix}-${String(i + 1).padStart(4, '0')}`,
      name: `${first} ${last}`,
      email: `${local}${i + 1}@example.com`,
      phone: `+1 555 ${String(100 + Math.floor(random() * 900))} ${String(1000 + Math.floor(random() * 9000))}`,
      notes: pick(random, NOTES),
      createdAt: new Date(today.getTime() - Math.floor(random() * 365) * DAY),
    });
  }

  const appointments: DemoAppointment[] = [];
  for (let i = 0; i < apptCount; i++) {
    const dayOffset = Math.floor(random() * 51) - 21;
    const slot = Math.floor(random() * 36); // 09:00–17:45 on a 15-minute grid
    const start = new Date(today.getTime() + dayOffset * DAY);
    start.setHours(9 + Math.floor(slot / 4), (slot % 4) * 15, 0, 0);
    const service = pick(random, SERVICE_SUGGESTIONS);
    const client = pick(random, clients);
    const past = start.getTime() < opts.now.getTime();
    const r = random();
    const status: AppointmentStatus = past
      ? r < 0.85 ? 'completed' : r < 0.93 ? 'no_show' : 'cancelled'
      : r < 0.55 ? 'confirmed' : r < 0.93 ? 'scheduled' : 'cancelled';
    appointments.push({
      id: `appt-${prefix}-${String(i + 1).padStart(4, '0')}`,
      clientId: client.id,
      scheduledAt: start,
      duration: service.duration,
      serviceName: service.name,
      staffName: pick(random, STAFF_SUGGESTIONS),
      status,
    });
  }
  return { clients, appointments };
}
