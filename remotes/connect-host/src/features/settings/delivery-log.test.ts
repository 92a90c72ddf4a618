import { describe, expect, it } from 'vitest';
import { WEBHOOK_EVENTS } from '@mango/connect-shared';
import { makeDelivery } from '../../test/fixtures.js';
import { bodyExcerpt, newestFirst, toDeliveryFilter, WEBHOOK_EVENT_OPTIONS } from './delivery-log.js';

describe('delivery log logic', () => {
  it('offers exactly the webhook events of the shared contract', () => {
    expect([...WEBHOOK_EVENT_OPTIONS]).toEqual([...WEBHOOK_EVENTS]);
  });
  it('turns the select values into a service filter, "" meaning all', () => {
    expect(toDeliveryFilter('', '')).toEqual({ limit: 100 });
    expect(toDeliveryFilter('dead', 'client.updated')).toEqual({ limit: 100, status: 'dead', event: 'client.updated' });
    expect(toDeliveryFilter('bogus', 'nope')).toEqual({ limit: 100 });
  });
  it('orders attempts newest first whatever order they came in', () => {
    const older = makeDelivery({ id: 'old', sentAt: '2026-11-25T09:00:00Z' });
    const newer = makeDelivery({ id: 'new', sentAt: '2026-11-25T11:00:00Z' });
    expect(newestFirst([older, newer]).map((d) => d.id)).toEqual(['new', 'old']);
  });
  it('cuts a response body to one short line', () => {
    expect(bodyExcerpt('{\n  "error": "gone"\n}')).toBe('{ "error": "gone" }');
    expect(bodyExcerpt('x'.repeat(200), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
