// @vitest-environment node
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRemoteApp } from './app.js';

const dist = mkdtempSync(join(tmpdir(), 'connect-host-dist-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'remoteEntry.js'), 'export const init = 1;');
writeFileSync(join(dist, 'mf-manifest.json'), '{"id":"connectHost"}');
writeFileSync(join(dist, 'assets', 'MessagesPage-abc123.js'), 'export default 1;');
writeFileSync(join(dist, 'assets', 'MessagesPage-abc123.js.map'), '{}');
const app = createRemoteApp(dist);
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string) => app.request(path, { headers: { origin: 'http://localhost:5173' } });

describe('remote static server', () => {
  it('serves remoteEntry.js as JavaScript to any origin, never from a stale cache', async () => {
    const res = await get('/remoteEntry.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe('export const init = 1;');
  });

  it('serves the manifest with no-cache so a new deploy is picked up on reload', async () => {
    const res = await get('/mf-manifest.json');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ id: 'connectHost' });
  });

  it('lets browsers keep hashed assets for a year', async () => {
    const res = await get('/assets/MessagesPage-abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a CORS preflight', async () => {
    const res = await app.request('/remoteEntry.js', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('does not publish source maps, and answers unknown files with a JSON 404', async () => {
    expect((await get('/assets/MessagesPage-abc123.js.map')).status).toBe(404);
    const res = await get('/assets/nope.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBeNull();
    expect(await res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('serves what is in the directory now, so a build swapped behind the URL shows at once', async () => {
    writeFileSync(join(dist, 'remoteEntry.js'), 'export const init = 2;');
    expect(await (await get('/remoteEntry.js')).text()).toBe('export const init = 2;');
  });
});
