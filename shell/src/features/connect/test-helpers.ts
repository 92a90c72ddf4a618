import { DEFAULT_CONNECT_FEATURES, type MangoConnectIntegration } from '@mango/connect-shared';
import { openBizDb, putAll as putAllIn, type BizDb, type BizSchema, type StoreName } from '../../db/db';
import type { StoreKey, StoreValue } from 'idb';
import { connectIntegrationId } from './integration-record';

/** A fresh, empty store database (fake IndexedDB in unit tests). */
export function freshDb(): BizDb {
  return openBizDb(`test-${crypto.randomUUID()}`);
}

export const TEST_STORE = 'store_test_001';

export const enabledConfig = (over: Partial<MangoConnectIntegration> = {}): MangoConnectIntegration => ({
  enabled: true,
  connectTenantId: 'ct_1',
  connectTenantSlug: 'test-salon',
  webhookUrl: 'http://localhost:5175/webhooks/mango-biz',
  apiUrl: 'http://localhost:5175',
  sdkUrl: 'http://localhost:5175/sdk/mango-connect-sdk.js',
  features: DEFAULT_CONNECT_FEATURES,
  webhookSubscriptionId: 'sub_1',
  ...over,
});

export async function enableConnectForTest(db: BizDb, storeId = TEST_STORE, over: Partial<MangoConnectIntegration> = {}): Promise<void> {
  const now = new Date().toISOString();
  await db.put('integrations', { id: connectIntegrationId(storeId), storeId, type: 'mango_connect', config: enabledConfig(over), createdAt: now, updatedAt: now });
  await db.put('webhookSubscriptions', {
    id: over.webhookSubscriptionId ?? 'sub_1',
    storeId,
    integrationType: 'mango_connect',
    url: enabledConfig(over).webhookUrl,
    events: ['client.created', 'client.updated', 'appointment.created', 'appointment.updated', 'appointment.cancelled'],
    active: true,
    failureCount: 0,
    createdAt: now,
    updatedAt: now,
  });
}

/** Writes many records in one transaction (test setup). */
export function putAll<N extends StoreName>(db: BizDb, store: N, values: readonly StoreValue<BizSchema, N>[]): Promise<void> {
  return db.write([store], async (tx) => {
    await putAllIn(tx, store, values);
  });
}

/** Changes some fields of one record in one transaction (test setup); false when there is none. */
export function patch<N extends StoreName>(db: BizDb, store: N, key: StoreKey<BizSchema, N>, changes: Partial<StoreValue<BizSchema, N>>): Promise<boolean> {
  return db.write([store], async (tx) => {
    const os = tx.objectStore(store);
    const current = await os.get(key);
    if (current) await os.put({ ...current, ...changes });
    return !!current;
  });
}
