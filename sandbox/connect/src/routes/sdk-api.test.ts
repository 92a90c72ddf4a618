import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../server.js';
import { admin, appointment, client, mintToken, postSigned, provision, start, STORE_ID } from '../../test/helpers.js';

let sb: RunningSandbox;
let token: string;
beforeAll(async () => {
  sb = await start();
});
afterAll(() => sb.close());
beforeEach(async () => {
  await admin(sb.url, '/reset');
  await provision(sb.url);
  token = await mintToken();
  const ana = client('c1', 'Ana Lima');
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  tomorrow.setHours(11, 0, 0, 0);
  await postSigned(sb.url, '/api-mango-biz-sync', { storeId: STORE_ID, batchId: 'b1', entity: 'clients', items: [ana, client('c2', 'Bo Chen')] });
  await postSigned(sb.url, '/api-mango-biz-sync', { storeId: STORE_ID, batchId: 'b2', entity: 'appointments', items: [appointment('a1', ana, { scheduledAt: tomorrow.toISOString() })] });
});

const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
  fetch(`${sb.url}/sdk-api${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? token}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe('SDK data API', () => {
  it('lists one conversation per synced client with its last message', async () => {
    const res = await api('/conversations');
    expect(res.status).toBe(200);
    const { conversations } = (await res.json()) as { conversations: { client: { name: string }; lastMessage: { direction: string } | null }[] };
    expect(conversations.map((c) => c.client.name).sort()).toEqual(['Ana Lima', 'Bo Chen']);
    expect(conversations[0]?.lastMessage?.direction).toBe('inbound');
  });

  it('stores a staff reply and shows it as the last message', async () => {
    const sent = await api('/conversations/c1/messages', { method: 'POST', body: { body: 'See you at 11!' } });
    expect(sent.status).toBe(201);
    expect(await sent.json()).toMatchObject({ message: { direction: 'outbound', body: 'See you at 11!', authorName: 'Kim Staff' } });
    const thread = (await (await api('/conversations/c1/messages')).json()) as { messages: { body: string }[] };
    expect(thread.messages.at(-1)?.body).toBe('See you at 11!');
  });

  it('answers 404 client_unknown for a thread of an unknown client and 400 for an empty reply', async () => {
    expect((await api('/conversations/nope/messages')).status).toBe(404);
    const empty = await api('/conversations/c1/messages', { method: 'POST', body: { body: '  ' } });
    expect(empty.status).toBe(400);
  });

  it('answers assistant questions from the synced data', async () => {
    const ask = async (question: string) => ((await (await api('/assistant', { method: 'POST', body: { question } })).json()) as { answer: string }).answer;
    expect(await ask('How many clients?')).toBe('You have 2 clients.');
    expect(await ask('How many appointments tomorrow?')).toBe('You have 1 appointment tomorrow.');
    expect(await ask('Sing a song')).toContain('I can answer');
  });

  it('creates and lists campaigns with the audience size', async () => {
    const created = await api('/campaigns', { method: 'POST', body: { name: 'Spring', message: '20% off', audience: 'upcoming_appointments' } });
    expect(created.status).toBe(201);
    const { campaigns } = (await (await api('/campaigns')).json()) as { campaigns: { name: string; recipientCount: number }[] };
    expect(campaigns).toEqual([expect.objectContaining({ name: 'Spring', recipientCount: 1, status: 'draft' })]);
    const bad = await api('/campaigns', { method: 'POST', body: { name: 'X', message: 'Y', audience: 'everyone' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('audience');
  });

  it('rejects an expired token with 401 token_expired so the SDK can refresh', async () => {
    const iat = Math.floor(Date.now() / 1000) - 4000;
    const res = await api('/conversations', { token: await mintToken({ iat, exp: iat + 3600 }) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('token_expired');
  });

  it('answers 404 tenant_unknown for a store without a tenant', async () => {
    const res = await api('/conversations', { token: await mintToken({ storeId: 'store_other' }) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('tenant_unknown');
  });

  it('answers CORS for the remote origin on errors too', async () => {
    const res = await fetch(`${sb.url}/sdk-api/conversations`, { headers: { origin: 'http://127.0.0.1:5174' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5174');
  });
});
