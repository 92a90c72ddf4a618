// Two stores on one server: a member of the spa never sees, reaches or changes the salon's data,
// whether through the app or by calling the API with ids taken from the salon.
import { test, expect } from '@playwright/test';
import { login } from './support/shell';
import { call, cookieOf, newId, push, resetConnect, serverRows, sessionOf } from './support/biz-api';
import { STORES } from './support/env';

test.beforeEach(resetConnect);

test("a member of the spa is refused the salon's clients and appointments, in the app and through the API", async ({ page }) => {
  const salonOwner = await sessionOf(STORES.salon.owner);
  const salon = await serverRows(salonOwner);
  const client = salon.clients.find((c) => c.id.startsWith('client-'))!;
  const appointment = salon.appointments.find((a) => a.status === 'scheduled' && a.clientId === client.id) ?? salon.appointments.find((a) => a.status === 'scheduled')!;
  // Ids are the store's own (another store may use the same id for a row of its own), so a salon
  // row is known by its id together with when it was made.
  const salonRows = new Set([...salon.clients, ...salon.appointments].map((r) => `${r.id}@${r.createdAt}`));

  await login(page, STORES.spa.owner);
  await expect(page.getByText(STORES.spa.name).first()).toBeVisible();

  // The app: a salon client's and appointment's addresses show "not found", and nothing of them.
  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole('heading', { name: 'Client not found' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('This client is not on this device.')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveCount(0);
  await expect(page.getByText(client.name)).toHaveCount(0);
  await page.goto(`/appointments/${appointment.id}`);
  await expect(page.getByRole('heading', { name: 'Appointment not found' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(appointment.serviceName, { exact: true })).toHaveCount(0);

  // The API, with the spa member's own session: the feed has none of the salon's rows…
  const spa = await cookieOf(page);
  const feed = await serverRows(spa);
  expect(feed.clients.length).toBeGreaterThan(10);
  expect([...feed.clients, ...feed.appointments].filter((r) => salonRows.has(`${r.id}@${r.createdAt}`))).toEqual([]);
  // …and changes aimed at the salon's rows are refused as not found in this store.
  const results = await push(spa, [
    { id: newId('mut'), type: 'client.update', entityId: client.id, fields: { name: 'Taken Over', email: '', phone: '', notes: '' } },
    { id: newId('mut'), type: 'appointment.cancel', entityId: appointment.id },
    { id: newId('mut'), type: 'appointment.create', entityId: newId('appt'), fields: { clientId: client.id, scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), duration: 30, serviceName: 'Spa Visit', staffName: 'Spa Staff' } },
  ]);
  expect(results.map((r) => (r.status === 'refused' ? r.error.code : r.status))).toEqual(['not_found', 'not_found', 'client_not_found']);
  // The salon's rows are as they were.
  const after = await call<{ clients: typeof salon.clients; appointments: typeof salon.appointments }>(salonOwner, 'GET', `/api/changes?since=${salon.cursor}`);
  expect(after.body.clients.filter((c) => c.id === client.id)).toEqual([]);
  expect(after.body.appointments.filter((a) => a.id === appointment.id)).toEqual([]);
});
