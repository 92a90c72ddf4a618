import type { AppointmentFields, ClientFields, Mutation, PushResponse } from '@mango/connect-shared';
import { call } from './test-server.js';

/** A fresh id in the form the browser makes them. */
export const newId = () => crypto.randomUUID();

export const clientFields = (overrides: Partial<ClientFields> = {}): ClientFields => ({
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  notes: '',
  ...overrides,
});

export const appointmentFields = (clientId: string, overrides: Partial<AppointmentFields> = {}): AppointmentFields => ({
  clientId,
  scheduledAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
  duration: 45,
  serviceName: 'Haircut',
  staffName: 'Sam Staff',
  ...overrides,
});

export const createClientMutation = (fields = clientFields(), entityId = newId()): Extract<Mutation, { type: 'client.create' }> => ({ id: newId(), type: 'client.create', entityId, fields });
export const updateClientMutation = (entityId: string, fields: ClientFields): Mutation => ({ id: newId(), type: 'client.update', entityId, fields });
export const createAppointmentMutation = (fields: AppointmentFields, entityId = newId()): Mutation => ({ id: newId(), type: 'appointment.create', entityId, fields });
export const updateAppointmentMutation = (entityId: string, fields: AppointmentFields): Mutation => ({ id: newId(), type: 'appointment.update', entityId, fields });
export const cancelAppointmentMutation = (entityId: string): Mutation => ({ id: newId(), type: 'appointment.cancel', entityId });

/** POST /api/mutations as a device would; answers the status and the body. */
export async function push(baseUrl: string, cookie: string, mutations: unknown[]): Promise<{ status: number; body: PushResponse & { error?: { code: string; message: string } } }> {
  const res = await call(baseUrl, cookie, 'POST', '/api/mutations', { mutations });
  return { status: res.status, body: await res.json() };
}
