import {
  CONNECT_ADMIN_ROLES,
  DEFAULT_CONNECT_FEATURES,
  WEBHOOK_EVENTS,
  type ConnectFeatures,
  type MangoConnectIntegration,
  type Session,
  type WebhookSubscription,
} from '@mango/connect-shared';
import type { SyncProgress, SyncRunResult } from '@mango/shell-contract';
import type { BizDb, WriteTx } from '../../db/db';
import type { ConnectIntegrationRecord } from '../../db/types';
import type { RuntimeConfig } from '../../app/runtime-config';
import type { ConnectApi } from './api';
import { connectIntegrationId, readConnectRecord, readSyncCounts, SYNC_COUNTS_KEY, type SyncCounts } from './integration-record';
import { runConnectSync } from './sync';

export class ConnectIntegrationError extends Error {
  static readonly code = 'ERR_CONNECT_INTEGRATION';
  readonly code = ConnectIntegrationError.code;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectIntegrationError';
  }
}

export interface IntegrationServiceDeps {
  db: BizDb;
  session: Session;
  api: ConnectApi;
  getRuntimeConfig: () => Promise<RuntimeConfig>;
  now?: () => Date;
  /** Told whenever the stored integration changes (enable, disable, features, last sync). */
  onChange?: (integration: MangoConnectIntegration | null) => void;
}

const SAVE_STORES = ['integrations', 'webhookSubscriptions'] as const;
type SaveTx = WriteTx<(typeof SAVE_STORES)[number]>;

const why = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createIntegrationService(deps: IntegrationServiceDeps) {
  const { db, session } = deps;
  const storeId = session.store.storeId;
  const now = () => deps.now?.() ?? new Date();

  /**
   * Stores `config` (keeping when the row was first made), together with `alongside` — subscription
   * changes that must commit with it or not at all — and tells `onChange` once it has committed.
   */
  async function save(config: MangoConnectIntegration, alongside?: (tx: SaveTx) => Promise<unknown>): Promise<MangoConnectIntegration> {
    const iso = now().toISOString();
    await db.write(SAVE_STORES, async (tx) => {
      const integrations = tx.objectStore('integrations');
      const existing = await integrations.get(connectIntegrationId(storeId));
      const record: ConnectIntegrationRecord = { id: connectIntegrationId(storeId), storeId, type: 'mango_connect', config, createdAt: existing?.createdAt ?? iso, updatedAt: iso };
      await Promise.all([integrations.put(record), alongside?.(tx)]);
    });
    deps.onChange?.(config);
    return config;
  }

  function assertAdmin(action: string): void {
    if (!CONNECT_ADMIN_ROLES.includes(session.member.role)) {
      throw new ConnectIntegrationError(`Only a store owner or admin can ${action}; you are signed in as ${session.member.role}.`);
    }
  }

  async function getConnectIntegration(): Promise<MangoConnectIntegration | null> {
    return (await readConnectRecord(db, storeId))?.config ?? null;
  }

  async function syncNow(onProgress?: (p: SyncProgress) => void): Promise<SyncRunResult> {
    assertAdmin('sync with Mango Connect');
    const current = await getConnectIntegration();
    if (!current?.enabled) throw new ConnectIntegrationError('Mango Connect is not enabled for this store; enable it first.');
    const result = await runConnectSync({ db, storeId, api: deps.api, now, onProgress });
    const counts: SyncCounts = { clients: result.clients.synced, appointments: result.appointments.synced };
    await db.put('meta', { key: SYNC_COUNTS_KEY, value: counts });
    await save({ ...current, lastSyncAt: result.finishedAt });
    return result;
  }

  return {
    getConnectIntegration,
    syncNow,

    async isConnectEnabled(): Promise<boolean> {
      return (await getConnectIntegration())?.enabled === true;
    },

    getSyncCounts: (): Promise<SyncCounts> => readSyncCounts(db),

    /**
     * Provision → store tenant + default features → webhook subscription → initial sync.
     * A provisioning failure leaves Connect disabled and rethrows with the reason.
     */
    async enableConnectIntegration(onProgress?: (p: SyncProgress) => void): Promise<{ integration: MangoConnectIntegration; sync: SyncRunResult | null }> {
      assertAdmin('enable Mango Connect');
      let tenant;
      try {
        tenant = await deps.api.provision();
      } catch (err) {
        throw new ConnectIntegrationError(`Could not enable Mango Connect: provisioning failed (${why(err)}). Nothing was changed; try again in a moment.`, { cause: err });
      }
      const runtime = await deps.getRuntimeConfig();
      const previous = await getConnectIntegration();
      const iso = now().toISOString();
      const subscription: WebhookSubscription = {
        id: crypto.randomUUID(),
        storeId,
        integrationType: 'mango_connect',
        url: tenant.webhookUrl,
        events: [...WEBHOOK_EVENTS],
        active: true,
        failureCount: 0,
        createdAt: iso,
        updatedAt: iso,
      };
      const config: MangoConnectIntegration = {
        enabled: true,
        connectTenantId: tenant.connectTenantId,
        connectTenantSlug: tenant.connectTenantSlug,
        webhookUrl: tenant.webhookUrl,
        apiUrl: runtime.connect.apiUrl,
        sdkUrl: runtime.connect.sdkUrl,
        features: previous?.features ?? DEFAULT_CONNECT_FEATURES,
        ...(previous?.lastSyncAt ? { lastSyncAt: previous.lastSyncAt } : {}),
        webhookSubscriptionId: subscription.id,
      };
      await save(config, async (tx) => {
        // One live subscription per store: an old one (from an earlier enable) is retired.
        const subscriptions = tx.objectStore('webhookSubscriptions');
        const old = await subscriptions.index('storeId').getAll(storeId);
        await Promise.all([
          ...old.filter((s) => s.active).map((s) => subscriptions.put({ ...s, active: false, deactivatedReason: 'replaced on re-enable', updatedAt: iso })),
          subscriptions.add(subscription),
        ]);
      });
      let sync: SyncRunResult | null = null;
      sync = await syncNow(onProgress);
      return { integration: (await getConnectIntegration()) ?? config, sync };
    },

    async disableConnectIntegration(): Promise<void> {
      assertAdmin('disable Mango Connect');
      const current = await getConnectIntegration();
      if (!current) return;
      const iso = now().toISOString();
      const subId = current.webhookSubscriptionId;
      await save({ ...current, enabled: false }, async (tx) => {
        if (!subId) return;
        const subscriptions = tx.objectStore('webhookSubscriptions');
        const sub = await subscriptions.get(subId);
        if (sub) await subscriptions.put({ ...sub, active: false, deactivatedReason: 'Connect disabled by the store', updatedAt: iso });
      });
    },

    async updateConnectConfig(patch: { features?: Partial<ConnectFeatures> }): Promise<MangoConnectIntegration> {
      assertAdmin('change Mango Connect settings');
      const current = await getConnectIntegration();
      if (!current) throw new ConnectIntegrationError('Mango Connect has not been set up for this store yet; enable it first.');
      return save({ ...current, features: { ...current.features, ...patch.features } });
    },
  };
}

export type IntegrationService = ReturnType<typeof createIntegrationService>;
