import { createHash } from 'node:crypto';
import type { AppointmentData, ClientData, ProvisionRequest } from '@mango/connect-shared/types';
import type { Tenant, UpsertResult } from './types.js';
import { upsertById } from './upsert.js';

/** Ids derive from the storeId, so a repeat (or a sandbox restart) yields the same tenant. */
export function tenantIdentity(req: ProvisionRequest): { connectTenantId: string; connectTenantSlug: string } {
  const digest = createHash('sha256').update(req.storeId).digest('hex').slice(0, 12);
  const base = req.storeName
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return { connectTenantId: `ct_${digest}`, connectTenantSlug: `${base || 'store'}-${digest.slice(0, 6)}` };
}

export function createTenant(req: ProvisionRequest, now: Date): Tenant {
  return {
    ...tenantIdentity(req),
    provision: req,
    createdAt: now.toISOString(),
    clients: new Map(),
    appointments: new Map(),
    messages: new Map(),
    campaigns: [],
  };
}

/**
 * Upserts a client; a new client gets an opening inbound message so its conversation has
 * something to show (Connect's real inbox would hold the client's SMS history).
 */
export function applyClient(tenant: Tenant, client: ClientData, now: Date): UpsertResult {
  const result = upsertById(tenant.clients, client);
  if (result === 'created' && !tenant.messages.has(client.id)) {
    tenant.messages.set(client.id, [
      {
        id: `msg_${client.id}_welcome`,
        clientId: client.id,
        direction: 'inbound',
        body: `Hi, this is ${client.name}. Can I book my next visit?`,
        authorName: client.name,
        createdAt: now.toISOString(),
      },
    ]);
  }
  return result;
}

export function applyAppointment(tenant: Tenant, appointment: AppointmentData): UpsertResult {
  return upsertById(tenant.appointments, appointment);
}
