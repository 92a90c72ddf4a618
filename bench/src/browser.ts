// Headless Chromium and the two journeys every benchmark starts from.
import { chromium, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../scripts/lib/demo-env.mjs';
import { URLS } from './servers.js';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export async function signIn(page: Page, email = 'owner@demo.mango'): Promise<void> {
  await page.goto(`${URLS.shell}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Search clients').waitFor();
}

/** Owner turns Connect on and waits for the initial sync, as a store would on day one. */
export async function enableConnect(page: Page): Promise<void> {
  await page.goto(`${URLS.shell}/settings/connect`);
  const toggle = page.getByRole('switch', { name: 'Enable Mango Connect' });
  await toggle.waitFor({ timeout: 30_000 });
  await toggle.click();
  await page.waitForFunction(() => document.querySelector('[role=switch][aria-checked=true]'), null, { timeout: 60_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent === 'Sync Now' && !b.disabled), null, { timeout: 120_000 });
}
