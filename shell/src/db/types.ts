import type { AppointmentRow, ClientRow, ConnectState, Mutation } from '@mango/connect-shared';

export type { AppointmentRow, ClientRow, ConnectState, Mutation };

export type EntityKind = 'client' | 'appointment';

/**
 * A change made on this device that the server has not answered yet, in the order it was made
 * (`n`, IndexedDB's auto-increment key). Its row is already in the cache (shown at once); this is
 * what still has to reach the server.
 */
export interface PendingMutation {
  /** Assigned by IndexedDB when the mutation is queued; absent only on the way in. */
  n?: number;
  mutation: Mutation;
  entity: EntityKind;
  /** `mutation.entityId`, indexed: "does this entity still have changes waiting?" */
  entityId: string;
  /** What the person did, in their words, for the message if the server refuses it ("save client “Ana”"). */
  label: string;
  queuedAt: string;
}

/** A queued mutation as read back from IndexedDB: its key is set. */
export type QueuedMutation = PendingMutation & { n: number };

/**
 * The cache's bookkeeping, one record per key: the pull cursor (the store's change sequence the
 * cache is current to) and the store's Connect state as of that cursor (written with it).
 */
export type MetaRecord = { key: 'cursor'; value: number } | { key: 'connect'; value: ConnectState };
export type MetaKey = MetaRecord['key'];
