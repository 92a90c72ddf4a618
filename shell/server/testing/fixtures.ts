import type { OutboxEvent } from '@mango/connect-shared';

/** A client.created outbox event as the browser's outbox hands it over. */
export function clientCreatedEvent(storeId = 'store_demo_001', id = `evt_${crypto.randomUUID()}`): OutboxEvent {
  const now = new Date().toISOString();
  return {
    id,
    entityType: 'client',
    entityId: 'client_42',
    seq: 1,
    payload: {
      event: 'client.created',
      storeId,
      timestamp: now,
      data: { id: 'client_42', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 0000 0000', notes: '', createdAt: now, updatedAt: now },
    },
  };
}
