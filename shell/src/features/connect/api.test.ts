import type { OutboxEvent } from '@mango/connect-shared';
import { describe, expect, it } from 'vitest';
import { createConnectApi } from './api';

function recordingFetch(answer: unknown) {
  const sent: { url: string; body: unknown }[] = [];
  const doFetch: typeof fetch = async (url, init) => {
    sent.push({ url: String(url), body: init?.body });
    return new Response(JSON.stringify(answer), { status: 200 });
  };
  return { doFetch, sent };
}

describe('Connect API (browser side)', () => {
  it('uploads a sync group as a Blob: bulk, handed to the network process without a copy', async () => {
    const { doFetch, sent } = recordingFetch({ results: [{ batchId: 'r:clients:0', entity: 'clients', received: 0, created: 0, updated: 0, unchanged: 0 }] });
    await createConnectApi(doFetch).syncBatches([{ storeId: 's', batchId: 'r:clients:0', entity: 'clients', items: [] }]);
    expect(sent[0]!.url).toBe('/api/connect/sync/batches');
    expect(sent[0]!.body).toBeInstanceOf(Blob);
  });

  it('sends webhook batches as JSON text, so traces and DevTools show which events went out', async () => {
    const { doFetch, sent } = recordingFetch({ results: [] });
    await createConnectApi(doFetch).sendWebhooks([] as OutboxEvent[], 'http://localhost:5175/webhook-mango-biz');
    expect(sent[0]!.url).toBe('/api/connect/webhooks/batch');
    expect(JSON.parse(sent[0]!.body as string)).toEqual({ webhookUrl: 'http://localhost:5175/webhook-mango-biz', events: [] });
  });
});
