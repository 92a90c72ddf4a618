// The Connect-host team's promise: a broken remote never takes the shell down, and recovery needs no reload.
import { test, expect } from '@playwright/test';
import { join } from 'node:path';
import { ROOT, startRemote, startShell, type Server } from './support/processes';
import { login, navigate } from './support/shell';

const SHELL_PORT = 6183;
const REMOTE_PORT = 6184;
let shell: Server;
let remote: Server | undefined;

test.beforeAll(async () => {
  shell = await startShell(SHELL_PORT, REMOTE_PORT);
});
test.afterAll(async () => {
  await remote?.stop();
  await shell.stop();
});

test('with the remote down, Settings › Mango Connect shows a retryable fallback, Clients still works, and Retry recovers once it is back', async ({ page }) => {
  await login(page, 'owner', `http://localhost:${SHELL_PORT}`);
  await navigate(page, 'Settings');
  await page.getByRole('link', { name: 'Mango Connect' }).click();
  const alert = page.getByRole('alert').filter({ hasText: /unavailable|could not load|failed/i });
  await expect(alert.first()).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();

  // The rest of the shell keeps working.
  await navigate(page, 'Clients');
  await expect(page.getByLabel('Search clients')).toBeVisible();

  // Bring the remote up; Retry loads it without a page reload.
  remote = await startRemote(REMOTE_PORT, join(ROOT, 'remotes/connect-host/dist'));
  // A marker on window survives only if the page is never reloaded.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await navigate(page, 'Settings');
  await page.getByRole('link', { name: 'Mango Connect' }).click();
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Mango Connect', exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
});
