// Non-negotiable 2: each change reaches Connect once, signed, in order; outages and reloads lose nothing.
import { test, expect } from '@playwright/test';
import { createClient, login, navigate, renameClient, showDay, uniqueName } from './support/shell';
import { sandbox, waitForWebhooks } from './support/sandbox';
import { connectOn, deliveries, enableConnectByApi, resetConnect, serverRows, sessionOf } from './support/biz-api';
import { LOGINS } from './support/env';

test.beforeEach(resetConnect);

test('each client change reaches Connect once, correctly signed, in order', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  const olga = uniqueName('Ordered Olga');
  await createClient(page, olga);
  await renameClient(page, olga, `${olga} Two`);
  await renameClient(page, `${olga} Two`, `${olga} Three`);

  const rows = (await waitForWebhooks(new RegExp(olga), 3)).filter((r) => !r.duplicate);
  expect(rows).toHaveLength(3);
  expect(rows.map((r) => r.event)).toEqual(['client.created', 'client.updated', 'client.updated']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  expect(new Set(rows.map((r) => r.entityId)).size).toBe(1);
});

test('an appointment booked, rescheduled and cancelled reaches Connect as three events in order', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  await navigate(page, 'Appointments');
  await page.getByRole('button', { name: 'New appointment' }).click();
  await page.getByLabel('Client').selectOption({ index: 1 });
  const service = uniqueName('Ordered Balayage');
  await page.getByLabel('Service').fill(service);
  await page.getByLabel('Staff').fill('Sam Staff');
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Date').fill(day);
  await page.getByLabel('Time').fill('09:00');
  await page.getByLabel('Duration').fill('60');
  await page.getByRole('button', { name: 'Book appointment' }).click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await page.getByRole('link', { name: service }).click();
  await page.getByLabel('Time').fill('11:00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await page.getByRole('link', { name: service }).click();
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();

  const rows = (await waitForWebhooks(new RegExp(service), 3)).filter((r) => !r.duplicate);
  expect(rows.map((r) => r.event)).toEqual(['appointment.created', 'appointment.updated', 'appointment.cancelled']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  const data = rows.map((r) => r.data as { status: string; clientEmail: string; scheduledAt: string });
  expect(data[2]!.status).toBe('cancelled');
  expect(data[0]!.clientEmail).toMatch(/@/);
  expect(data[1]!.scheduledAt).not.toBe(data[0]!.scheduledAt);
});

test('events made while Connect answers 500 arrive after it recovers', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  // Three failures in a row: the first attempt and two retries (the test stack's compressed schedule).
  await sandbox.fault({ route: 'webhook', status: 500, count: 3 });
  const oscar = uniqueName('Outage Oscar');
  await createClient(page, oscar);
  await renameClient(page, oscar, `${oscar} Later`);
  const rows = (await waitForWebhooks(new RegExp(oscar), 2)).filter((r) => !r.duplicate);
  expect(rows.map((r) => r.event)).toEqual(['client.created', 'client.updated']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  // The owner can see the failed attempts in the delivery log.
  await navigate(page, 'Settings');
  await page.getByRole('link', { name: 'Mango Connect' }).click();
  await expect(page.getByRole('heading', { name: 'Webhook deliveries' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('cell', { name: '500' }).first()).toBeVisible();
});

test('a reload right after changes loses nothing', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  await sandbox.fault({ route: 'webhook', latencyMs: 1500, rate: 1 });
  const rita = uniqueName('Reload Rita');
  const rudy = uniqueName('Reload Rudy');
  await createClient(page, rita);
  await createClient(page, rudy);
  await page.reload();
  await sandbox.clearFaults();
  const rows = (await waitForWebhooks(new RegExp(`${rita}|${rudy}`), 2)).filter((r) => !r.duplicate);
  expect(rows.map((r) => r.event).sort()).toEqual(['client.created', 'client.created']);
});

test('a change made just before its tab closes reaches Connect after an outage, with no browser open', async ({ browser }) => {
  const owner = await sessionOf(LOGINS.owner);
  await enableConnectByApi(owner);
  // Connect is down before the change is made, so only the server can deliver it later.
  await sandbox.fault({ route: 'webhook', status: 503 });
  const context = await browser.newContext();
  const page = await context.newPage();
  await login(page, 'staff');
  const name = uniqueName('Closing Clara');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/mutations') && r.ok());
  await createClient(page, name);
  await saved;
  await context.close();
  expect(browser.contexts()).toHaveLength(0);

  const id = (await serverRows(owner)).clients.find((c) => c.name === name)?.id;
  expect(id, `${name} on the server`).toBeDefined();
  // The server keeps trying while Connect answers 503: its delivery log shows the failed attempts.
  await expect.poll(async () => (await deliveries(owner)).filter((d) => d.entityId === id && d.responseCode === 503).length).toBeGreaterThan(0);
  const [failed] = (await deliveries(owner)).filter((d) => d.entityId === id);
  expect((await sandbox.webhooks()).filter((w) => w.entityId === id)).toEqual([]);

  await sandbox.clearFaults();
  const arrived = (await waitForWebhooks(new RegExp(name), 1)).filter((w) => w.entityId === id);
  expect(arrived).toHaveLength(1);
  // The same event (webhook-id stable across retries), signed, applied once.
  expect(arrived[0]).toMatchObject({ id: failed!.eventId, event: 'client.created', signatureValid: true, duplicate: false, status: 200 });
  expect(browser.contexts()).toHaveLength(0);
});
