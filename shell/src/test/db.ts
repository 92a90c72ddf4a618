import type { AppointmentRow, ClientRow } from '@mango/connect-shared';
import { openBizDb, putAll, type BizDb } from '../db/db';

/** A fresh, empty store database (fake IndexedDB in unit tests). */
export function freshDb(): BizDb {
  return openBizDb(`test-${crypto.randomUUID()}`);
}

export const clientRow = (id: string, name: string, seq = 1, over: Partial<ClientRow> = {}): ClientRow => ({
  id,
  name,
  email: '',
  phone: '',
  notes: '',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  seq,
  ...over,
});

export const appointmentRow = (id: string, clientId: string, seq = 1, over: Partial<AppointmentRow> = {}): AppointmentRow => ({
  id,
  clientId,
  scheduledAt: '2026-12-01T10:00:00.000Z',
  duration: 45,
  serviceName: 'Haircut',
  staffName: 'Sam Staff',
  status: 'scheduled',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  seq,
  ...over,
});

/** Writes rows straight into the cache, as if pulled earlier (test setup). */
export function putRows(db: BizDb, rows: { clients?: ClientRow[]; appointments?: AppointmentRow[] }): Promise<void> {
  return db.write(['clients', 'appointments'], async (tx) => {
    await Promise.all([putAll(tx, 'clients', rows.clients ?? []), putAll(tx, 'appointments', rows.appointments ?? [])]);
  });
}
