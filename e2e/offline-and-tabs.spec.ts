// Nothing is lost across an offline spell, and two open tabs never send the same change twice.
import { test, expect } from '@playwright/test';
import { createClient, login, uniqueName } from './support/shell';
import { sandbox, waitForWebhooks } from './support/sandbox';
import { connectOn, resetConnect } from './support/biz-api';

test.beforeEach(resetConnect);

test('changes made offline are delivered once the browser is back online', async ({ page, context }) => {
  await login(page, 'owner');
  await connectOn(page);
  const olive = uniqueName('Offline Olive');
  const otto = uniqueName('Offline Otto');
  await context.setOffline(true);
  await createClient(page, olive);
  await createClient(page, otto);
  // Nothing can have left the browser while it was offline.
  expect((await sandbox.webhooks()).filter((w) => /Offline O/.test(JSON.stringify(w.data)))).toHaveLength(0);
  await context.setOffline(false);
  const rows = await waitForWebhooks(new RegExp(`${olive}|${otto}`), 2);
  expect(rows.filter((r) => !r.duplicate).map((r) => r.event)).toEqual(['client.created', 'client.created']);
});

test('with two tabs open, changes from both arrive and no event is sent twice', async ({ page, context }) => {
  await login(page, 'owner');
  await connectOn(page);
  const second = await context.newPage();
  await second.goto('/clients');
  await expect(second.getByLabel('Search clients')).toBeVisible();

  const run = uniqueName('Tab');
  for (let i = 1; i <= 3; i++) {
    await createClient(page, `${run} One ${i}`);
    await createClient(second, `${run} Two ${i}`);
  }
  const rows = await waitForWebhooks(new RegExp(`${run} (One|Two) \\d`), 6);
  // One tab pushes at a time (Web Locks) and the server applies each mutation once: each event
  // reaches Connect exactly once, none as a duplicate.
  expect(rows).toHaveLength(6);
  expect(rows.filter((r) => r.duplicate)).toHaveLength(0);
  expect(new Set(rows.map((r) => r.id)).size).toBe(6);
});
