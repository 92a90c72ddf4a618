// Pure and free of browser APIs: the benchmark's Node baseline sends exactly this data set too.
import type { AppointmentRecord, ClientRecord } from '../db/types';

/** Pure: a deterministic data set; appointments fall within the next 30 days so all of them sync. */
export function generateBenchDataset(opts: { clients: number; appointments: number; now: Date }): { clients: ClientRecord[]; appointments: AppointmentRecord[] } {
  const iso = opts.now.toISOString();
  const clients: ClientRecord[] = Array.from({ length: opts.clients }, (_, i) => ({
    id: `bench-client-${i}`,
    name: `Bench Client ${i}`,
    email: `bench${i}@example.com`,
    phone: `+1 555 ${String(1000000 + i).slice(-7)}`,
    notes: i % 7 === 0 ? 'Prefers mornings; sensitive scalp.' : '',
    createdAt: iso,
    updatedAt: iso,
  }));
  const day = 86_400_000;
  const appointments: AppointmentRecord[] = Array.from({ length: opts.appointments }, (_, i) => ({
    id: `bench-appt-${i}`,
    clientId: clients[i % Math.max(1, clients.length)]?.id ?? 'bench-client-0',
    scheduledAt: new Date(opts.now.getTime() + day + (i % 28) * day + (i % 9) * 3_600_000).toISOString(),
    duration: 30 + (i % 4) * 15,
    serviceName: ['Cut & Style', 'Colour', 'Manicure', 'Massage'][i % 4]!,
    staffName: ['Sam Staff', 'Maya Manager', 'Devon Price'][i % 3]!,
    status: 'scheduled',
    createdAt: iso,
    updatedAt: iso,
  }));
  return { clients, appointments };
}
