import { createHash } from 'node:crypto';
import { describeIssues, MutationSchema, type Mutation, type PushResult, type Session } from '@mango/connect-shared';
import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { can } from '../auth/permissions.js';
import { appendEvent } from '../connect/outbox.js';
import type { Db, Tx } from '../db/database.js';
import { appointments, clients, mutations } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { appointmentDataOf, appointmentRowOf, clientDataOf, clientRowOf } from './rows.js';
import { bumpStoreSeq } from './store-seq.js';

/** A mutation the server will not apply, ever: the browser drops it and tells the user why. */
export class MutationRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'MutationRefused';
  }
}

export interface ApplyContext {
  db: Db;
  session: Session;
  signals: Signals;
  now?: () => Date;
}

const refused = (id: string, code: string, message: string): PushResult => ({ id, status: 'refused', error: { code, message } });

/** The hash of a mutation as parsed (so in schema order): a repeat hashes the same, a different change does not. */
const hashOf = (m: Mutation) => createHash('sha256').update(JSON.stringify(m)).digest('base64url');

const PERMISSION: Record<Mutation['type'], string> = {
  'client.create': 'clients:write',
  'client.update': 'clients:write',
  'appointment.create': 'appointments:write',
  'appointment.update': 'appointments:write',
  'appointment.cancel': 'appointments:write',
};

/**
 * Applies a device's mutations in order, each in its own transaction, and answers one result per
 * mutation. A mutation that cannot be parsed, is not the member's to make, or does not fit the
 * store's data is refused in its place; the rest still apply. Errors of the database itself
 * (unreachable, restarting) are thrown: the whole push is then retried by the device.
 */
export async function applyMutations(ctx: ApplyContext, raw: readonly unknown[]): Promise<PushResult[]> {
  const results: PushResult[] = [];
  for (const [i, item] of raw.entries()) {
    const parsed = v.safeParse(MutationSchema, item);
    if (!parsed.success) {
      const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id.slice(0, 64) : `#${i}`;
      results.push(refused(id, 'invalid_mutation', `mutations.${i}: ${describeIssues(parsed.issues).join('; ')}`));
      continue;
    }
    results.push(await applyMutation(ctx, parsed.output));
  }
  return results;
}

/** Applies one mutation exactly once: a repeat of its id answers the stored result and changes nothing. */
async function applyMutation(ctx: ApplyContext, m: Mutation): Promise<PushResult> {
  const { session } = ctx;
  const storeId = session.store.storeId;
  const permission = PERMISSION[m.type];
  if (!can(session.member, permission)) {
    return refused(m.id, 'forbidden', `Your role (${session.member.role}) may not ${m.type.replace('.', ' ')}s; ask the store owner.`);
  }
  const now = ctx.now?.() ?? new Date();
  const requestHash = hashOf(m);
  let appended = false;
  const outcome = await ctx.db.transaction(async (tx) => {
    // Claims the id first: a concurrent repeat waits here for this transaction, then finds it done.
    const claimed = await tx
      .insert(mutations)
      .values({ storeId, id: m.id, memberId: session.member.memberId, type: m.type, requestHash, status: 'applied', result: {}, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: mutations.id });
    if (claimed.length === 0) return null;
    let result: PushResult;
    try {
      // A savepoint: a refusal undoes the change (and its sequence bump) but keeps the claim,
      // so the refusal is stored and a repeat gets the same answer.
      result = await tx.transaction(async (sp) => {
        const applied = await applyChange(sp as unknown as Tx, storeId, m, now);
        appended = applied.appended;
        await ctx.signals.announce(sp, { storeId, seq: applied.result.seq, outbox: applied.appended });
        return applied.result;
      });
    } catch (err) {
      if (!(err instanceof MutationRefused)) throw err;
      appended = false;
      result = refused(m.id, err.code, err.message);
    }
    await tx.update(mutations).set({ status: result.status, result }).where(and(eq(mutations.storeId, storeId), eq(mutations.id, m.id)));
    return result;
  });
  if (outcome) {
    if (outcome.status === 'applied') ctx.signals.committed({ storeId, seq: outcome.seq, ...(appended ? { outbox: true } : {}) });
    return outcome;
  }
  return replay(ctx.db, storeId, m, requestHash);
}

