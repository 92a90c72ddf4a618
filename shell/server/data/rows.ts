import type { AppointmentData, AppointmentRow, ClientData, ClientRow } from '@mango/connect-shared';
import type { appointments, clients } from '../db/schema.js';

type ClientRecord = typeof clients.$inferSelect;
type AppointmentRecord = typeof appointments.$inferSelect;

/** A client as the API answers it: ISO 8601 instants, the change sequence of its last change. */
export function clientRowOf(r: ClientRecord): ClientRow {
  return { id: r.id, name: r.name, email: r.email, phone: r.phone, notes: r.notes, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), seq: r.seq };
}

export function appointmentRowOf(r: AppointmentRecord): AppointmentRow {
  return {
    id: r.id,
    clientId: r.clientId,
    scheduledAt: r.scheduledAt.toISOString(),
    duration: r.duration,
    serviceName: r.serviceName,
    staffName: r.staffName,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    seq: r.seq,
  };
}

/** A client as webhooks and bulk sync carry it (US-011). */
export function clientDataOf(r: ClientRecord): ClientData {
  return { id: r.id, name: r.name, email: r.email, phone: r.phone, notes: r.notes, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

/** An appointment as webhooks and bulk sync carry it (US-012), with its client's contact info. */
export function appointmentDataOf(a: AppointmentRecord, client: Pick<ClientRecord, 'name' | 'email' | 'phone'> | undefined): AppointmentData {
  return {
    id: a.id,
    clientId: a.clientId,
    clientName: client?.name ?? '',
    clientEmail: client?.email ?? '',
    clientPhone: client?.phone ?? '',
    scheduledAt: a.scheduledAt.toISOString(),
    duration: a.duration,
    serviceName: a.serviceName,
    staffName: a.staffName,
    status: a.status,
  };
}
