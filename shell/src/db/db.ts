import { Dexie, type EntityTable } from 'dexie';
import type {
  AppointmentRecord,
  ClientRecord,
  ConnectIntegrationRecord,
  MetaRecord,
  OutboxRecord,
  SyncCheckpoint,
  WebhookDelivery,
  WebhookSubscription,
} from './types';

export type BizDb = Dexie & {
  clients: EntityTable<ClientRecord, 'id'>;
  appointments: EntityTable<AppointmentRecord, 'id'>;
  integrations: EntityTable<ConnectIntegrationRecord, 'id'>;
  webhookSubscriptions: EntityTable<WebhookSubscription, 'id'>;
  webhookDeliveries: EntityTable<WebhookDelivery, 'id'>;
  outbox: EntityTable<OutboxRecord, 'id'>;
  syncState: EntityTable<SyncCheckpoint, 'id'>;
  meta: EntityTable<MetaRecord, 'key'>;
};

/** One database per store: two stores signed in on one machine never see each other's data. */
export const dbNameFor = (storeId: string) => `mango-biz-${storeId}`;

export function openBizDb(storeId: string): BizDb {
  const db = new Dexie(dbNameFor(storeId)) as BizDb;
  db.version(1).stores({
    clients: 'id, name, updatedAt',
    appointments: 'id, clientId, scheduledAt, status',
    integrations: 'id, [storeId+type]',
    webhookSubscriptions: 'id, storeId',
    webhookDeliveries: 'id, eventId, sentAt, status, event',
    outbox: 'id, status, nextAttemptAt, entityId, createdAt',
    syncState: 'id',
    meta: 'key',
  });
  return db;
}

const open = new Map<string, BizDb>();

/** The page's single connection per store. */
export function getBizDb(storeId: string): BizDb {
  let db = open.get(storeId);
  if (!db) {
    db = openBizDb(storeId);
    open.set(storeId, db);
  }
  return db;
}
