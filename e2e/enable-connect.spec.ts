// The owner's journey: enable Connect → tenant provisioned → initial sync → Messages, AI drawer.
import { test, expect } from '@playwright/test';
import { enableConnect, login, navigate, uniqueName } from './support/shell';
import { sandbox } from './support/sandbox';
import { connectOn, cookieOf, resetConnect, serverRows } from './support/biz-api';
import { DEMO_PASSWORD, DEMO_STORE_ID, LOGINS } from './support/env';

test.beforeEach(resetConnect);

test('owner enables Connect; the tenant is provisioned and every client and upcoming appointment is synced', async ({ page }) => {
  const startedAt = Date.now();
  await login(page, 'owner');
  // Messages only appears once Connect is on.
  await expect(page.getByRole('link', { name: 'Messages' })).toHaveCount(0);
  await enableConnect(page);

  const tenants = await sandbox.tenants();
  expect(tenants.map((t) => t.storeId)).toContain(DEMO_STORE_ID);
  const syncedClients = await sandbox.clients(DEMO_STORE_ID);
  // What the server holds (read as the signed-in member) is what Connect must hold after the initial sync.
  const server = await serverRows(await cookieOf(page));
  expect(server.clients.length).toBeGreaterThan(100);
  expect(syncedClients.length).toBe(server.clients.length);

  // Every upcoming appointment (the next 30 days) reached Connect, none from the past, each with
  // its client's contact details as the server holds them. A few minutes of slack at either end
  // of the window keep an appointment that crossed a boundary while the test ran from flaking.
  const synced = await sandbox.appointments(DEMO_STORE_ID);
  const minute = 60_000;
  const at = (a: Record<string, unknown>) => Date.parse(String(a.scheduledAt));
  const surely = server.appointments.filter((a) => at(a) > Date.now() + 5 * minute && at(a) < Date.now() + 30 * 1440 * minute - 5 * minute);
  expect(surely.length).toBeGreaterThan(10);
  const syncedIds = new Set(synced.map((a) => a.id));
  expect(surely.filter((a) => !syncedIds.has(a.id)).map((a) => a.id)).toEqual([]);
  expect(synced.filter((a) => at(a) < startedAt - minute).map((a) => a.id)).toEqual([]);
  const clientsById = new Map(server.clients.map((c) => [c.id, c]));
  for (const a of synced) {
    const c = clientsById.get(String(a.clientId));
    expect(c, `client ${String(a.clientId)} of appointment ${String(a.id)}`).toBeDefined();
    expect({ id: a.id, name: a.clientName, email: a.clientEmail, phone: a.clientPhone }).toEqual({ id: a.id, name: c?.name, email: c?.email, phone: c?.phone });
  }
  // The settings page shows the synced count it persisted.
  await expect(page.getByText(String(server.clients.length), { exact: true }).first()).toBeVisible();

  // Sending the same sync again changes nothing at Connect (upsert by id).
  await page.getByRole('button', { name: 'Sync Now' }).click();
  await expect(page.getByRole('button', { name: 'Sync Now' })).toBeEnabled({ timeout: 60_000 });
  expect((await sandbox.clients(DEMO_STORE_ID)).length).toBe(server.clients.length);
});

test('Messages shows synced clients, the AI drawer answers, and a new Biz client reaches Conversations', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  const [first] = await sandbox.clients(DEMO_STORE_ID);
  expect(first).toBeTruthy();

  await navigate(page, 'Messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: String(first!.name) }).first()).toBeVisible({ timeout: 20_000 });

  // AI drawer: opens, answers from synced data, closes with Escape and gives focus back.
  const aiButton = page.getByRole('button', { name: 'AI Assistant' });
  await aiButton.click();
  const drawer = page.getByRole('dialog', { name: 'AI Assistant' });
  await expect(drawer).toBeVisible();
  await drawer.getByLabel('Ask the assistant').fill('How many clients?');
  await drawer.getByRole('button', { name: 'Ask' }).click();
  await expect(drawer.getByRole('log')).toContainText(/\d+/, { timeout: 15_000 });
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);
  await expect(aiButton).toBeFocused();

  // A client created in Biz travels by webhook and appears in Conversations.
  const wanda = uniqueName('Webhook Wanda');
  await navigate(page, 'Clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByLabel('Name').fill(wanda);
  await page.getByLabel('Email').fill('wanda@example.com');
  await page.getByRole('button', { name: /save/i }).click();
  await navigate(page, 'Messages');
  await expect(page.getByRole('button', { name: wanda })).toBeVisible({ timeout: 30_000 });
});

test('coming back to Messages or the AI drawer finds them as they were; another member starts clean', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  const [first] = await sandbox.clients(DEMO_STORE_ID);

  await navigate(page, 'Messages');
  const conversation = page.getByRole('button', { name: String(first!.name) }).first();
  await conversation.click();
  await expect(conversation).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('region', { name: `Conversation with ${first!.name}` })).toBeVisible();

  const aiButton = page.getByRole('button', { name: 'AI Assistant' });
  await aiButton.click();
  const drawer = page.getByRole('dialog', { name: 'AI Assistant' });
  await drawer.getByLabel('Ask the assistant').fill('How many clients?');
  await drawer.getByRole('button', { name: 'Ask' }).click();
  await expect(drawer.getByRole('log')).toContainText('How many clients?', { timeout: 15_000 });
  await page.keyboard.press('Escape');

  // Away and back through the app's own links: the open thread and the asked question are still there.
  await navigate(page, 'Clients');
  await expect(page.getByLabel('Search clients')).toBeVisible();
  await navigate(page, 'Messages');
  await expect(page.getByRole('button', { name: String(first!.name) }).first()).toHaveAttribute('aria-current', 'true');
  await expect(page.getByRole('region', { name: `Conversation with ${first!.name}` })).toBeVisible();
  await aiButton.click();
  await expect(drawer.getByRole('log')).toContainText('How many clients?');
  await page.keyboard.press('Escape');

  // Staff signs in on the same tab: nothing of the owner's session is shown.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(LOGINS.staff);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await navigate(page, 'Messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('heading', { name: 'Select a conversation' })).toBeVisible();
  await expect(page.locator('[aria-label="Conversations"] [aria-current="true"]')).toHaveCount(0);
  await aiButton.click();
  await expect(drawer.getByRole('log')).not.toContainText('How many clients?');
});
