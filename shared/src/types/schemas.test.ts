import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { appointment, client } from '../../test/fixtures.js';
import { SyncRequestSchema, SYNC_BATCH_LIMIT } from './connect-api.js';
import { describeIssues, issuePath } from './validation.js';
import { WebhookPayloadSchema } from './webhooks.js';

const payload = { event: 'client.updated', storeId: 'store_1', timestamp: '2026-12-01T09:30:00.000Z', data: client };
const issuesOf = (schema: v.GenericSchema, value: unknown) => {
  const parsed = v.safeParse(schema, value);
  return parsed.success ? [] : describeIssues(parsed.issues);
};

describe('the contract schemas', () => {
  it('accept a webhook body as the relay builds it, and give back its fields in contract order', () => {
    const parsed = v.parse(WebhookPayloadSchema, { data: client, timestamp: payload.timestamp, storeId: 'store_1', event: 'client.updated' });
    expect(Object.keys(parsed)).toEqual(['event', 'storeId', 'timestamp', 'data']);
  });

  it('want the timestamp in UTC, as toISOString writes it', () => {
    expect(issuesOf(WebhookPayloadSchema, { ...payload, timestamp: '2026-12-01T10:30:00.000+01:00' })).toEqual(['timestamp: Invalid timestamp: must be in UTC, ending in "Z"']);
    expect(issuesOf(WebhookPayloadSchema, { ...payload, timestamp: 'yesterday' })[0]).toMatch(/^timestamp: /);
  });

  it('refuse a key outside the contract at the top of a webhook body', () => {
    expect(issuesOf(WebhookPayloadSchema, { ...payload, extra: 1 })[0]).toMatch(/^extra: /);
  });

  it('check the data against the event it travels with, and name the field', () => {
    expect(issuesOf(WebhookPayloadSchema, { ...payload, event: 'appointment.created' })).toContain('data.clientId: Invalid key: Expected "clientId" but received undefined');
    expect(issuesOf(WebhookPayloadSchema, { ...payload, event: 'appointment.created', data: { ...appointment, duration: 0 } })[0]).toMatch(/^data\.duration: /);
  });

  it('name the field when a sync batch breaks a limit', () => {
    const items = Array.from({ length: SYNC_BATCH_LIMIT + 1 }, (_, i) => ({ ...client, id: `c${i}` }));
    expect(issuesOf(SyncRequestSchema, { storeId: 'store_1', batchId: 'b1', entity: 'clients', items })[0]).toMatch(/^items: /);
    expect(issuesOf(SyncRequestSchema, { storeId: 'store_1', batchId: 'b1', entity: 'clients', items: [] })[0]).toMatch(/^items: /);
  });

  it('say "(root)", or what the caller names it, for an issue about the value as a whole', () => {
    const parsed = v.safeParse(WebhookPayloadSchema, 'not an object');
    expect(parsed.success).toBe(false);
    if (!parsed.success) {
      expect(issuePath(parsed.issues[0])).toBe('(root)');
      expect(issuePath(parsed.issues[0], '(body)')).toBe('(body)');
    }
  });
});
