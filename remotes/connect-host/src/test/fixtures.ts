import type { MangoConnectIntegration, Role, Session, WaitingEvent, WebhookDelivery } from '@mango/connect-shared';
import type { ConnectServices, ShellContractValue, SyncState } from '@mango/shell-contract';
import { vi } from 'vitest';

export function makeSession(role: Role = 'owner'): Session {
  return {
    store: { storeId: 'store_demo_001', tenantId: 'tenant_demo_001', storeName: 'Demo Salon' },
    member: { memberId: `m_${role}`, email: `${role}@demo.mango`, name: `Demo ${role}`, role, permissions: [] },
  };
}

export function makeIntegration(overrides: Partial<MangoConnectIntegration> = {}): MangoConnectIntegration {
  return {
    enabled: true,
    connectTenantId: 'ct_001',
    connectTenantSlug: 'demo-salon',
    webhookUrl: 'http://localhost:5175/webhooks/mango-biz',
    apiUrl: 'http://localhost:5175',
    sdkUrl: 'http://localhost:5175/sdk/mango-connect-sdk.js',
    features: { conversations: true, aiAssistant: true, campaigns: false },
    ...overrides,
  };
}

export function makeDelivery(overrides: Partial<WebhookDelivery> = {}): WebhookDelivery {
  return {
    id: 'd1',
    subscriptionId: 'sub1',
    eventId: 'evt_00000001',
    event: 'client.created',
    entityId: 'c1',
    status: 'delivered',
    responseCode: 200,
    responseBody: '{"ok":true}',
    sentAt: '2026-11-25T10:00:00.000Z',
    attempt: 1,
    durationMs: 40,
    ...overrides,
  };
}

export function makeWaitingEvent(overrides: Partial<WaitingEvent> = {}): WaitingEvent {
  return {
    eventId: 'evt_00000001',
    event: 'client.updated',
    entityId: 'client-123',
    attempts: 3,
    nextAttemptAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    lastError: 'Connect answered 503 Service Unavailable',
    ...overrides,
  };
}

/**
 * Services whose every method is a spy; override the ones a test drives. The optional methods
 * (`listWaiting`, `retryNow`) are absent, as on a shell of contract 1.2 or earlier.
 */
export function makeServices(overrides: Partial<ConnectServices> = {}): ConnectServices {
  return {
    getIntegration: vi.fn(async () => makeIntegration()),
    enable: vi.fn(async () => ({ integration: makeIntegration(), sync: null })),
    disable: vi.fn(async () => {}),
    updateFeatures: vi.fn(async (f) => makeIntegration({ features: { ...makeIntegration().features, ...f } })),
    syncNow: vi.fn(async () => ({
      clients: { total: 0, synced: 0, failed: 0, errors: [] },
      appointments: { total: 0, synced: 0, failed: 0, errors: [] },
      finishedAt: '2026-11-25T10:00:00.000Z',
    })),
    listDeliveries: vi.fn(async () => []),
    redeliver: vi.fn(async () => {}),
    checkConnection: vi.fn(async () => ({ ok: true, message: 'Mango Connect answered', latencyMs: 12 })),
    ...overrides,
  };
}

export const idleSync: SyncState = { running: false, progress: null, last: null, counts: { clients: 0, appointments: 0 } };

export function makeContract(overrides: Partial<ShellContractValue> = {}): ShellContractValue {
  return {
    version: '1.1.0',
    session: makeSession('owner'),
    connectToken: { token: 'token-1', isValid: true, refresh: vi.fn(async () => 'token-2'), error: null },
    integration: makeIntegration(),
    sync: idleSync,
    services: makeServices(),
    deliveriesVersion: 0,
    notify: vi.fn(),
    navigate: vi.fn(),
    ...overrides,
  };
}
