import { describe, expect, it } from 'vitest';
import { ConnectValidationError } from '../errors.js';
import { appointment, client } from '../../test/fixtures.js';
import type { ClientData } from '../types/webhooks.js';
import { createWebhookPayload, serializePayload } from './payload.js';

const NOW = new Date('2026-11-25T12:00:00.000Z');

describe('createWebhookPayload', () => {
  it('builds { event, storeId, timestamp, data } with an ISO 8601 timestamp', () => {
    expect(createWebhookPayload('client.created', 'store_1', client, NOW)).toEqual({
      event: 'client.created',
      storeId: 'store_1',
      timestamp: '2026-11-25T12:00:00.000Z',
      data: client,
    });
  });

  it('accepts appointment events with appointment data', () => {
    expect(createWebhookPayload('appointment.cancelled', 'store_1', { ...appointment, status: 'cancelled' }, NOW).data).toMatchObject({
      id: 'apt_1',
      status: 'cancelled',
    });
  });

  it('refuses client data on an appointment event, naming the missing fields', () => {
    expect(() => createWebhookPayload('appointment.created', 'store_1', client, NOW)).toThrow(ConnectValidationError);
    try {
      createWebhookPayload('appointment.created', 'store_1', client, NOW);
    } catch (e) {
      expect((e as ConnectValidationError).issues.join(' ')).toContain('data.clientId');
    }
  });

  it('refuses an unknown event and an empty store id', () => {
    expect(() => createWebhookPayload('client.deleted' as 'client.created', 'store_1', client, NOW)).toThrow(ConnectValidationError);
    expect(() => createWebhookPayload('client.created', '', client, NOW)).toThrow(ConnectValidationError);
  });

  it('drops fields outside the contract from data', () => {
    const extra = { ...client, internalScore: 9 } as ClientData;
    expect(createWebhookPayload('client.updated', 'store_1', extra, NOW).data).not.toHaveProperty('internalScore');
  });
});

describe('serializePayload', () => {
  it('writes the keys in contract order, whatever order the object had', () => {
    const payload = createWebhookPayload('client.created', 'store_1', client, NOW);
    const shuffled = { data: payload.data, timestamp: payload.timestamp, storeId: payload.storeId, event: payload.event } as typeof payload;
    const raw = serializePayload(shuffled);
    expect(Object.keys(JSON.parse(raw))).toEqual(['event', 'storeId', 'timestamp', 'data']);
    expect(raw).toBe(serializePayload(payload));
  });
});
