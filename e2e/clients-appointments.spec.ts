import { test, expect } from '@playwright/test';
import { login, navigate, showDay, uniqueName } from './support/shell';

test('staff create, find and edit a client; bad input is explained, not saved', async ({ page }) => {
  await login(page, 'staff');
  await navigate(page, 'Clients');
  await page.getByRole('button', { name: 'New client' }).click();
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByText(/name is required/i)).toBeVisible();
  const zoe = uniqueName('Zoë Playwright');
  await page.getByLabel('Name').fill(`${zoe} Test`);
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByRole('button', { name: /save/i }).click();
  await expect(page.getByText(/valid email/i)).toBeVisible();
  await page.getByLabel('Email').fill('zoe.pw@example.com');
  await page.getByLabel('Phone').fill('+1 555 0100');
  await page.getByLabel('Notes').fill('<script>window.__pwned = 1</script> prefers mornings');
  await page.getByRole('button', { name: /save/i }).click();

  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill(zoe);
  const row = page.getByRole('link', { name: `${zoe} Test`, exact: true });
  await expect(row).toBeVisible();
  await row.click();
  await page.getByLabel('Name').fill(`${zoe} Edited`);
  await page.getByRole('button', { name: /save/i }).click();
  await navigate(page, 'Clients');
  await page.getByLabel('Search clients').fill(`${zoe} Edited`);
  await expect(page.getByRole('link', { name: `${zoe} Edited`, exact: true })).toBeVisible();
  // Script-injection input is data, never markup.
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('staff book, reschedule and cancel an appointment', async ({ page }) => {
  await login(page, 'staff');
  await navigate(page, 'Appointments');
  await page.getByRole('button', { name: 'New appointment' }).click();
  const form = page.locator('form');
  await form.getByLabel('Client').selectOption({ index: 1 });
  const service = uniqueName('Playwright Colour');
  await form.getByLabel('Service').fill(service);
  await form.getByLabel('Staff').fill('Sam Staff');
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = tomorrow.toISOString().slice(0, 10);
  await form.getByLabel('Date').fill(day);
  await form.getByLabel('Time').fill('10:30');
  await form.getByLabel('Duration').fill('45');
  await form.getByRole('button', { name: /save|book/i }).click();

  await navigate(page, 'Appointments');
  await showDay(page, day);
  const appt = page.getByRole('link', { name: service });
  await expect(appt).toBeVisible();
  await appt.click();
  await page.getByLabel('Time').fill('14:00');
  await page.getByRole('button', { name: /save/i }).click();

  await navigate(page, 'Appointments');
  await showDay(page, day);
  await expect(appt).toBeVisible();
  await expect(page.getByRole('listitem').filter({ has: appt })).toContainText(/14:00|2:00/);
  await appt.click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Cancel appointment' }).click();
  const confirm = page.getByRole('button', { name: /yes|confirm/i });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await navigate(page, 'Appointments');
  await showDay(page, day);
  await expect(page.getByRole('listitem').filter({ has: appt })).toContainText(/cancelled/i);
});
