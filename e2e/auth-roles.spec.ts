import { test, expect } from '@playwright/test';
import { login } from './support/shell';
import { DEMO_PASSWORD, LOGINS, type DemoRole } from './support/env';

const NAMES: Record<DemoRole, string> = { owner: 'Olivia Owner', admin: 'Adam Admin', manager: 'Maya Manager', staff: 'Sam Staff' };

for (const role of Object.keys(LOGINS) as DemoRole[]) {
  test(`${role} signs in, sees the store and their name, and signs out`, async ({ page }) => {
    await login(page, role);
    await expect(page.getByText(NAMES[role]).first()).toBeVisible();
    await expect(page.getByText('Mango Demo Salon').first()).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/clients');
    await expect(page).toHaveURL(/\/login/);
  });
}

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Email').fill(LOGINS.owner);
  await page.getByLabel('Password').fill(`${DEMO_PASSWORD}-wrong`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText(/not right|invalid|incorrect/i);
  await expect(page).toHaveURL(/\/login/);
});

for (const role of ['manager', 'staff'] as const) {
  test(`${role} cannot open the Connect settings`, async ({ page }) => {
    await login(page, role);
    await page.goto('/settings/connect');
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('switch', { name: 'Enable Mango Connect' })).toHaveCount(0);
  });
}
