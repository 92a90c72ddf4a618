import type { BizDb } from '../../db/db';
import type { ConnectIntegrationRecord } from '../../db/types';

/** One Connect integration row per store, at a fixed key, so every reader finds the same row. */
export const connectIntegrationId = (storeId: string) => `${storeId}:mango_connect`;

export function readConnectRecord(db: BizDb, storeId: string): Promise<ConnectIntegrationRecord | undefined> {
  return db.integrations.get(connectIntegrationId(storeId));
}
