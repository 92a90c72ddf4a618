// 1. Bytes: what the browser downloads, gzip-compressed, counted from what it actually fetched.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import type { Figure } from './report.js';
import { signIn } from './browser.js';
import { breakdown, formatBreakdown, reportedChunks, type VisualizerReport } from './bundle-breakdown.js';
import { BUNDLE_REPORT_DIR, URLS } from './servers.js';

// React's package assigns this export once per copy; react-dom only reads it.
const REACT_COPY = /\.__CLIENT_INTERNALS_DO_NOT_USE_OR_WARN_USERS_THEY_CANNOT_UPGRADE\s*=(?!=)/g;

interface Script {
  url: string;
  body: Buffer;
}

/** Records every JavaScript response the page receives from now on (distinct URLs). */
function recordScripts(page: Page): Map<string, Script> {
  const seen = new Map<string, Script>();
  page.on('response', async (res) => {
    const isJs = res.request().resourceType() === 'script' || /\.m?js(\?|$)/.test(res.url());
    if (!isJs || seen.has(res.url())) return;
    const body = await res.body().catch(() => null);
    if (body) seen.set(res.url(), { url: res.url(), body });
  });
  return seen;
}

const gzipKb = (scripts: Iterable<Script>) => [...scripts].reduce((n, s) => n + gzipSync(s.body, { level: 9 }).length, 0) / 1024;
const reactCopies = (scripts: Iterable<Script>) => [...scripts].reduce((n, s) => n + [...s.body.toString('utf8').matchAll(REACT_COPY)].length, 0);
const from = (scripts: Map<string, Script>, origin: string) => [...scripts.values()].filter((s) => s.url.startsWith(origin));

/**
 * Prints what the loaded chunks of one build are made of, from the report that build wrote, so a
 * missed bytes goal names its causes in every run. Says so when there is no report for this build.
 */
function printBreakdown(what: string, reportName: string, scripts: readonly Script[], top: number): void {
  const file = join(BUNDLE_REPORT_DIR, `${reportName}.json`);
  const chunks = scripts.map((s) => new URL(s.url).pathname.replace(/^\/+/, ''));
  const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as VisualizerReport) : null;
  const known = report ? reportedChunks(report) : new Set<string>();
  if (!report || !chunks.some((c) => known.has(c))) {
    console.log(`  ${what}: no bundle report for this build (${file}); run \`pnpm bench\` without --no-build to write one.`);
    return;
  }
  console.log(`  ${what}, minified, by source (treemap: bench/bundle/${reportName}.html):`);
  for (const line of formatBreakdown(breakdown(report, chunks), top)) console.log(`    ${line}`);
}

export async function measureBytes(browser: Browser, connectPage: Page): Promise<Figure[]> {
  // The shell, as a member signing in on a fresh device sees it: /login, then /clients.
  const shellCtx = await browser.newContext();
  const shellPage = await shellCtx.newPage();
  const shellScripts = recordScripts(shellPage);
  await signIn(shellPage, 'staff@demo.mango');
  await shellPage.waitForLoadState('networkidle');
  const shellKb = gzipKb(from(shellScripts, URLS.shell));
  printBreakdown('shell first load (/login + /clients)', 'shell', from(shellScripts, URLS.shell), 10);
  await shellCtx.close();

  // The baseline app, the same two screens.
  const baseCtx = await browser.newContext();
  const basePage = await baseCtx.newPage();
  const baseScripts = recordScripts(basePage);
  await basePage.goto(`${URLS.baseline}/login`);
  await basePage.getByRole('button', { name: 'Sign in' }).click();
  await basePage.locator('ul[aria-label="Clients"] li').nth(99).waitFor();
  await basePage.waitForLoadState('networkidle');
  const baseKb = gzipKb(baseScripts.values());
  const baseReact = reactCopies(baseScripts.values());
  await baseCtx.close();

  // A federated route in a fresh page load: what the remote costs, and how many Reacts arrive.
  const fedScripts = recordScripts(connectPage);
  await connectPage.goto(`${URLS.shell}/clients`);
  await connectPage.getByLabel('Search clients').waitFor();
  await connectPage.locator('a[href="/messages"]').click();
  await connectPage.locator('ul[aria-label="Conversations"] li').first().waitFor({ timeout: 30_000 });
  await connectPage.waitForLoadState('networkidle');
  const remoteKb = gzipKb(from(fedScripts, URLS.remote));
  printBreakdown('remote entry + Messages', 'connect-host', from(fedScripts, URLS.remote), 6);
  const copies = reactCopies(fedScripts.values());
  connectPage.removeAllListeners('response');

  return [
    { name: 'shell JS to show /login and /clients (gzip)', value: shellKb, unit: 'KB', baseline: baseKb, baselineIs: 'minimal React + react-dom + react-router app, same Vite base', goal: { on: 'ratio', atMost: 1.5 } },
    { name: 'remote entry + Messages JS, SDK excluded (gzip)', value: remoteKb, unit: 'KB', baseline: baseKb, baselineIs: 'the baseline app JS' },
    { name: 'copies of React in a page showing a federated route', value: copies, unit: 'copies', baseline: baseReact, baselineIs: 'the baseline app', goal: { on: 'value', equals: 1 } },
  ];
}
