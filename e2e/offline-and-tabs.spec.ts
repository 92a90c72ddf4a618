// Nothing is lost across an offline spell, and two open tabs never send the same event twice.
import { test, expect } from '@playwright/test';
import { createClient, enableConnect, login } from './support/shell';
import { sandbox, waitForWebhooks } from './support/sandbox';

test.beforeEach(async () => {
  await sandbox.clearFaults();
  await sandbox.reset();
});

test('changes made offline are delivered once the browser is back online', async ({ page, context }) => {
  await login(page, 'owner');
  await enableConnect(page);
  await context.setOffline(true);
  await createClient(page, 'Offline Olive');
  await createClient(page, 'Offline Otto');
  // Nothing can have left the browser while it was offline.
  expect((await sandbox.webhooks()).filter((w) => /Offline O/.test(JSON.stringify(w.data)))).toHaveLength(0);
  await context.setOffline(false);
  const rows = await waitForWebhooks(/Offline O(live|tto)/, 2);
  expect(rows.filter((r) => !r.duplicate).map((r) => r.event)).toEqual(['client.created', 'client.created']);
});

test('with two tabs open, changes from both arrive and no event is sent twice', async ({ page, context }) => {
  await login(page, 'owner');
  await enableConnect(page);
  const second = await context.newPage();
  await second.goto('/clients');
  await expect(second.getByLabel('Search clients')).toBeVisible();

  for (let i = 1; i <= 3; i++) {
    await createClient(page, `Tab One Client ${i}`);
    await createClient(second, `Tab Two Client ${i}`);
  }
  const rows = await waitForWebhooks(/Tab (One|Two) Client/, 6);
  // One delivering tab (Web Locks): each event id reaches Connect exactly once, none as a duplicate.
  expect(rows).toHaveLength(6);
  expect(rows.filter((r) => r.duplicate)).toHaveLength(0);
  expect(new Set(rows.map((r) => r.id)).size).toBe(6);
});
