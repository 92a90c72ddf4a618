import { afterEach, describe, expect, it } from 'vitest';
import { reply, startTestServer, streamBody, type Handler } from '../../test/http-server.js';
import { readCapped } from './read-capped.js';

let servers: { close: () => Promise<void> }[] = [];
async function serve(...script: Handler[]) {
  const s = await startTestServer(script);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const MB = 1024 * 1024;

describe('readCapped over real HTTP', () => {
  it('reads a body under the cap whole', async () => {
    const s = await serve(reply(200, '{"ok":true,"note":"café"}'));
    expect(await readCapped(await fetch(s.url), 1024)).toEqual({ text: '{"ok":true,"note":"café"}', bytesRead: 26, end: 'complete' });
  });

  it('reads a body of exactly the cap whole', async () => {
    const s = await serve(reply(200, 'x'.repeat(100)));
    expect(await readCapped(await fetch(s.url), 100)).toMatchObject({ text: 'x'.repeat(100), end: 'complete' });
  });

  it('reads an answer without a body as empty', async () => {
    const s = await serve(reply(204));
    expect(await readCapped(await fetch(s.url), 1024)).toEqual({ text: '', bytesRead: 0, end: 'complete' });
  });

  it('stops at the cap of a 5 MB body, keeps its first bytes and closes the connection before the rest is sent', async () => {
    const big = streamBody(200, 5 * MB, { prefix: '{"start":' });
    const s = await serve(big.handler);
    const read = await readCapped(await fetch(s.url), 64 * 1024);
    expect(read.end).toBe('over_cap');
    expect(read.text).toHaveLength(64 * 1024);
    expect(read.text.startsWith('{"start":xxx')).toBe(true);
    // One network chunk past the cap at most, not megabytes.
    expect(read.bytesRead).toBeLessThan(64 * 1024 + 256 * 1024);
    await big.progress.closed;
    expect(big.progress.finished).toBe(false);
    expect(big.progress.bytesWritten).toBeLessThan(2 * MB);
  });

  it('gives up on a body that trickles past the deadline, keeping what arrived', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part');
    });
    const started = Date.now();
    const read = await readCapped(await fetch(s.url), 1024, { timeoutMs: 200 });
    expect(read).toEqual({ text: 'first part', bytesRead: 10, end: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('cuts a multi-byte character at the cap into a replacement character rather than failing', async () => {
    const s = await serve(reply(200, 'ééé'));
    const read = await readCapped(await fetch(s.url), 3);
    expect(read).toMatchObject({ text: 'é\uFFFD', end: 'over_cap' });
  });

  it('rejects when the connection drops in the middle of the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '1000' });
      res.write('only part of it', () => res.socket?.destroy());
    });
    await expect(readCapped(await fetch(s.url), 4096)).rejects.toThrow();
  });
});
