// The SDK seam: a missing SDK is a clear, retryable error; an expired token is refreshed without reload.
import { test, expect } from '@playwright/test';
import { login, navigate } from './support/shell';
import { sandbox } from './support/sandbox';
import { connectOn, resetConnect } from './support/biz-api';

test.beforeEach(resetConnect);
test.afterEach(async () => {
  await sandbox.sdkMode('ok');
});
test('a token Connect considers expired is refreshed without a reload', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  await navigate(page, 'Messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

  const tokenCalls: number[] = [];
  page.on('request', (r) => r.url().endsWith('/api/connect/token') && tokenCalls.push(Date.now()));
  await sandbox.expireTokens();
  // The SDK hits token_expired on its next call and asks the shell for a fresh token.
  await expect.poll(() => tokenCalls.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const ok = page.waitForResponse((r) => r.url().includes('/sdk-api/') && r.ok(), { timeout: 30_000 });
  await ok;
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
});

test('phone and tablet: navigation collapses behind Menu and Messages still opens @responsive', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  const vw = page.viewportSize()!.width;
  const menu = page.getByRole('button', { name: 'Menu' });
  if (vw < 768) await expect(menu).toBeVisible();
  await navigate(page, 'Messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
  // Nothing overflows sideways: the page fits the device.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});
