// Journeys through the shell UI, by role and label, shared by the specs.
import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD, LOGINS, type DemoRole } from './env';

/**
 * `name` made unique to this test run: the server's database lives for the whole run (and a retry
 * runs a test again), so data a test creates and then finds by name must not meet an earlier copy.
 */
export const uniqueName = (name: string) => `${name} ${Date.now().toString(36).slice(-5)}${Math.random().toString(36).slice(2, 4)}`;

/** Signs in a demo role (or any member, by email) on the test stack's shell, or on another shell when `base` is given. */
export async function login(page: Page, who: DemoRole | (string & {}), base = ''): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel('Email').fill(who in LOGINS ? LOGINS[who as DemoRole] : who);
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

/** Owner/admin: turns Connect off from the federated settings page. */
export async function disableConnect(page: Page): Promise<void> {
  await page.goto('/settings/connect');
  const toggle = page.getByRole('switch', { name: 'Enable Mango Connect' });
  await expect(toggle).toHaveAttribute('aria-checked', 'true', { timeout: 20_000 });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false', { timeout: 20_000 });
}

/** Navigates by the app's own links (a full page.goto would reload and reset in-memory state). */
export async function navigate(page: Page, name: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('link', { name, exact: true }).click();
}

/**
 * Shows `day` on the Appointments page with its day picker. A click on a nav link changes the URL
 * at once but renders the page as a transition, so a choice made right after it can land on the
 * page being replaced (and a picker already showing `day` ignores the same value): choose again
 * until the URL and the picker both say `day`.
 */
export async function showDay(page: Page, day: string): Promise<void> {
  await expect(async () => {
    await page.getByLabel('Day').fill(day);
    await expect(page).toHaveURL(new RegExp(`[?&]day=${day}(&|$)`), { timeout: 1_000 });
    await expect(page.getByLabel('Day')).toHaveValue(day, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** Creates a client through the UI and waits for the form to close. */
export async function createClient(page: Page, name: string): Promise<void> {
  await navigate(page, 'Clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase().replace(/\W+/g, '.')}@example.com`);
  await page.getByRole('button', { name: 'Save client' }).click();
  await expect(page.getByLabel('Name')).toHaveCount(0);
}

/** Renames a client found by search, through the UI. */
export async function renameClient(page: Page, name: string, newName: string): Promise<void> {
  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill(name);
  await page.getByText(name, { exact: true }).first().click();
  await page.getByLabel('Name').fill(newName);
  await page.getByRole('button', { name: 'Save client' }).click();
  await expect(page.getByLabel('Name')).toHaveCount(0);
}
