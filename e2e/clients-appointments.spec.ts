import { test, expect } from '@playwright/test';
import { login, navigate, showDay } from './support/shell';

test('staff create, find and edit a client; bad input is explained, not saved', async ({ page }) => {
  await login(page, 'staff');
  await navigate(page, 'Clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByText(/name is required/i)).toBeVisible();
  await page.getByLabel('Name').fill('Zoë Playwright-Test');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByText(/valid email/i)).toBeVisible();
  await page.getByLabel('Email').fill('zoe.pw@example.com');
  await page.getByLabel('Phone').fill('+1 555 0100');
  await page.getByLabel('Notes').fill('<script>window.__pwned = 1</script> prefers mornings');
  await page.getByRole('button', { name: /save/i }).click();

  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill('Zoë Playwright');
  const row = page.getByText('Zoë Playwright-Test').first();
  await expect(row).toBeVisible();
  await row.click();
  await page.getByLabel('Name').fill('Zoë Playwright-Edited');
  await page.getByRole('button', { name: /save/i }).click();
  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill('Playwright-Edited');
  await expect(page.getByText('Zoë Playwright-Edited').first()).toBeVisible();
  // Script-injection input is data, never markup.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('staff book, reschedule and cancel an appointment', async ({ page }) => {
  await login(page, 'staff');
  await navigate(page, 'Appointments');
  await page.getByRole('button', { name: 'New appointment' }).click();
  const form = page.locator('form');
  await form.getByLabel('Client').selectOption({ index: 1 });
  await form.getByLabel('Service').fill('Playwright Colour');
  await form.getByLabel('Staff').fill('Sam Staff');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = tomorrow.toISOString().slice(0, 10);
  await form.getByLabel('Date').fill(day);
  await form.getByLabel('Time').fill('10:30');
  await form.getByLabel('Duration').fill('45');
  await form.getByRole('button', { name: /save|book/i }).click();

  await navigate(page, 'Appointments');
  await showDay(page, day);
  const appt = page.getByText('Playwright Colour').first();
  await expect(appt).toBeVisible();
  await appt.click();
  await page.getByLabel('Time').fill('14:00');
  await page.getByRole('button', { name: /save/i }).click();

  await navigate(page, 'Appointments');
  await showDay(page, day);
  await expect(page.getByText('Playwright Colour').first()).toBeVisible();
  await expect(page.getByText(/14:00|2:00/).first()).toBeVisible();
  await page.getByText('Playwright Colour').first().click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  const confirm = page.getByRole('button', { name: /yes|confirm/i });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await expect(page.getByText(/cancelled/i).first()).toBeVisible();
});
