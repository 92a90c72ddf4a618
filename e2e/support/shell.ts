// Journeys through the shell UI, by role and label, shared by the specs.
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, LOGINS, type DemoRole } from './env';

/** Signs in on the test stack's shell, or on another shell when `base` is given. */
export async function login(page: Page, role: DemoRole, base = ''): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(LOGINS[role]);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Owner/admin: turns Connect on from the federated settings page and waits for the initial sync. */
export async function enableConnect(page: Page): Promise<void> {
  await page.goto('/settings/connect');
  await expect(page.getByRole('heading', { name: 'Mango Connect', exact: true })).toBeVisible({ timeout: 20_000 });
  const toggle = page.getByRole('switch', { name: 'Enable Mango Connect' });
  await expect(toggle).toBeVisible();
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true', { timeout: 30_000 });
  // The initial sync has finished when Sync Now is clickable again and a last-sync time shows.
  await expect(page.getByRole('button', { name: 'Sync Now' })).toBeEnabled({ timeout: 60_000 });
}

/** Navigates by the app's own links (a full page.goto would reload and reset in-memory state). */
export async function navigate(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name, exact: true }).click();
}
