import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeepAlivePost } from './keep-alive-post.js';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function echoServer() {
  let connections = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.setHeader('server-timing', 'total;dur=0.2');
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] }));
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanup.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections };
}

describe('createKeepAlivePost', () => {
  it('POSTs the body with its headers and answers status, headers and body', async () => {
    const srv = await echoServer();
    const client = createKeepAlivePost();
    cleanup.push(client.close);
    const answer = await client.post(`${srv.url}/token`, { 'content-type': 'application/json' }, '{"ü":1}');
    expect(answer.status).toBe(200);
    expect(answer.headers['server-timing']).toBe('total;dur=0.2');
    expect(JSON.parse(answer.body)).toEqual({ method: 'POST', body: '{"ü":1}', type: 'application/json' });
    expect((await client.post(`${srv.url}/missing`, {}, '')).status).toBe(404);
  });

  it('sends request after request over one connection', async () => {
    const srv = await echoServer();
    const client = createKeepAlivePost();
    cleanup.push(client.close);
    for (let i = 0; i < 20; i++) await client.post(`${srv.url}/token`, {}, '{}');
    expect(srv.connections()).toBe(1);
  });

  it('rejects when nothing listens', async () => {
    const client = createKeepAlivePost();
    cleanup.push(client.close);
    await expect(client.post('http://127.0.0.1:1/token', {}, '{}')).rejects.toThrow(/ECONNREFUSED/);
  });
});
