import { AppointmentFieldsSchema, ClientFieldsSchema, issuePath, type AppointmentFields, type ClientFields, type Mutation } from '@mango/connect-shared';
import * as v from 'valibot';
import type { BizDb, WriteTx } from './db';
import type { AppointmentRow, ClientRow, EntityKind, PendingMutation } from './types';

/**
 * The changes staff make (the forms call these). Each writes the row as it will be, so the lists
 * show it at once, AND the mutation the server has to apply, in ONE IndexedDB transaction: both
 * or neither, so nothing is lost offline or on reload, and nothing is sent that the cache does not
 * show. The commit is announced on the `pending` store, which wakes the pusher in every tab.
 */
export interface LocalChangeDeps {
  db: BizDb;
  now?: () => Date;
  /** Ids for new entities and for mutations; `crypto.randomUUID` unless a test fixes them. */
  newId?: () => string;
}

export class EntityNotFoundError extends Error {
  readonly code = 'ERR_ENTITY_NOT_FOUND';
  constructor(
    readonly entity: EntityKind,
    readonly id: string,
  ) {
    super(`This ${entity} is not on this device (${id}); it may not have loaded yet. Go back to the list and try again.`);
    this.name = 'EntityNotFoundError';
  }
}

/** Fields the server would refuse; the forms check the same rules first, so this means a bug. */
export class InvalidChangeError extends Error {
  readonly code = 'ERR_INVALID_CHANGE';
  constructor(readonly field: string, reason: string) {
    super(`${reason} (${field}). Correct it and save again.`);
    this.name = 'InvalidChangeError';
  }
}

const CHANGE_STORES = ['clients', 'appointments', 'pending'] as const;
type ChangeTx = WriteTx<(typeof CHANGE_STORES)[number]>;

/** Checks and normalises (trims) fields with the very schema the server applies. */
function checked<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    const issue = result.issues[0];
    throw new InvalidChangeError(issuePath(issue, 'fields'), issue.message);
  }
  return result.output;
}

interface Context {
  tx: ChangeTx;
  now: string;
  newId: () => string;
}

function pending(ctx: Context, entity: EntityKind, mutation: Mutation, label: string): PendingMutation {
  return { mutation, entity, entityId: mutation.entityId, label, queuedAt: ctx.now };
}

/** Runs one change in one transaction: the row and its pending mutation, or nothing. */
function change<T>(deps: LocalChangeDeps, work: (ctx: Context) => Promise<{ row: T; write: (tx: ChangeTx) => Promise<unknown>[] }>): Promise<T> {
  const now = (deps.now?.() ?? new Date()).toISOString();
  const newId = deps.newId ?? (() => crypto.randomUUID());
  return deps.db.write(CHANGE_STORES, async (tx) => {
    const { row, write } = await work({ tx, now, newId });
    await Promise.all(write(tx));
    return row;
  });
}

const quoted = (s: string) => `“${s}”`;

export async function createClient(deps: LocalChangeDeps, input: ClientFields): Promise<ClientRow> {
  const fields = checked(ClientFieldsSchema, input);
  return change(deps, async (ctx) => {
    const id = ctx.newId();
    const row: ClientRow = { id, ...fields, createdAt: ctx.now, updatedAt: ctx.now, seq: 0 };
    const queued = pending(ctx, 'client', { id: ctx.newId(), type: 'client.create', entityId: id, fields }, `save client ${quoted(fields.name)}`);
    // `add`, not `put`: an id that is somehow taken fails the change instead of replacing a client.
    return { row, write: (tx) => [tx.objectStore('clients').add(row), tx.objectStore('pending').add(queued)] };
  });
}

export async function updateClient(deps: LocalChangeDeps, id: string, input: ClientFields): Promise<ClientRow> {
  const fields = checked(ClientFieldsSchema, input);
  return change(deps, async (ctx) => {
    const existing = await ctx.tx.objectStore('clients').get(id);
    if (!existing) throw new EntityNotFoundError('client', id);
    const row: ClientRow = { ...existing, ...fields, updatedAt: ctx.now };
    const queued = pending(ctx, 'client', { id: ctx.newId(), type: 'client.update', entityId: id, fields }, `save client ${quoted(fields.name)}`);
    return { row, write: (tx) => [tx.objectStore('clients').put(row), tx.objectStore('pending').add(queued)] };
  });
}

/** "“Haircut” for Ana Smith": what the messages about an appointment call it. */
async function appointmentName(tx: ChangeTx, fields: { serviceName: string; clientId: string }): Promise<string> {
  const client = await tx.objectStore('clients').get(fields.clientId);
  return client ? `${quoted(fields.serviceName)} for ${client.name}` : quoted(fields.serviceName);
}

export async function createAppointment(deps: LocalChangeDeps, input: AppointmentFields): Promise<AppointmentRow> {
  const fields = checked(AppointmentFieldsSchema, input);
  return change(deps, async (ctx) => {
    const client = await ctx.tx.objectStore('clients').get(fields.clientId);
    if (!client) throw new EntityNotFoundError('client', fields.clientId);
    const id = ctx.newId();
    const row: AppointmentRow = { id, ...fields, status: 'scheduled', createdAt: ctx.now, updatedAt: ctx.now, seq: 0 };
    const queued = pending(ctx, 'appointment', { id: ctx.newId(), type: 'appointment.create', entityId: id, fields }, `book ${quoted(fields.serviceName)} for ${client.name}`);
    return { row, write: (tx) => [tx.objectStore('appointments').add(row), tx.objectStore('pending').add(queued)] };
  });
}

/** Reschedules or otherwise changes an appointment (every field of the form). */
export async function updateAppointment(deps: LocalChangeDeps, id: string, input: AppointmentFields): Promise<AppointmentRow> {
  const fields = checked(AppointmentFieldsSchema, input);
  return change(deps, async (ctx) => {
    const existing = await ctx.tx.objectStore('appointments').get(id);
    if (!existing) throw new EntityNotFoundError('appointment', id);
    const row: AppointmentRow = { ...existing, ...fields, updatedAt: ctx.now };
    const queued = pending(ctx, 'appointment', { id: ctx.newId(), type: 'appointment.update', entityId: id, fields }, `change ${await appointmentName(ctx.tx, fields)}`);
    return { row, write: (tx) => [tx.objectStore('appointments').put(row), tx.objectStore('pending').add(queued)] };
  });
}

export async function cancelAppointment(deps: LocalChangeDeps, id: string): Promise<AppointmentRow> {
  return change(deps, async (ctx) => {
    const existing = await ctx.tx.objectStore('appointments').get(id);
    if (!existing) throw new EntityNotFoundError('appointment', id);
    const row: AppointmentRow = { ...existing, status: 'cancelled', updatedAt: ctx.now };
    const queued = pending(ctx, 'appointment', { id: ctx.newId(), type: 'appointment.cancel', entityId: id }, `cancel ${await appointmentName(ctx.tx, existing)}`);
    return { row, write: (tx) => [tx.objectStore('appointments').put(row), tx.objectStore('pending').add(queued)] };
  });
}
