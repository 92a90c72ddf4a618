import { ConnectApiError, DEFAULT_CONNECT_FEATURES, WEBHOOK_EVENTS, type ConnectConfigPatch, type ConnectState, type MangoConnectIntegration, type Session } from '@mango/connect-shared';
import type { ConnectApiClient } from '@mango/connect-shared/connect-api';
import { and, asc, eq } from 'drizzle-orm';
import { isTrustedUrl } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { integrations, members, outbox, webhookSubscriptions } from '../db/schema.js';
import type { Signals } from '../events/signals.js';
import { HttpError } from '../http-error.js';
import { bumpStoreSeq } from '../data/store-seq.js';
import { CONNECT, readConnectState, readIntegration } from './state.js';
import { createSyncRun, runningSyncRun, type SyncRunner } from './sync-runner.js';

export interface IntegrationServiceDeps {
  db: Db;
  signals: Signals;
  connect: Pick<ConnectApiClient, 'provision'>;
  syncRunner: SyncRunner;
  /** The SDK bundle the store's pages load (MANGO_CONNECT_SDK_URL). */
  sdkUrl: string;
  /** Origins provisioning may name for webhooks and the API; anything else is refused. */
  trustedOrigins: readonly string[];
  now?: () => Date;
}

/** A Connect failure as the store-app sees it: 502, and whether Connect was unreachable or said no. */
function connectFailure(err: unknown, what: string): never {
  if (err instanceof ConnectApiError) {
    const unreachable = err.kind === 'network' || err.kind === 'timeout' || (err.status !== null && err.status >= 500);
    throw new HttpError(502, unreachable ? 'connect_unavailable' : 'connect_rejected', `Could not ${what}: ${err.message}. Nothing was changed; try again in a moment.`);
  }
  throw err;
}

/**
 * The store's Connect integration (US-002) as operations over the database: every member reads the
 * same state; owners and admins change it (the routes check the role). Each change bumps the
 * store's change sequence in its transaction, so every member's open app follows within seconds.
 */
