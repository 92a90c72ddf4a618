import type {
  AppointmentStatus,
  ClientData,
  ConnectIntegrationRecord,
  EntityType,
  OutboxEvent,
  WebhookDelivery,
  WebhookSubscription,
} from '@mango/connect-shared';

/** A client exactly as the webhook and sync payloads carry it. */
export type ClientRecord = ClientData;

export interface AppointmentRecord {
  id: string;
  clientId: string;
  /** ISO 8601 instant. */
  scheduledAt: string;
  /** Minutes. */
  duration: number;
  serviceName: string;
  staffName: string;
  status: AppointmentStatus;
  createdAt: string;
  updatedAt: string;
}

export type OutboxStatus = 'pending' | 'done' | 'dead';

/** An outbox event plus its delivery bookkeeping; all of it lives in IndexedDB so a reload loses nothing. */
export interface OutboxRecord extends OutboxEvent {
  entityType: EntityType;
  status: OutboxStatus;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms when the relay may (re)try it. */
  nextAttemptAt: number;
  createdAt: string;
  lastError?: string;
  doneAt?: string;
}

export interface SyncCheckpoint {
  /** 'current' — one sync at a time per store. */
  id: string;
  runId: string;
  startedAt: string;
  /**
   * Batches of 100 per unit of work (one request to the edge API); `completed` counts units.
   * Absent in runs started before batches were grouped, which counted single batches.
   */
  groupSize?: number;
  /** Completed units per entity, so a reload resumes where it stopped. */
  completed: { clients: number[]; appointments: number[] };
  /** The item ids frozen at the start of the run, so batch indices keep meaning the same items. */
  itemIds: { clients: string[]; appointments: string[] };
  finished: boolean;
}

export interface MetaRecord {
  key: string;
  value: unknown;
}

export type { ConnectIntegrationRecord, WebhookDelivery, WebhookSubscription };
