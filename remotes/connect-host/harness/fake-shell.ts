// The harness's stand-in for the shell: an in-memory store behind the same contract the shell
// provides. Tokens and provisioning are real (minted by the dev server, sent to the sandbox);
// sync and webhook deliveries are simulated in memory.
import { createStore } from 'zustand/vanilla';
import type { MangoConnectIntegration, Role, WebhookDelivery } from '@mango/connect-shared';
import type { ConnectServices, SyncProgress, SyncRunResult, SyncState } from '@mango/shell-contract';

export interface HarnessState {
  role: Role;
  integration: MangoConnectIntegration | null;
  token: string | null;
  tokenError: string | null;
  sync: SyncState;
  deliveries: WebhookDelivery[];
  deliveriesVersion: number;
  toasts: { id: number; message: string; kind: string }[];
}

const COUNTS = { clients: 42, appointments: 130 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function readJson<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { error?: { message: string } };
  if (!res.ok) throw new Error(body.error?.message ?? `The harness dev server answered ${res.status}.`);
  return body;
}

function seedDeliveries(): WebhookDelivery[] {
  const at = (min: number) => new Date(Date.now() - min * 60_000).toISOString();
  return [
    { id: 'd1', subscriptionId: 'sub', eventId: 'evt_harness_0001', event: 'client.created', entityId: 'c1', status: 'delivered', responseCode: 200, responseBody: '{"received":true}', sentAt: at(30), attempt: 1, durationMs: 41 },
    { id: 'd2', subscriptionId: 'sub', eventId: 'evt_harness_0002', event: 'appointment.updated', entityId: 'a7', status: 'retrying', responseCode: 503, responseBody: 'Service Unavailable', sentAt: at(12), attempt: 2, durationMs: 15_000 },
    { id: 'd3', subscriptionId: 'sub', eventId: 'evt_harness_0003', event: 'appointment.cancelled', entityId: 'a9', status: 'dead', responseCode: 500, responseBody: '{"error":{"code":"internal","message":"boom"}}', sentAt: at(5), attempt: 8, durationMs: 120 },
  ];
}

export function createHarnessShell(sandboxUrl: string) {
  const store = createStore<HarnessState>(() => ({
    role: 'owner',
    integration: null,
    token: null,
    tokenError: null,
    sync: { running: false, progress: null, last: null, counts: COUNTS },
    deliveries: seedDeliveries(),
    deliveriesVersion: 0,
    toasts: [],
  }));
  let toastId = 0;

  const refreshToken = async (): Promise<string | null> => {
    if (!store.getState().integration?.enabled) {
      store.setState({ token: null });
      return null;
    }
    try {
      const { token } = await readJson<{ token: string }>(await fetch(`/harness/token?role=${store.getState().role}`));
      store.setState({ token, tokenError: null });
      return token;
    } catch (err) {
      store.setState({ tokenError: (err as Error).message });
      return null;
    }
  };

  const runSync = async (onProgress?: (p: SyncProgress) => void): Promise<SyncRunResult> => {
    store.setState((s) => ({ sync: { ...s.sync, running: true } }));
    for (const entity of ['clients', 'appointments'] as const) {
      const total = COUNTS[entity];
      for (let done = 0; done <= total; done = Math.min(total, done + 25)) {
        const p = { entity, done, total, failed: 0 };
        onProgress?.(p);
        store.setState((s) => ({ sync: { ...s.sync, progress: p } }));
        await sleep(150);
        if (done === total) break;
      }
    }
    const result: SyncRunResult = {
      clients: { total: COUNTS.clients, synced: COUNTS.clients, failed: 0, errors: [] },
      appointments: { total: COUNTS.appointments, synced: COUNTS.appointments, failed: 0, errors: [] },
      finishedAt: new Date().toISOString(),
    };
    store.setState((s) => ({
      sync: { ...s.sync, running: false, progress: null, last: result },
      integration: s.integration ? { ...s.integration, lastSyncAt: result.finishedAt } : null,
    }));
    return result;
  };

  const services: ConnectServices = {
    getIntegration: async () => store.getState().integration,
    enable: async (onProgress) => {
      const prov = await readJson<{ connectTenantId: string; connectTenantSlug: string; webhookUrl: string; apiUrl: string }>(
        await fetch(`/harness/provision?role=${store.getState().role}`, { method: 'POST' }),
      );
      const integration: MangoConnectIntegration = {
        enabled: true,
        ...prov,
        sdkUrl: `${sandboxUrl}/sdk/mango-connect-sdk.js`,
        features: { conversations: true, aiAssistant: true, campaigns: true },
        webhookSubscriptionId: 'sub_harness',
      };
      store.setState({ integration });
      await refreshToken();
      const sync = await runSync(onProgress);
      return { integration: store.getState().integration ?? integration, sync };
    },
    disable: async () => {
      store.setState((s) => ({ integration: s.integration ? { ...s.integration, enabled: false } : null, token: null }));
    },
    updateFeatures: async (features) => {
      const current = store.getState().integration;
      if (!current) throw new Error('Enable Mango Connect before choosing its features.');
      const integration = { ...current, features: { ...current.features, ...features } };
      store.setState({ integration });
      return integration;
    },
    syncNow: async (onProgress) => runSync(onProgress),
    listDeliveries: async (filter = {}) =>
      store
        .getState()
        .deliveries.filter((d) => (!filter.status || d.status === filter.status) && (!filter.event || d.event === filter.event))
        .slice(0, filter.limit ?? 100),
    redeliver: async (eventId) => {
      await sleep(300);
      store.setState((s) => ({
        deliveries: [
          ...s.deliveries,
          { ...s.deliveries.find((d) => d.eventId === eventId)!, id: `d${Date.now()}`, status: 'delivered', responseCode: 200, responseBody: '{"received":true}', sentAt: new Date().toISOString(), attempt: 9 },
        ],
        deliveriesVersion: s.deliveriesVersion + 1,
      }));
    },
    checkConnection: async () => {
      const started = performance.now();
      try {
        const res = await fetch(`${sandboxUrl}/health`);
        return { ok: res.ok, message: res.ok ? 'The sandbox answered.' : `The sandbox answered ${res.status}.`, latencyMs: Math.round(performance.now() - started) };
      } catch {
        return { ok: false, message: `Cannot reach ${sandboxUrl}; start the sandbox.` };
      }
    },
  };

  const notify = (message: string, kind = 'info') => {
    const id = ++toastId;
    store.setState((s) => ({ toasts: [...s.toasts, { id, message, kind }] }));
    setTimeout(() => store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })), 6000);
  };

  return { store, services, refreshToken, notify };
}