export function createIntegrationService(deps: IntegrationServiceDeps) {
  const { db, signals } = deps;
  const now = () => deps.now?.() ?? new Date();

  /** Runs `work` in a transaction with the store's sequence bumped, then tells every device. */
  async function change<T>(storeId: string, work: (tx: Tx, seq: number, at: Date) => Promise<T>): Promise<T> {
    const at = now();
    const { result, seq } = await db.transaction(async (tx) => {
      const seq = await bumpStoreSeq(tx, storeId);
      const result = await work(tx, seq, at);
      await signals.announce(tx, { storeId, seq, outbox: true });
      return { result, seq };
    });
    signals.committed({ storeId, seq, outbox: true });
    return result;
  }

  async function saveConfig(tx: Tx, storeId: string, config: MangoConnectIntegration, seq: number, at: Date) {
    await tx
      .insert(integrations)
      .values({ storeId, type: CONNECT, id: `${storeId}:${CONNECT}`, config, seq, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({ target: [integrations.storeId, integrations.type], set: { config, seq, updatedAt: at } });
  }

  /** Retires the store's live subscription; its undelivered events go to the dead letter with `reason`. */
  async function retireSubscription(tx: Tx, storeId: string, reason: string, at: Date) {
    const retired = await tx
      .update(webhookSubscriptions)
      .set({ active: false, deactivatedReason: reason, updatedAt: at })
      .where(and(eq(webhookSubscriptions.storeId, storeId), eq(webhookSubscriptions.integrationType, CONNECT), eq(webhookSubscriptions.active, true)))
      .returning({ id: webhookSubscriptions.id });
    for (const { id } of retired) {
      await tx
        .update(outbox)
        .set({ status: 'dead', lastError: reason, leaseOwner: null, leaseUntil: null })
        .where(and(eq(outbox.storeId, storeId), eq(outbox.subscriptionId, id), eq(outbox.status, 'pending')));
    }
  }

  const state = (storeId: string): Promise<ConnectState> => readConnectState(db, storeId).then(({ seq: _seq, ...s }) => s);

  return {
    state,

    /**
     * Provision → store the tenant → webhook subscription → initial sync (started on the server,
     * running when this answers). A provisioning failure changes nothing.
     */
    async enable(session: Session): Promise<ConnectState> {
      const storeId = session.store.storeId;
      const [owner] = await db.select({ email: members.email, name: members.name }).from(members).where(and(eq(members.storeId, storeId), eq(members.role, 'owner'))).orderBy(asc(members.createdAt)).limit(1);
      const tenant = await deps.connect
        .provision({ storeId, storeName: session.store.storeName, tenantId: session.store.tenantId, ownerEmail: owner?.email ?? session.member.email, ownerName: owner?.name ?? session.member.name })
        .catch((err: unknown) => connectFailure(err, 'enable Mango Connect: provisioning failed'));
      // Webhooks go where provisioning says; a compromised or misconfigured Connect must not be able to point them anywhere else.
      for (const [field, url] of [['webhookUrl', tenant.webhookUrl], ['apiUrl', tenant.apiUrl]] as const) {
        if (!isTrustedUrl(url, deps.trustedOrigins)) {
          throw new HttpError(502, 'untrusted_connect_response', `Mango Connect answered a ${field} (${url}) outside the trusted origins (${deps.trustedOrigins.join(', ')}). Nothing was changed.`);
        }
      }
      const runId = await change(storeId, async (tx, seq, at) => {
        const previous = (await readIntegration(tx, storeId))?.config;
        await retireSubscription(tx, storeId, 'Replaced by a new subscription when Mango Connect was enabled again.', at);
        const subscriptionId = `sub_${crypto.randomUUID()}`;
        await tx.insert(webhookSubscriptions).values({ id: subscriptionId, storeId, integrationType: CONNECT, url: tenant.webhookUrl, events: [...WEBHOOK_EVENTS], active: true, failureCount: 0, createdAt: at, updatedAt: at });
        const config: MangoConnectIntegration = {
          enabled: true,
          connectTenantId: tenant.connectTenantId,
          connectTenantSlug: tenant.connectTenantSlug,
          webhookUrl: tenant.webhookUrl,
          apiUrl: tenant.apiUrl,
          sdkUrl: deps.sdkUrl,
          features: previous?.features ?? DEFAULT_CONNECT_FEATURES,
          ...(previous?.lastSyncAt ? { lastSyncAt: previous.lastSyncAt } : {}),
          webhookSubscriptionId: subscriptionId,
        };
        await saveConfig(tx, storeId, config, seq, at);
        const running = await runningSyncRun(tx, storeId);
        return running?.id ?? (await createSyncRun(tx, storeId, session.member.memberId, at, seq, deps.syncRunner.owner)).id;
      });
      deps.syncRunner.launch(runId);
      return state(storeId);
    },

    /** Turns Connect off: the subscription is deactivated and a running sync stops. */
    async disable(session: Session): Promise<ConnectState> {
      const storeId = session.store.storeId;
      await change(storeId, async (tx, seq, at) => {
        const current = await readIntegration(tx, storeId);
        await retireSubscription(tx, storeId, 'Mango Connect was turned off before this event was delivered.', at);
        if (current) await saveConfig(tx, storeId, { ...current.config, enabled: false }, seq, at);
      });
      return state(storeId);
    },

    /** updateConnectConfig (US-002): the feature toggles. */
    async updateConfig(session: Session, patch: ConnectConfigPatch): Promise<ConnectState> {
      const storeId = session.store.storeId;
      await change(storeId, async (tx, seq, at) => {
        const current = await readIntegration(tx, storeId);
        if (!current) throw new HttpError(409, 'connect_not_set_up', 'Mango Connect has not been set up for this store; enable it first.');
        const features = { ...current.config.features, ...Object.fromEntries(Object.entries(patch.features).filter(([, v]) => v !== undefined)) };
        await saveConfig(tx, storeId, { ...current.config, features }, seq, at);
      });
      return state(storeId);
    },

    /** Sync Now: starts a run, or answers the one already running (one per store at a time). */
    async startSync(session: Session): Promise<ConnectState> {
      const storeId = session.store.storeId;
      const integration = await readIntegration(db, storeId);
      if (!integration?.config.enabled) throw new HttpError(409, 'connect_disabled', 'Mango Connect is not enabled for this store; enable it first.');
      const runId = await change(storeId, async (tx, seq, at) => {
        const running = await runningSyncRun(tx, storeId);
        return running?.id ?? (await createSyncRun(tx, storeId, session.member.memberId, at, seq, deps.syncRunner.owner)).id;
      });
      deps.syncRunner.launch(runId);
      return state(storeId);
    },
  };
}
export type IntegrationService = ReturnType<typeof createIntegrationService>;
