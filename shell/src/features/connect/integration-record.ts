import type { BizDb } from '../../db/db';
import type { ConnectIntegrationRecord } from '../../db/types';

/** One Connect integration row per store, at a fixed key, so every reader finds the same row. */
export const connectIntegrationId = (storeId: string) => `${storeId}:mango_connect`;

export function readConnectRecord(db: BizDb, storeId: string): Promise<ConnectIntegrationRecord | undefined> {
  return db.get('integrations', connectIntegrationId(storeId));
}

export interface SyncCounts {
  clients: number;
  appointments: number;
}

export const SYNC_COUNTS_KEY = 'syncCounts';

/** What the last sync sent, as the header shows it; zeros before the first. */
export async function readSyncCounts(db: BizDb): Promise<SyncCounts> {
  const counts = (await db.get('meta', SYNC_COUNTS_KEY))?.value as SyncCounts | undefined;
  return counts ?? { clients: 0, appointments: 0 };
}
