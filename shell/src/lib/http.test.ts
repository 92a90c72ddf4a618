import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ApiRequestError, apiRequest } from './http';

const fakeFetch = (status: number, body: string): typeof fetch => async () => new Response(body, { status });

/** A fetch that answers `{}` and keeps the init of each call, to check what was sent. */
function capturingFetch() {
  const sent: RequestInit[] = [];
  const capture: typeof fetch = async (_url, init) => {
    sent.push(init ?? {});
    return new Response('{}', { status: 200 });
  };
  return { capture, sent };
}

describe('apiRequest', () => {
  it('carries the API error code and message on a 4xx', async () => {
    const err = await apiRequest('/api/x', { fetch: fakeFetch(403, JSON.stringify({ error: { code: 'forbidden', message: 'Only owners can do that.' } })) }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiRequestError);
    expect(err).toMatchObject({ kind: 'http', status: 403, code: 'forbidden', message: 'Only owners can do that.', retryable: false });
  });

  it('reports a network failure as retryable', async () => {
    const err = await apiRequest('/api/x', { fetch: async () => { throw new TypeError('Failed to fetch'); } }).catch((e) => e);
    expect(err).toMatchObject({ kind: 'network', status: null, retryable: true });
  });

  it('validates the answer with the given schema', async () => {
    const schema = v.object({ ok: v.boolean() });
    await expect(apiRequest('/api/x', { schema, fetch: fakeFetch(200, '{"ok":true}') })).resolves.toEqual({ ok: true });
    const err = await apiRequest('/api/x', { schema, fetch: fakeFetch(200, '{"ok":"yes"}') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid_response', status: 200 });
    // The message names the field that is off, so a person reading a bug report knows where to look.
    expect((err as Error).message).toMatch(/GET \/api\/x in an unexpected shape: ok: .*boolean/);
  });

  it('sends a JSON string by default, so DevTools and Playwright traces show the payload', async () => {
    const { capture, sent } = capturingFetch();
    await apiRequest('/api/x', { method: 'POST', body: { name: 'Ådne' }, fetch: capture });
    expect(sent[0]!.body).toBe('{"name":"Ådne"}');
  });

  it('sends a bulk body as an application/json Blob (handed to the network process without a copy)', async () => {
    const { capture, sent } = capturingFetch();
    await apiRequest('/api/x', { method: 'POST', body: { name: 'Ådne', n: 1 }, bulk: true, fetch: capture });
    expect(sent[0]!.body).toBeInstanceOf(Blob);
    const blob = sent[0]!.body as Blob;
    expect(blob.type).toBe('application/json');
    // jsdom's Blob has no text(); FileReader reads it as a browser would.
    const text = await new Promise<string>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(blob);
    });
    expect(JSON.parse(text)).toEqual({ name: 'Ådne', n: 1 });
    expect(new Headers(sent[0]!.headers).get('content-type')).toBe('application/json');
  });
});
