// Non-negotiable 2: each change reaches Connect once, signed, in order; outages and reloads lose nothing.
import { test, expect, type Page } from '@playwright/test';
import { enableConnect, login, navigate } from './support/shell';
import { sandbox, type ReceivedWebhook } from './support/sandbox';

test.beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset();
});

async function createClient(page: Page, name: string) {
  await navigate(page, 'Clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase().replace(/\W+/g, '.')}@example.com`);
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByLabel('Name')).toHaveCount(0);
}

async function editClient(page: Page, name: string, newName: string) {
  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill(name);
  await page.getByText(name, { exact: true }).first().click();
  await page.getByLabel('Name').fill(newName);
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByLabel('Name')).toHaveCount(0);
}

async function received(filter: (w: ReceivedWebhook) => boolean, count: number): Promise<ReceivedWebhook[]> {
  let rows: ReceivedWebhook[] = [];
  await expect
    .poll(async () => {
      rows = (await sandbox.webhooks()).filter(filter);
      return rows.filter((r) => !r.duplicate).length;
    }, { timeout: 45_000 })
    .toBeGreaterThanOrEqual(count);
  return rows.filter((r) => !r.duplicate);
}

test('each client change reaches Connect once, correctly signed, in order', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await createClient(page, 'Ordered Olga');
  await editClient(page, 'Ordered Olga', 'Ordered Olga Two');
  await editClient(page, 'Ordered Olga Two', 'Ordered Olga Three');

  const rows = await received((w) => w.event.startsWith('client.') && JSON.stringify(w).includes('Ordered Olga'), 3);
  expect(rows).toHaveLength(3);
  expect(rows.map((r) => r.event)).toEqual(['client.created', 'client.updated', 'client.updated']);
  expect(rows.every((r) => r.signatureValid)).toBe(true);
  expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  expect(new Set(rows.map((r) => r.entityId)).size).toBe(1);
});

test('events made while Connect answers 500 arrive after it recovers', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await sandbox.fault({ route: 'webhook', status: 500, count: 2 });
  await createClient(page, 'Outage Oscar');
  const rows = await received((w) => JSON.stringify(w).includes('Outage Oscar'), 1);
  expect(rows[0]!.event).toBe('client.created');
  expect(rows[0]!.signatureValid).toBe(true);
});

test('a reload right after changes loses nothing', async ({ page }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await sandbox.fault({ route: 'webhook', latencyMs: 1500, rate: 1 });
  await createClient(page, 'Reload Rita');
  await createClient(page, 'Reload Rudy');
  await page.reload();
  await sandbox.clearFaults();
  const rows = await received((w) => /Reload R(ita|udy)/.test(JSON.stringify(w)), 2);
  expect(rows.map((r) => r.event).sort()).toEqual(['client.created', 'client.created']);
});
