import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { limitBody } from './body-limit.js';

function app() {
  const hono = new Hono();
  hono.use('*', limitBody(10, (c) => c.json({ error: 'too_large' }, 413)));
  hono.post('/echo', async (c) => c.text(await c.req.text()));
  hono.get('/plain', (c) => c.text('ok'));
  return hono;
}

const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const ch of text) controller.enqueue(new TextEncoder().encode(ch));
      controller.close();
    },
  });

describe('limitBody', () => {
  it('passes a body within the limit through untouched', async () => {
    const res = await app().request('/echo', { method: 'POST', body: '0123456789', headers: { 'content-length': '10' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('0123456789');
  });

  it('refuses by the declared Content-Length without reading the body', async () => {
    const res = await app().request('/echo', { method: 'POST', body: 'x', headers: { 'content-length': '11' } });
    expect(res.status).toBe(413);
  });

  it('counts a chunked body (no Content-Length) as it streams and refuses it once it passes the limit', async () => {
    const over = await app().request('/echo', { method: 'POST', body: chunked('0123456789A'), duplex: 'half' } as RequestInit);
    expect(over.status).toBe(413);
    const within = await app().request('/echo', { method: 'POST', body: chunked('0123456789'), duplex: 'half' } as RequestInit);
    expect(within.status).toBe(200);
    expect(await within.text()).toBe('0123456789');
  });

  it('lets bodyless GETs through', async () => {
    expect((await app().request('/plain')).status).toBe(200);
  });
});
