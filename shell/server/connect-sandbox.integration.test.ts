// The Biz API against the real Connect sandbox, both as real servers over HTTP: the Biz side's
// contract with Connect (token, provisioning, initial sync, webhooks) checked by the other side's
// code. No browser is involved: the server provisions, syncs and delivers on its own.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateConnectToken, type ConnectState } from '@mango/connect-shared';
import { appointmentFields, clientFields, createAppointmentMutation, createClientMutation, push, updateClientMutation } from './testing/fixtures.js';
import { startSandboxProcess } from './testing/processes.js';
import { TEST_SECRETS, call, login, startTestServer, testEnv, type TestServer } from './testing/test-server.js';

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let biz: TestServer;
const cookies: Record<string, string> = {};
const STORE = 'store_demo_001';

beforeAll(async () => {
  sandbox = await startSandboxProcess(TEST_SECRETS);
  // The delivery schedule in seconds, not hours: 0, 0.3 s, 0.6 s, …
  biz = await startTestServer(testEnv({ MANGO_CONNECT_API_URL: sandbox.url, BIZ_WEBHOOK_RETRY_SCHEDULE_MS: '0,300,600,900,1200' }));
  for (const email of ['owner@demo.mango', 'admin@demo.mango', 'staff@demo.mango', 'spa-owner@demo.mango']) cookies[email.split('@')[0]!] = (await login(biz.url, email)).cookie;
}, 120_000);
afterAll(async () => {
  await biz?.stop();
  await sandbox?.stop();
});
beforeEach(async () => {
  await sandbox.admin('DELETE', '/faults');
});

interface Received {
  id: string;
  event: string;
  entityId: string;
  signatureValid: boolean;
  duplicate: boolean;
  data: Record<string, unknown>;
}

const received = async (): Promise<Received[]> => ((await sandbox.admin('GET', '/webhooks')) as { webhooks: Received[] }).webhooks;

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const state = async (cookie: string): Promise<ConnectState> => (await call(biz.url, cookie, 'GET', '/api/connect/state')).json();

async function enable(cookie = cookies.owner!): Promise<ConnectState> {
  const res = await call(biz.url, cookie, 'POST', '/api/connect/enable', {});
  expect(res.status).toBe(200);
  await until('the initial sync to finish', async () => (await state(cookie)).sync?.status !== 'running');
  return state(cookie);
}

