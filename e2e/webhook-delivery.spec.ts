// Non-negotiable 2: each change reaches Connect once, signed, in order; outages and reloads lose nothing.
import { test, expect } from '@playwright/test';
import { createClient, enableConnect, login, navigate, renameClient, showDay } from './support/shell';
import { sandbox, waitForWebhooks } from './support/sandbox';

test.beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset();
});

test('each client change reaches Connect once, correctly signed, in order', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await createClient(page, 'Ordered Olga');
  await renameClient(page, 'Ordered Olga', 'Ordered Olga Two');
  await renameClient(page, 'Ordered Olga Two', 'Ordered Olga Three');

  const rows = (await waitForWebhooks(/Ordered Olga/, 3)).filter((r) => !r.duplicate);
  expect(rows).toHaveLength(3);
  expect(rows.map((r) => r.event)).toEqual(['client.created', 'client.updated', 'client.updated']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  expect(new Set(rows.map((r) => r.entityId)).size).toBe(1);
});

test('an appointment booked, rescheduled and cancelled reaches Connect as three events in order', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await navigate(page, 'Appointments');
  await page.getByRole('button', { name: 'New appointment' }).click();
  await page.getByLabel('Client').selectOption({ index: 1 });
  await page.getByLabel('Service').fill('Ordered Balayage');
  await page.getByLabel('Staff').fill('Sam Staff');
  const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Date').fill(day);
  await page.getByLabel('Time').fill('09:00');
  await page.getByLabel('Duration').fill('60');
  await page.getByRole('button', { name: 'Book appointment' }).click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await page.getByRole('link', { name: 'Ordered Balayage' }).first().click();
  await page.getByLabel('Time').fill('11:00');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await page.getByRole('link', { name: 'Ordered Balayage' }).first().click();
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  await page.getByRole('button', { name: 'Yes, cancel it' }).click();

  const rows = (await waitForWebhooks(/Ordered Balayage/, 3)).filter((r) => !r.duplicate);
  expect(rows.map((r) => r.event)).toEqual(['appointment.created', 'appointment.updated', 'appointment.cancelled']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  const data = rows.map((r) => r.data as { status: string; clientEmail: string; scheduledAt: string });
  expect(data[2]!.status).toBe('cancelled');
  expect(data[0]!.clientEmail).toMatch(/@/);
  expect(data[1]!.scheduledAt).not.toBe(data[0]!.scheduledAt);
});

test('events made while Connect answers 500 arrive after it recovers', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  // Three failures in a row: the first attempt and two retries (the test stack's compressed schedule).
  await sandbox.fault({ route: 'webhook', status: 500, count: 3 });
  await createClient(page, 'Outage Oscar');
  await renameClient(page, 'Outage Oscar', 'Outage Oscar Later');
  const rows = (await waitForWebhooks(/Outage Oscar/, 2)).filter((r) => !r.duplicate);
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
  await enableConnect(page);
  await sandbox.fault({ route: 'webhook', latencyMs: 1500, rate: 1 });
  await createClient(page, 'Reload Rita');
  await createClient(page, 'Reload Rudy');
  await page.reload();
  await sandbox.clearFaults();
  const rows = (await waitForWebhooks(/Reload R(ita|udy)/, 2)).filter((r) => !r.duplicate);
  expect(rows.map((r) => r.event).sort()).toEqual(['client.created', 'client.created']);
});
