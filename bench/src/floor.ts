// Floors: the same jobs as the pipeline and the sync, done by a bare page (floor-page.ts) with
// nothing but IndexedDB and fetch, posting to a sink that does nothing. What Chromium spends on
// them is the least any page keeping the store's data in IndexedDB must spend; with the baseline's
// own CPU it bounds what this machine allows (bounds.ts), so a missed goal says whether it is the
// product or the machine.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { SYNC_BATCH_LIMIT, SYNC_BATCHES_PER_REQUEST, WEBHOOK_BATCH_LIMIT } from '@mango/connect-shared';
import { transformSync } from 'esbuild';
import { pathLeastSeconds, reachLine } from './bounds.js';
import type { Figure } from './report.js';
import { BENCH_ROLE, formatCpu, SANDBOX_ROLE, totalCpu, withCpu } from './process-cpu.js';

const PAGE = '<!doctype html><meta charset="utf-8"><title>floor</title><script type="module" src="/floor.js"></script>';

/**
 * The bare page's origin: the page, its script, and a sink that drops what is POSTed to it (after
 * showing it to `onSink`, which only tests pass: the bench keeps the sink's own work minimal).
 */
async function startFloorServer(onSink?: (body: string) => void): Promise<{ url: string; server: Server }> {
  const script = transformSync(readFileSync(join(import.meta.dirname, 'floor-page.ts'), 'utf8'), { loader: 'ts', format: 'esm', target: 'es2022' }).code;
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/sink') {
      const chunks: Buffer[] = [];
      if (onSink) req.on('data', (c: Buffer) => chunks.push(c));
      else req.resume();
      req.on('end', () => {
        onSink?.(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(204).end();
      });
      return;
    }
    if (req.url === '/floor.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the floor server has no port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}

/** Runs `work` and answers its result with the CPU Chromium's processes spent meanwhile (not the bench's sink). */
async function withChromiumCpu<T>(work: () => Promise<T>): Promise<{ result: T; cpu: [string, number][] }> {
  const { result, cpu } = await withCpu(work);
  return { result, cpu: cpu.filter(([role]) => role.startsWith('chromium')) };
}

/** Runs `work` with the bare page open (its own context, so nothing of the app's page is shared). */
export async function withBarePage<T>(browser: Browser, work: (page: Page, sinkUrl: string) => Promise<T>, onSink?: (body: string) => void): Promise<T> {
  const { url, server } = await startFloorServer(onSink);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__floor !== undefined);
    return await work(page, `${url}/sink`);
  } finally {
    await context.close();
    server.close();
  }
}

const cores = () => availableParallelism();

/**
 * The baseline's work the page's path repeats: its sender's (the edge API signs and posts the same
 * requests) and Connect's (it receives them). Whatever else ran during the baseline is left out,
 * so the bound errs on the generous side.
 */
const REPEATED_ROLES = new Set([BENCH_ROLE, SANDBOX_ROLE]);
const repeatedCpu = (baseline: readonly [string, number][]) => totalCpu(baseline.filter(([role]) => REPEATED_ROLES.has(role)));

export interface SyncBaseline {
  seconds: number;
  cpu: readonly [string, number][];
}

const SYNC_BASELINE_IS = 'the sync baseline: the same batches POSTed from Node';
const PIPELINE_BASELINE_IS = 'the pipeline baseline: Node signs and POSTs straight to the sandbox';

/** The sync's floor and the least sync time this machine allows, against the sync's own baseline. */
export async function measureSyncFloor(browser: Browser, records: { clients: object[]; appointments: object[] }, concurrency: number, base: SyncBaseline, goal: { atMost: number }): Promise<Figure[]> {
  const items = records.clients.length + records.appointments.length;
  const { seconds, cpu } = await withBarePage(browser, async (page, sinkUrl) => {
    await page.evaluate((r) => window.__floor!.load('sync-floor', r as never), records);
    // As many items a request as the app sends the edge API, as many requests at a time.
    const perRequest = SYNC_BATCH_LIMIT * SYNC_BATCHES_PER_REQUEST;
    const { result: ms, cpu } = await withChromiumCpu(() => page.evaluate((a) => window.__floor!.sync('sync-floor', a.sinkUrl, a.perRequest, a.concurrency), { sinkUrl, perRequest, concurrency }));
    return { seconds: ms / 1000, cpu };
  });
  const least = pathLeastSeconds({ browserFloorCpu: totalCpu(cpu), baselineCpu: repeatedCpu(base.cpu), cores: cores() });
  console.log(`  sync floor: a bare page read and sent ${items} records in ${seconds.toFixed(2)} s; ${formatCpu(cpu)}`);
  console.log(`  sync floor: ${totalCpu(cpu).toFixed(2)} CPU s of bare page + ${repeatedCpu(base.cpu).toFixed(2)} of the baseline's sender and Connect over ${cores()} cores = at least ${least.toFixed(2)} s`);
  console.log(`  ${reachLine('initial sync', { is: 'floor', ratio: least / base.seconds }, goal)}`);
  return [
    { name: `initial sync floor: a bare page reads the same ${items.toLocaleString('en')} records from IndexedDB and POSTs them to a sink`, value: seconds, unit: 's', baseline: base.seconds, baselineIs: SYNC_BASELINE_IS },
    { name: `initial sync, least time this machine allows (bare-page CPU + the baseline's, over ${cores()} cores)`, value: least, unit: 's', baseline: base.seconds, baselineIs: SYNC_BASELINE_IS },
  ];
}