describe('enabling Connect', () => {
  it('is for owners and admins: staff gets 403 and nothing is provisioned', async () => {
    await sandbox.admin('POST', '/reset');
    const res = await call(biz.url, cookies.staff!, 'POST', '/api/connect/enable', {});
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('forbidden_role');
    expect(((await sandbox.admin('GET', '/tenants')) as { tenants: unknown[] }).tenants).toEqual([]);
  });

  it('provisions the tenant, subscribes, and syncs every client and the next 30 days of appointments from the database', async () => {
    await sandbox.admin('POST', '/reset');
    const startedAt = Date.now();
    const after = await enable();
    expect(after.integration).toMatchObject({ enabled: true, webhookUrl: `${sandbox.url}/webhook-mango-biz`, features: { conversations: true, aiAssistant: true, campaigns: true } });
    expect(after.sync).toMatchObject({ status: 'done', error: null });
    expect(after.integration?.lastSyncAt).toBe(after.sync?.finishedAt);
    const { tenants } = (await sandbox.admin('GET', '/tenants')) as { tenants: { storeId: string; ownerEmail: string; clientCount: number; appointmentCount: number }[] };
    const tenant = tenants.find((t) => t.storeId === STORE)!;
    // Provisioned with the store owner, whoever switched it on.
    expect(tenant.ownerEmail).toBe('owner@demo.mango');
    const changes = await (await call(biz.url, cookies.owner!, 'GET', '/api/changes?since=0')).json();
    expect(tenant.clientCount).toBe(changes.clients.length);
    const upcoming = changes.appointments.filter((a: { scheduledAt: string }) => Date.parse(a.scheduledAt) >= startedAt && Date.parse(a.scheduledAt) < startedAt + 30 * 86_400_000);
    expect(tenant.appointmentCount).toBe(upcoming.length);
    expect(after.counts).toEqual({ clients: changes.clients.length, appointments: upcoming.length });
    expect(after.sync?.clients).toMatchObject({ total: changes.clients.length, synced: changes.clients.length, failed: 0 });
    // Each appointment carried its client's contact details.
    const synced = ((await sandbox.admin('GET', `/tenants/${STORE}/appointments`)) as { appointments: { clientId: string; clientEmail: string }[] }).appointments;
    const emails = new Map(changes.clients.map((c: { id: string; email: string }) => [c.id, c.email]));
    for (const a of synced) expect(a.clientEmail).toBe(emails.get(a.clientId));
  });

  it('a token minted for a member is accepted by Connect’s /auth-mango-biz once Connect is on', async () => {
    const { token } = await (await call(biz.url, cookies.admin!, 'POST', '/api/connect/token')).json();
    const res = await fetch(`${sandbox.url}/auth-mango-biz`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).session.member).toMatchObject({ memberId: 'member_admin_001', role: 'admin' });
    const forged = await generateConnectToken({ storeId: STORE, tenantId: 't', storeName: 's' }, { memberId: 'm', email: 'a@b.co', name: 'n', role: 'owner', permissions: [] }, 'someone-elses-secret-that-is-long-enough-42');
    expect((await fetch(`${sandbox.url}/auth-mango-biz`, { method: 'POST', headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
  });
});

describe('webhooks, sent by the server with no browser open', () => {
  it('deliver each change once, correctly signed, in order per entity', async () => {
    await enable();
    const before = (await received()).length;
    const create = createClientMutation(clientFields({ name: 'Server Sent Sam' }));
    const changes = [create, updateClientMutation(create.entityId, clientFields({ name: 'Server Sent Sam 2' })), updateClientMutation(create.entityId, clientFields({ name: 'Server Sent Sam 3' }))];
    const { body } = await push(biz.url, cookies.staff!, changes);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    const rows = await until('three webhooks', async () => {
      const mine = (await received()).slice(before).filter((w) => w.entityId === create.entityId);
      return mine.length >= 3 && mine;
    });
    expect(rows.map((r) => r.event)).toEqual(['client.created', 'client.updated', 'client.updated']);
    expect(rows.map((r) => r.data.name)).toEqual(['Server Sent Sam', 'Server Sent Sam 2', 'Server Sent Sam 3']);
    expect(rows.every((r) => r.signatureValid && !r.duplicate)).toBe(true);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it('retry through Connect answering 500, keep order behind a failing event, and log every attempt', async () => {
    await enable();
    await sandbox.admin('POST', '/faults', { route: 'webhook', status: 500, count: 2 });
    const before = (await received()).filter((w) => !w.duplicate && w.signatureValid).length;
    const client = createClientMutation(clientFields({ name: 'Outage Olga' }));
    const booking = createAppointmentMutation(appointmentFields(client.entityId, { serviceName: 'Outage Balayage' }));
    await push(biz.url, cookies.owner!, [client, booking]);
    const rows = await until('both webhooks accepted', async () => {
      const accepted = (await received()).filter((w) => w.signatureValid && (w.entityId === client.entityId || w.entityId === booking.entityId));
      return accepted.filter((w) => !w.duplicate && w.event.endsWith('created')).length === 2 && accepted;
    });
    expect((await received()).filter((w) => !w.duplicate && w.signatureValid).length - before).toBeGreaterThanOrEqual(2);
    expect(rows.filter((r) => r.entityId === booking.entityId).at(-1)!.data).toMatchObject({ clientName: 'Outage Olga', serviceName: 'Outage Balayage' });
    const log = await (await call(biz.url, cookies.owner!, 'GET', `/api/connect/deliveries?event=client.created`)).json();
    const attempts = log.deliveries.filter((d: { entityId: string }) => d.entityId === client.entityId);
    expect(attempts.map((d: { status: string; responseCode: number }) => `${d.status}:${d.responseCode}`)).toContain('delivered:200');
  });

  it('stop once Connect is disabled: the subscription is off and later changes append no event', async () => {
    await enable();
    const res = await call(biz.url, cookies.owner!, 'POST', '/api/connect/disable', {});
    expect(res.status).toBe(200);
    expect((await res.json()).state.integration.enabled).toBe(false);
    const before = (await received()).length;
    await push(biz.url, cookies.owner!, [createClientMutation(clientFields({ name: 'After Disable' }))]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await received()).slice(before)).toEqual([]);
  });
});

describe('the waiting events', () => {
  it('are listed with their next attempt and the destination\'s state, and Retry now sends them at once', async () => {
    await enable();
    await sandbox.admin('POST', '/faults', { route: 'webhook', status: 500, count: 1 });
    const client = createClientMutation(clientFields({ name: 'Waiting Wally' }));
    await push(biz.url, cookies.owner!, [client]);
    const waiting = await until('the event to wait in backoff', async () => {
      const body = await (await call(biz.url, cookies.owner!, 'GET', '/api/connect/waiting')).json();
      return body.waiting.find((w: { entityId: string; attempts: number }) => w.entityId === client.entityId && w.attempts === 1) && body;
    });
    expect(waiting.destination).toMatchObject({ state: 'closed', failures: 1, active: true });
    const [event] = waiting.waiting;
    expect(Date.parse(event.nextAttemptAt)).toBeGreaterThan(Date.now());
    expect(event.lastError).toMatch(/500/);
    const retry = await call(biz.url, cookies.owner!, 'POST', '/api/connect/waiting/retry', { eventId: event.eventId });
    expect(await retry.json()).toEqual({ due: 1 });
    await until('the retried event at Connect', async () => (await received()).some((w) => w.id === event.eventId && w.signatureValid && !w.duplicate && w.entityId === client.entityId));
    expect((await (await call(biz.url, cookies.owner!, 'GET', '/api/connect/waiting')).json()).total).toBe(0);
  });
});

describe('another store', () => {
  it('sees none of this store’s Connect state, deliveries or sync, and cannot change them', async () => {
    await enable();
    const spa = cookies['spa-owner']!;
    const theirs = await state(spa);
    expect(theirs.integration).toBeNull();
    expect(theirs.sync).toBeNull();
    const log = await (await call(biz.url, spa, 'GET', '/api/connect/deliveries')).json();
    expect(log.deliveries).toEqual([]);
    const ours = await (await call(biz.url, cookies.owner!, 'GET', '/api/connect/deliveries?limit=1')).json();
    const eventId = ours.deliveries[0].eventId;
    const redeliver = await call(biz.url, spa, 'POST', '/api/connect/deliveries/redeliver', { eventId });
    expect(redeliver.status).toBe(404);
    expect(await (await call(biz.url, spa, 'GET', '/api/connect/waiting')).json()).toEqual({ destination: null, waiting: [], total: 0 });
    const sync = await call(biz.url, spa, 'POST', '/api/connect/sync', {});
    expect(sync.status).toBe(409);
    expect((await state(cookies.owner!)).integration?.enabled).toBe(true);
  });
});
