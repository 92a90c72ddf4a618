// 2. Into a federated route: click → list rendered, Messages (federated + SDK) against Clients (local).
import type { Page } from '@playwright/test';
import type { Figure } from './report.js';
import { median } from './stats.js';
import { URLS } from './servers.js';

const ROWS = 100; // the clients list pages at 100 rows; the conversation list is timed to the same count
const RUNS = 15;

/** Clicks a nav link in the page and resolves with ms until `selector` matches `rows` elements. */
function clickUntilRows(page: Page, href: string, selector: string): Promise<number> {
  return page.evaluate(
    ({ href, selector, rows }) =>
      new Promise<number>((resolve) => {
        // No named inner functions here: the runner's transpiler would wrap them in a helper the page lacks.
        const link = document.querySelector<HTMLAnchorElement>(`nav a[href="${href}"]`);
        if (!link) throw new Error(`no nav link to ${href}`);
        const t0 = performance.now();
        const observer = new MutationObserver(() => {
          if (document.querySelectorAll(selector).length >= rows) {
            observer.disconnect();
            resolve(performance.now() - t0);
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
        link.click();
      }),
    { href, selector, rows: ROWS },
  );
}

async function away(page: Page) {
  await page.locator('nav a[href="/appointments"]').click();
  await page.getByLabel('Day').waitFor();
}

export async function measureRoute(page: Page): Promise<Figure[]> {
  await page.goto(`${URLS.shell}/clients`);
  await page.getByLabel('Search clients').waitFor();
  // Preloaded: wait until the idle preload has fetched the Messages page of the remote.
  await page.waitForRequest((r) => r.url().startsWith(URLS.remote) && /MessagesPage[^/]*\.js$/.test(r.url()), { timeout: 20_000 });
  const messages: number[] = [];
  const clients: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await away(page);
    messages.push(await clickUntilRows(page, '/messages', 'ul[aria-label="Conversations"] li'));
    await away(page);
    clients.push(await clickUntilRows(page, '/clients', 'ul[aria-label="Clients"] li'));
  }
  const sdkMs = await page.evaluate(() => {
    const entry = performance.getEntriesByType('resource').find((e) => e.name.includes('mango-connect-sdk.js'));
    return entry ? entry.duration : NaN;
  });
  const clientsMedian = median(clients);
  return [
    { name: `click Messages → ${ROWS} conversations rendered (median of ${RUNS})`, value: median(messages), unit: 'ms', baseline: clientsMedian, baselineIs: `click Clients → ${ROWS} clients rendered, same page`, goal: { on: 'ratio', atMost: 1.25 } },
    { name: 'first click Messages (SDK load + init included)', value: messages[0]!, unit: 'ms', baseline: clientsMedian, baselineIs: 'Clients median' },
    { name: 'Connect SDK script load (resource timing)', value: sdkMs, unit: 'ms', baseline: clientsMedian, baselineIs: 'Clients median' },
  ];
}