export interface PipelineBaseline {
  rate: number;
  cpu: readonly [string, number][];
}

/**
 * The pipeline's floors (the changes, one after another as the bench makes them; then their
 * delivery in the edge API's largest batches) and the most events/s this machine allows: the changes come one after
 * another, so no faster than their floor, and all the work shares the cores.
 */
export async function measurePipelineFloor(browser: Browser, shape: { entities: number; versions: number }, base: PipelineBaseline, goal: { atLeast: number }): Promise<Figure[]> {
  const events = shape.entities * shape.versions;
  const { changeSeconds, changeCpu, deliverySeconds, deliveryCpu } = await withBarePage(browser, async (page, sinkUrl) => {
    await page.evaluate(() => window.__floor!.load('pipeline-floor', { clients: [], appointments: [] }));
    const made = await withChromiumCpu(() => page.evaluate((s) => window.__floor!.changes('pipeline-floor', s.entities, s.versions), shape));
    // Batches as large as the edge API takes.
    const sent = await withChromiumCpu(() => page.evaluate((a) => window.__floor!.delivery('pipeline-floor', a.sinkUrl, a.batch), { sinkUrl, batch: WEBHOOK_BATCH_LIMIT }));
    if (sent.result.events !== events) throw new Error(`the delivery floor sent ${sent.result.events} of ${events} events`);
    return { changeSeconds: made.result / 1000, changeCpu: made.cpu, deliverySeconds: sent.result.ms / 1000, deliveryCpu: sent.cpu };
  });
  const browserFloorCpu = totalCpu(changeCpu) + totalCpu(deliveryCpu);
  const least = Math.max(changeSeconds, pathLeastSeconds({ browserFloorCpu, baselineCpu: repeatedCpu(base.cpu), cores: cores() }));
  const ceiling = events / least;
  console.log(`  pipeline floor: a bare page committed ${events} changes one after another in ${changeSeconds.toFixed(2)} s; ${formatCpu(changeCpu)}`);
  console.log(`  pipeline floor: it delivered them to a sink in ${deliverySeconds.toFixed(2)} s; ${formatCpu(deliveryCpu)}`);
  console.log(`  pipeline floor: ${browserFloorCpu.toFixed(2)} CPU s of bare page + ${repeatedCpu(base.cpu).toFixed(2)} of the baseline's sender and Connect over ${cores()} cores, and no sooner than the changes' ${changeSeconds.toFixed(2)} s = at least ${least.toFixed(2)} s`);
  console.log(`  ${reachLine('webhook pipeline', { is: 'ceiling', ratio: ceiling / base.rate }, goal)}`);
  return [
    { name: `webhook pipeline floor: ${events.toLocaleString('en')} changes in a bare page, one transaction each (client + event), one after another`, value: events / changeSeconds, unit: 'events/s', baseline: base.rate, baselineIs: PIPELINE_BASELINE_IS },
    { name: `webhook pipeline floor of delivery: the same events read ${WEBHOOK_BATCH_LIMIT} at a time, POSTed to a sink, marked done`, value: events / deliverySeconds, unit: 'events/s', baseline: base.rate, baselineIs: PIPELINE_BASELINE_IS },
    { name: `webhook pipeline, most this machine allows (both floors' CPU + the baseline's, over ${cores()} cores)`, value: ceiling, unit: 'events/s', baseline: base.rate, baselineIs: PIPELINE_BASELINE_IS },
  ];
}
