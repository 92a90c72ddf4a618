import {
  createWebhookPayload,
  type AppointmentData,
  type ClientData,
  type EntityType,
  type WebhookEvent,
} from '@mango/connect-shared';
import type { BizDb } from '../../../db/db';
import type { AppointmentRecord, ClientRecord, OutboxRecord } from '../../../db/types';
import { connectIntegrationId } from '../integration-record';
import { notifyOutbox } from './signal';

export interface OutboxDeps {
  db: BizDb;
  storeId: string;
  now?: () => Date;
  /** Called after the transaction commits; defaults to waking the relay. */
  onCommitted?: () => void;
}

export interface ClientInput {
  name: string;
  email: string;
  phone: string;
  notes: string;
}

export interface AppointmentInput {
  clientId: string;
  scheduledAt: string;
  duration: number;
  serviceName: string;
  staffName: string;
  status?: AppointmentRecord['status'];
}

export class EntityNotFoundError extends Error {
  readonly code = 'ERR_ENTITY_NOT_FOUND';
  constructor(
    readonly entity: EntityType,
    readonly id: string,
  ) {
    super(`The ${entity} ${id} no longer exists; it may have been removed in another tab. Go back to the list and try again.`);
    this.name = 'EntityNotFoundError';
  }
}

const seqKey = (entityType: EntityType, entityId: string) => `seq:${entityType}:${entityId}`;

function tables(db: BizDb) {
  return [db.clients, db.appointments, db.integrations, db.outbox, db.meta];
}

/** Inside the caller's transaction: appends the event only when Connect is enabled for the store. */
async function appendEvent(deps: OutboxDeps, event: WebhookEvent, entityType: EntityType, entityId: string, data: ClientData | AppointmentData, now: Date): Promise<void> {
  const { db, storeId } = deps;
  const integration = await db.integrations.get(connectIntegrationId(storeId));
  if (!integration?.config.enabled) return;
  const key = seqKey(entityType, entityId);
  const last = (await db.meta.get(key))?.value;
  const seq = typeof last === 'number' ? last + 1 : 0;
  await db.meta.put({ key, value: seq });
  const record: OutboxRecord = {
    id: crypto.randomUUID(),
    entityType,
    entityId,
    seq,
    payload: createWebhookPayload(event, storeId, data, now),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now.getTime(),
    createdAt: now.toISOString(),
  };
  await db.outbox.add(record);
}

async function appointmentData(db: BizDb, appt: AppointmentRecord): Promise<AppointmentData> {
  const client = await db.clients.get(appt.clientId);
  return {
    id: appt.id,
    clientId: appt.clientId,
    clientName: client?.name ?? '',
    clientEmail: client?.email ?? '',
    clientPhone: client?.phone ?? '',
    scheduledAt: appt.scheduledAt,
    duration: appt.duration,
    serviceName: appt.serviceName,
    staffName: appt.staffName,
    status: appt.status,
  };
}

/** Runs `work` in ONE rw transaction over every table it may touch, then wakes the relay. */
async function write<T>(deps: OutboxDeps, work: (now: Date) => Promise<T>): Promise<T> {
  const now = deps.now?.() ?? new Date();
  const result = await deps.db.transaction('rw', tables(deps.db), () => work(now));
  (deps.onCommitted ?? notifyOutbox)();
  return result;
}

export function createClient(deps: OutboxDeps, input: ClientInput): Promise<ClientRecord> {
  return write(deps, async (now) => {
    const iso = now.toISOString();
    const client: ClientRecord = { id: crypto.randomUUID(), ...input, createdAt: iso, updatedAt: iso };
    await deps.db.clients.add(client);
    await appendEvent(deps, 'client.created', 'client', client.id, client, now);
    return client;
  });
}

export function updateClient(deps: OutboxDeps, id: string, input: Partial<ClientInput>): Promise<ClientRecord> {
  return write(deps, async (now) => {
    const existing = await deps.db.clients.get(id);
    if (!existing) throw new EntityNotFoundError('client', id);
    const client: ClientRecord = { ...existing, ...input, updatedAt: now.toISOString() };
    await deps.db.clients.put(client);
    await appendEvent(deps, 'client.updated', 'client', id, client, now);
    return client;
  });
}

export function createAppointment(deps: OutboxDeps, input: AppointmentInput): Promise<AppointmentRecord> {
  return write(deps, async (now) => {
    if (!(await deps.db.clients.get(input.clientId))) throw new EntityNotFoundError('client', input.clientId);
    const iso = now.toISOString();
    const appt: AppointmentRecord = { id: crypto.randomUUID(), status: 'scheduled', ...input, createdAt: iso, updatedAt: iso };
    await deps.db.appointments.add(appt);
    await appendEvent(deps, 'appointment.created', 'appointment', appt.id, await appointmentData(deps.db, appt), now);
    return appt;
  });
}

export function updateAppointment(deps: OutboxDeps, id: string, patch: Partial<AppointmentInput>): Promise<AppointmentRecord> {
  return write(deps, async (now) => {
    const existing = await deps.db.appointments.get(id);
    if (!existing) throw new EntityNotFoundError('appointment', id);
    const appt: AppointmentRecord = { ...existing, ...patch, updatedAt: now.toISOString() };
    await deps.db.appointments.put(appt);
    await appendEvent(deps, 'appointment.updated', 'appointment', id, await appointmentData(deps.db, appt), now);
    return appt;
  });
}

export function cancelAppointment(deps: OutboxDeps, id: string): Promise<AppointmentRecord> {
  return write(deps, async (now) => {
    const existing = await deps.db.appointments.get(id);
    if (!existing) throw new EntityNotFoundError('appointment', id);
    const appt: AppointmentRecord = { ...existing, status: 'cancelled', updatedAt: now.toISOString() };
    await deps.db.appointments.put(appt);
    await appendEvent(deps, 'appointment.cancelled', 'appointment', id, await appointmentData(deps.db, appt), now);
    return appt;
  });
}
