import { DEFAULT_CONNECT_FEATURES, type MangoConnectIntegration } from '@mango/connect-shared';
import { openBizDb, type BizDb } from '../../db/db';
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
  await db.integrations.put({ id: connectIntegrationId(storeId), storeId, type: 'mango_connect', config: enabledConfig(over), createdAt: now, updatedAt: now });
  await db.webhookSubscriptions.put({
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