async function replay(db: Db, storeId: string, m: Mutation, requestHash: string): Promise<PushResult> {
  const [stored] = await db.select().from(mutations).where(and(eq(mutations.storeId, storeId), eq(mutations.id, m.id)));
  if (!stored) throw new Error(`Mutation ${m.id} was claimed but is not stored.`);
  if (stored.requestHash !== requestHash) {
    return refused(m.id, 'mutation_conflict', `Mutation id ${m.id} was already used for a different change (${stored.type}); a new change needs a new id.`);
  }
  return stored.result as PushResult;
}

interface Applied {
  result: Extract<PushResult, { status: 'applied' }>;
  appended: boolean;
}

async function applyChange(tx: Tx, storeId: string, m: Mutation, now: Date): Promise<Applied> {
  const seq = await bumpStoreSeq(tx, storeId);
  const inStore = (table: typeof clients | typeof appointments, id: string) => and(eq(table.storeId, storeId), eq(table.id, id));
  switch (m.type) {
    case 'client.create':
    case 'client.update': {
      const [row] =
        m.type === 'client.create'
          ? await tx.insert(clients).values({ storeId, id: m.entityId, ...m.fields, createdAt: now, updatedAt: now, seq }).onConflictDoNothing().returning()
          : await tx.update(clients).set({ ...m.fields, updatedAt: now, seq }).where(inStore(clients, m.entityId)).returning();
      if (!row) {
        throw m.type === 'client.create'
          ? new MutationRefused('already_exists', `A client with id ${m.entityId} already exists in this store.`)
          : new MutationRefused('not_found', `There is no client ${m.entityId} in this store; it may have been removed.`);
      }
      const event = m.type === 'client.create' ? 'client.created' : 'client.updated';
      const appended = await appendEvent(tx, { storeId, seq, event, entityType: 'client', entityId: row.id, data: clientDataOf(row), now });
      return { result: { id: m.id, status: 'applied', seq, entity: 'client', row: clientRowOf(row) }, appended: appended !== null };
    }
    case 'appointment.create':
    case 'appointment.update':
    case 'appointment.cancel': {
      let row;
      if (m.type === 'appointment.cancel') {
        [row] = await tx.update(appointments).set({ status: 'cancelled', updatedAt: now, seq }).where(inStore(appointments, m.entityId)).returning();
      } else {
        const fields = { ...m.fields, scheduledAt: new Date(m.fields.scheduledAt) };
        const [client] = await tx.select({ id: clients.id }).from(clients).where(inStore(clients, fields.clientId));
        if (!client) throw new MutationRefused('client_not_found', `There is no client ${fields.clientId} in this store to book for.`);
        [row] =
          m.type === 'appointment.create'
            ? await tx.insert(appointments).values({ storeId, id: m.entityId, ...fields, status: 'scheduled', createdAt: now, updatedAt: now, seq }).onConflictDoNothing().returning()
            : await tx.update(appointments).set({ ...fields, updatedAt: now, seq }).where(inStore(appointments, m.entityId)).returning();
      }
      if (!row) {
        throw m.type === 'appointment.create'
          ? new MutationRefused('already_exists', `An appointment with id ${m.entityId} already exists in this store.`)
          : new MutationRefused('not_found', `There is no appointment ${m.entityId} in this store; it may have been removed.`);
      }
      // The payload carries the client's contact details as they are at this commit.
      const [client] = await tx.select({ name: clients.name, email: clients.email, phone: clients.phone }).from(clients).where(inStore(clients, row.clientId));
      const event = m.type === 'appointment.create' ? 'appointment.created' : m.type === 'appointment.update' ? 'appointment.updated' : 'appointment.cancelled';
      const appended = await appendEvent(tx, { storeId, seq, event, entityType: 'appointment', entityId: row.id, data: appointmentDataOf(row, client), now });
      return { result: { id: m.id, status: 'applied', seq, entity: 'appointment', row: appointmentRowOf(row) }, appended: appended !== null };
    }
  }
}
