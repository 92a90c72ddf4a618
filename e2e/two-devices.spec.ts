// One store on two devices at once (two browser contexts: separate cookies, caches and tabs, as a
// front-desk tablet and the owner's phone would be). The server is the source of truth: what one
// device does, the other shows within seconds, without a reload; edits made offline reach the
// server once and Connect once each.
import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { createClient, disableConnect, enableConnect, login, navigate, renameClient, uniqueName } from './support/shell';
import { sandbox, waitForWebhooks } from './support/sandbox';
import { deliveries, enableConnectByApi, resetConnect, serverRows, sessionOf } from './support/biz-api';
import { DEMO_STORE_ID, LOGINS, type DemoRole } from './support/env';

test.beforeEach(resetConnect);

interface Device {
  context: BrowserContext;
  page: Page;
}
const devices: Device[] = [];
async function device(browser: Browser, role: DemoRole): Promise<Device> {
  const context = await browser.newContext();
  const page = await context.newPage();
  devices.push({ context, page });
  await login(page, role);
  return { context, page };
}
test.afterEach(async () => {
  for (const d of devices.splice(0)) await d.context.close();
});

/** Marks the page; the mark survives only if the page is never reloaded. */
const markPage = (page: Page) => page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
const wasReloaded = async (page: Page) => (await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)) !== true;

test('the owner turns Connect on and adds a client on one device; staff on another see Messages, the AI button and the client without a reload, and lose Messages when it is turned off', async ({ browser }) => {
  const owner = await device(browser, 'owner');
  const staff = await device(browser, 'staff');
  await navigate(staff.page, 'Clients');
  await expect(staff.page.getByLabel('Search clients')).toBeVisible();
  await expect(staff.page.getByRole('link', { name: 'Messages' })).toHaveCount(0);
  await expect(staff.page.getByRole('button', { name: 'AI Assistant' })).toHaveCount(0);
  await markPage(staff.page);

  await enableConnect(owner.page);
  // Connect's state reaches the staff device through the change feed, not a reload.
  await expect(staff.page.getByRole('link', { name: 'Messages' })).toBeVisible({ timeout: 10_000 });
  await expect(staff.page.getByRole('button', { name: 'AI Assistant' })).toBeVisible({ timeout: 10_000 });

  const name = uniqueName('Two Devices Dana');
  await createClient(owner.page, name);
  await staff.page.getByLabel('Search clients').fill(name);
  await expect(staff.page.getByRole('link', { name, exact: true })).toBeVisible({ timeout: 10_000 });
  // Staff open Messages, and the new client has reached Connect's conversations too.
  await navigate(staff.page, 'Messages');
  await expect(staff.page.getByRole('button', { name })).toBeVisible({ timeout: 30_000 });

  await disableConnect(owner.page);
  await expect(staff.page.getByRole('link', { name: 'Messages' })).toHaveCount(0, { timeout: 10_000 });
  await expect(staff.page.getByRole('button', { name: 'AI Assistant' })).toHaveCount(0);
  expect(await wasReloaded(staff.page)).toBe(false);
});

test('edits made offline on one device reach the server once and Connect once each, even when an answer is lost, and show on the other device when it is back online', async ({ browser }) => {
  const ownerCookie = await sessionOf(LOGINS.owner);
  await enableConnectByApi(ownerCookie);
  const front = await device(browser, 'staff');
  const back = await device(browser, 'manager');
  await navigate(back.page, 'Clients');
  await expect(back.page.getByLabel('Search clients')).toBeVisible();
  await markPage(back.page);

  const first = uniqueName('Offline Olive');
  const renamed = `${first} Renamed`;
  const second = uniqueName('Offline Otto');
  await front.context.setOffline(true);
  await createClient(front.page, first);
  await renameClient(front.page, first, renamed);
  await createClient(front.page, second);
  await expect(front.page.getByText('Offline — 3 changes waiting')).toBeVisible();
  // Nothing has left the device: the server and Connect know none of it, the other device shows none of it.
  const names = (rows: { name: string }[]) => rows.map((r) => r.name).filter((n) => [first, renamed, second].includes(n));
  expect(names((await serverRows(ownerCookie)).clients)).toEqual([]);
  expect(await sandbox.webhooks().then((w) => w.filter((r) => /Offline O/.test(JSON.stringify(r.data))))).toEqual([]);
  await back.page.getByLabel('Search clients').fill(second);
  await expect(back.page.getByRole('link', { name: second, exact: true })).toHaveCount(0);

  // Back online, the first push is applied by the server but its answer is lost on the way (a
  // flaky network): the device sends the very same mutations again, and the server applies none twice.
  let pushes = 0;
  await front.page.route('**/api/mutations', async (route) => {
    if (pushes++ > 0) return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });
  await front.context.setOffline(false);
  await expect(front.page.getByText(/waiting|Saving…/)).toHaveCount(0, { timeout: 20_000 });
  expect(pushes).toBeGreaterThanOrEqual(2);

  const server = (await serverRows(ownerCookie)).clients;
  expect(names(server).sort()).toEqual([renamed, second].sort());
  const ids = server.filter((c) => c.name === renamed || c.name === second).map((c) => c.id);

  // Connect: three events (created, updated, created), each webhook-id once, none applied twice.
  const arrived = await waitForWebhooks(/Offline O(live|tto) /, 3);
  const forOurs = arrived.filter((w) => ids.includes(w.entityId));
  expect(forOurs.filter((w) => w.duplicate)).toEqual([]);
  expect(forOurs.map((w) => w.event).sort()).toEqual(['client.created', 'client.created', 'client.updated']);
  expect(new Set(forOurs.map((w) => w.id)).size).toBe(3);
  expect(forOurs.every((w) => w.signatureValid && w.storeId === DEMO_STORE_ID)).toBe(true);
  // The server made one event per change: its delivery log has no fourth for these clients.
  const logged = (await deliveries(ownerCookie)).filter((d) => ids.includes(d.entityId));
  expect(new Set(logged.map((d) => d.eventId))).toEqual(new Set(forOurs.map((w) => w.id)));

  // The other device shows the edits without a reload.
  await back.page.getByLabel('Search clients').fill(renamed);
  await expect(back.page.getByRole('link', { name: renamed, exact: true })).toBeVisible({ timeout: 10_000 });
  await back.page.getByLabel('Search clients').fill(second);
  await expect(back.page.getByRole('link', { name: second, exact: true })).toBeVisible({ timeout: 10_000 });
  await back.page.getByLabel('Search clients').fill(first);
  await expect(back.page.getByRole('link', { name: first, exact: true })).toHaveCount(0);
  expect(await wasReloaded(back.page)).toBe(false);
});
