// One React in the page, the remote bound to the shell's context, standards mode.
import { test, expect } from '@playwright/test';
import { login } from './support/shell';
import { connectOn, resetConnect } from './support/biz-api';
import { REMOTE_URL } from './support/env';

// React's package assigns this export exactly once per copy; react-dom only reads it.
const REACT_COPY = /\.__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE\s*=(?!=)/g;

test.beforeEach(resetConnect);

test('a federated route loads exactly one React and one federation runtime, both served by the shell, and uses the shell context without hook errors', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  const scripts: { url: string; body: string }[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(res.url())) {
      scripts.push({ url: res.url(), body: await res.text().catch(() => '') });
    }
  });

  await login(page, 'owner');
  await connectOn(page);
  // Count within one page load: a fresh load of the federated route fetches everything it needs.
  scripts.length = 0;
  await page.goto('/messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });

  const distinct = new Map(scripts.map((s) => [s.url, s.body]));
  const copies = [...distinct].flatMap(([url, body]) => [...body.matchAll(REACT_COPY)].map(() => url));
  expect(copies, `React copies loaded from: ${copies.join(', ')}`).toHaveLength(1);
  expect(copies[0]!.startsWith(REMOTE_URL)).toBe(false);
  // The remote did load code of its own (otherwise this proves nothing).
  expect(scripts.some((s) => s.url.startsWith(REMOTE_URL))).toBe(true);
  // …but none of its fallback copies of the shared modules (react-dom, zustand, jsx-runtime): the
  // shell's runtime lent it every one, though the shell is built without the federation plugin.
  const fallbacks = [...distinct.keys()].filter((url) => url.startsWith(REMOTE_URL) && /__prebuild__/.test(url));
  expect(fallbacks).toEqual([]);
  // One federation runtime too: the remote is built with externalRuntime and uses the runtime-core
  // the shell publishes, rather than downloading a copy of its own. (The global below is named only
  // in runtime-core's source.)
  const runtimes = [...distinct].filter(([, body]) => body.includes('__GLOBAL_LOADING_REMOTE_ENTRY__')).map(([url]) => url);
  expect(runtimes, `federation runtime-core loaded from: ${runtimes.join(', ')}`).toHaveLength(1);
  expect(runtimes[0]!.startsWith(REMOTE_URL)).toBe(false);
  expect(consoleErrors.filter((e) => /Invalid hook call|more than one copy of React/i.test(e))).toEqual([]);
});

test('the Messages page of the remote is fetched while the shell is idle, before anyone clicks Messages', async ({ page }) => {
  await login(page, 'owner');
  await connectOn(page);
  const fromRemote: string[] = [];
  page.on('request', (r) => r.url().startsWith(REMOTE_URL) && fromRemote.push(r.url()));
  // A fresh load of a Biz route: nothing federated is on screen.
  await page.goto('/clients');
  await expect(page.getByLabel('Search clients')).toBeVisible();
  await expect.poll(() => fromRemote.some((u) => /MessagesPage[^/]*\.js$/.test(u)), { timeout: 15_000 }).toBe(true);
  expect(page.url()).toMatch(/\/clients$/);
});

test('a store without Connect never downloads the federation runtime; turning Connect on brings it in', async ({ page }) => {
  const federationScripts: string[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    if ((await res.text().catch(() => '')).includes('__FEDERATION__')) federationScripts.push(res.url());
  });
  await login(page, 'owner');
  await page.goto('/clients');
  await expect(page.getByLabel('Search clients')).toBeVisible();
  await page.goto('/appointments');
  await page.waitForLoadState('networkidle');
  expect(federationScripts).toEqual([]);
  expect(await page.evaluate(() => '__FEDERATION__' in globalThis)).toBe(false);

  await connectOn(page);
  await page.goto('/messages');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
  expect(federationScripts.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => '__FEDERATION__' in globalThis)).toBe(true);
});

test('the built shell renders in standards mode (doctype first)', async ({ page, request }) => {
  const html = await (await request.get('/login')).text();
  expect(html.trimStart().slice(0, 15).toLowerCase()).toBe('<!doctype html>');
  await page.goto('/login');
  expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat');
});
