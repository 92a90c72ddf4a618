// Two demo stores on one API: a member of one can neither read nor change the other's rows,
// deliveries, integration or sync runs, through any route; and each route keeps to its roles.
import type { ChangesResponse, PushResult } from '@mango/connect-shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrations, outbox, webhookDeliveries, webhookSubscriptions } from '../db/schema.js';
import { appointmentFields, cancelAppointmentMutation, clientFields, createAppointmentMutation, push, updateAppointmentMutation, updateClientMutation } from '../testing/fixtures.js';
import { call, login, startTestServer, type TestServer } from '../testing/test-server.js';

let biz: TestServer;
const cookie: Record<string, string> = {};
let salon: ChangesResponse;
const SALON = 'store_demo_001';

beforeAll(async () => {
  biz = await startTestServer();
  for (const email of ['owner@demo.mango', 'staff@demo.mango', 'spa-owner@demo.mango', 'spa-staff@demo.mango']) cookie[email.split('@')[0]!] = (await login(biz.url, email)).cookie;
  salon = await (await call(biz.url, cookie.owner!, 'GET', '/api/changes?since=0')).json();
  // The salon has Connect on, a subscription, an event and a delivery in its log.
  const now = new Date();
  const db = biz.database.db;
  await db.insert(integrations).values({ storeId: SALON, type: 'mango_connect', id: `${SALON}:mango_connect`, config: { enabled: true, connectTenantId: 't', connectTenantSlug: 's', webhookUrl: 'http://localhost:5175/w', apiUrl: 'http://localhost:5175', sdkUrl: 'http://localhost:5175/sdk.js', features: { conversations: true, aiAssistant: true, campaigns: true } }, seq: 1, createdAt: now, updatedAt: now });
  await db.insert(webhookSubscriptions).values({ id: 'sub_salon', storeId: SALON, integrationType: 'mango_connect', url: 'http://localhost:5175/w', events: [], active: true, createdAt: now, updatedAt: now });
  await db.insert(outbox).values({ id: 'evt_salon_dead', storeId: SALON, subscriptionId: 'sub_salon', entityType: 'client', entityId: 'c', seq: 1, event: 'client.created', body: '{}', status: 'dead', nextAttemptAt: now, createdAt: now });
  await db.insert(webhookDeliveries).values({ id: 'dlv_salon', storeId: SALON, subscriptionId: 'sub_salon', eventId: 'evt_salon_dead', event: 'client.created', entityId: 'c', status: 'dead', responseCode: 500, responseBody: '', sentAt: now, attempt: 1, durationMs: 3 });
}, 60_000);
afterAll(() => biz.stop());

const refusedCode = (r: PushResult | undefined) => (r?.status === 'refused' ? r.error.code : r?.status);

describe('a member of the spa', () => {
  it('reads none of the salon\'s clients or appointments in the change feed', async () => {
    const spa: ChangesResponse = await (await call(biz.url, cookie['spa-owner']!, 'GET', '/api/changes?since=0')).json();
    expect(spa.clients.length).toBeGreaterThan(0);
    const salonIds = new Set([...salon.clients.map((c) => c.id), ...salon.appointments.map((a) => a.id)]);
    expect([...spa.clients, ...spa.appointments].filter((r) => salonIds.has(r.id))).toEqual([]);
    expect(spa.connect?.integration).toBeNull();
  });

  it('cannot change the salon\'s clients or appointments, nor book on its clients', async () => {
    const client = salon.clients[0]!;
    const appt = salon.appointments[0]!;
    const { body } = await push(biz.url, cookie['spa-staff']!, [
      updateClientMutation(client.id, clientFields({ name: 'Hijacked' })),
      updateAppointmentMutation(appt.id, appointmentFields(client.id)),
      cancelAppointmentMutation(appt.id),
      createAppointmentMutation(appointmentFields(client.id)),
    ]);
    expect(body.results.map(refusedCode)).toEqual(['not_found', 'client_not_found', 'not_found', 'client_not_found']);
    const after: ChangesResponse = await (await call(biz.url, cookie.owner!, 'GET', '/api/changes?since=0')).json();
    expect(after.clients.find((c) => c.id === client.id)).toEqual(client);
    expect(after.appointments.find((a) => a.id === appt.id)).toEqual(appt);
  });

  it('sees none of the salon\'s Connect state, deliveries or sync, and changes none of it', async () => {
    const spaOwner = cookie['spa-owner']!;
    expect(await (await call(biz.url, spaOwner, 'GET', '/api/connect/state')).json()).toMatchObject({ integration: null, sync: null });
    expect((await (await call(biz.url, spaOwner, 'GET', '/api/connect/deliveries')).json()).deliveries).toEqual([]);
    const redeliver = await call(biz.url, spaOwner, 'POST', '/api/connect/deliveries/redeliver', { eventId: 'evt_salon_dead' });
    expect(redeliver.status).toBe(404);
    expect((await call(biz.url, spaOwner, 'POST', '/api/connect/sync', {})).status).toBe(409);
    expect((await call(biz.url, spaOwner, 'PATCH', '/api/connect/config', { features: { campaigns: false } })).status).toBe(409);
    expect((await call(biz.url, spaOwner, 'POST', '/api/connect/disable', {})).status).toBe(200);
    const [salonIntegration] = await biz.database.db.select().from(integrations).where(eq(integrations.storeId, SALON));
    expect(salonIntegration!.config).toMatchObject({ enabled: true, features: { campaigns: true } });
    const [dead] = await biz.database.db.select().from(outbox).where(eq(outbox.id, 'evt_salon_dead'));
    expect(dead!.status).toBe('dead');
    expect((await call(biz.url, spaOwner, 'POST', '/api/connect/token')).status).toBe(409);
  });
});

describe('roles', () => {
  it.each([
    ['POST', '/api/connect/enable', {}],
    ['POST', '/api/connect/disable', {}],
    ['PATCH', '/api/connect/config', { features: { aiAssistant: false } }],
    ['POST', '/api/connect/sync', {}],
    ['GET', '/api/connect/deliveries', undefined],
    ['POST', '/api/connect/deliveries/redeliver', { eventId: 'evt_salon_dead' }],
    ['GET', '/api/connect/waiting', undefined],
    ['POST', '/api/connect/waiting/retry', {}],
  ] as const)('staff gets 403 forbidden_role for %s %s', async (method, path, body) => {
    const res = await call(biz.url, cookie.staff!, method, path, body);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatchObject({ code: 'forbidden_role', message: expect.stringMatching(/owner or admin role; you are signed in as staff/) });
  });

  it('every member reads the store\'s Connect state and health', async () => {
    expect((await call(biz.url, cookie.staff!, 'GET', '/api/connect/state')).status).toBe(200);
  });
});
