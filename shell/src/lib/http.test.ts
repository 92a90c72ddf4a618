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

  it('sends the body as a JSON string, so DevTools and Playwright traces show the payload', async () => {
    const { capture, sent } = capturingFetch();
    await apiRequest('/api/x', { method: 'POST', body: { name: 'Ådne' }, fetch: capture });
    expect(sent[0]!.body).toBe('{"name":"Ådne"}');
  });
});
