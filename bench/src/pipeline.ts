// 3. Webhook pipeline: changes made in the browser until Connect has verified every one.
import type { Page } from '@playwright/test';
import { createWebhookPayload, serializePayload, signedRequestHeaders } from '@mango/connect-shared';
import { DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import type { Figure } from './report.js';
import { measurePipelineFloor } from './floor.js';
import { cpuVersusTime, formatCpu, withCpu } from './process-cpu.js';
import { sandboxAdmin, URLS } from './servers.js';

const ENTITIES = 1000;
const VERSIONS = 5; // created + 4 renames = 5,000 changes
const CONCURRENCY = 4; // the relay's pool size (shell/src/features/connect/relay)
const GOAL = { atLeast: 0.5 };

interface Received {
  id: string;
  entityId: string;
  data: { name?: string } | null;
  signatureValid: boolean;
  duplicate: boolean;
}

const nameOf = (prefix: string, i: number, v: number) => `${prefix} ${i}${v ? ` v${v}` : ''}`;
const versionOf = (name: string) => Number(/ v(\d+)$/.exec(name)?.[1] ?? 0);

// The sandbox's log as read so far, and where to read on from: polling only what is new keeps the
// watcher from serialising a log of thousands every few hundred ms while the pipeline runs.
const seen: Received[] = [];
async function arrivals(prefix: string): Promise<Received[]> {
  const body = await sandboxAdmin<{ webhooks: Received[]; total: number }>('GET', `/webhooks?since=${seen.length}`);
  if (body.total < seen.length) seen.length = 0; // the log was reset: start over
  seen.push(...body.webhooks);
  return seen.filter((r) => r.signatureValid && r.data?.name?.startsWith(prefix));
}

/**
 * Polls the sandbox until `expected` distinct events named `prefix…` arrived, or `limitMs` after
 * `t0` passed (the caller's verify() then reports what is missing); answers what arrived.
 */
async function awaitArrivals(prefix: string, expected: number, t0: number, limitMs: number, everyMs: number): Promise<Received[]> {
  for (;;) {
    await new Promise((r) => setTimeout(r, everyMs));
    const rows = await arrivals(prefix);
    if (rows.filter((r) => !r.duplicate).length >= expected || performance.now() - t0 > limitMs) return rows;
  }
}

/** Checks the arrivals: every change once (duplicates are suppressed by id), versions in order per entity. */
export function verify(rows: readonly Received[], expected: number) {
  const firsts = rows.filter((r) => !r.duplicate);
  const byEntity = new Map<string, number[]>();
  for (const r of firsts) byEntity.set(r.entityId, [...(byEntity.get(r.entityId) ?? []), versionOf(r.data!.name!)]);
  let outOfOrder = 0;
  for (const versions of byEntity.values()) for (let i = 1; i < versions.length; i++) if (versions[i]! < versions[i - 1]!) outOfOrder++;
  return { delivered: new Set(firsts.map((r) => r.id)).size, lost: expected - new Set(firsts.map((r) => r.id)).size, duplicates: rows.length - firsts.length, outOfOrder };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** Baseline: Node signs and POSTs the same 5,000 payloads straight to the sandbox, same concurrency. */
async function baseline(): Promise<{ rate: number; cpu: [string, number][] }> {
  const now = new Date().toISOString();
  const events = Array.from({ length: VERSIONS }, (_, v) =>
    Array.from({ length: ENTITIES }, (_, i) => ({ v, i }))).flat();
  const t0 = performance.now();
  const { cpu } = await withCpu(() => pool(events, CONCURRENCY, async ({ v, i }) => {
    const data = { id: `base-${i}`, name: nameOf('Base Pipe', i, v), email: '', phone: '', notes: '', createdAt: now, updatedAt: now };
    const rawBody = serializePayload(createWebhookPayload(v ? 'client.updated' : 'client.created', 'store_demo_001', data));
    const headers = await signedRequestHeaders({ id: `base-${i}-${v}`, rawBody, secret: DEMO_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET });
    const res = await fetch(`${URLS.sandbox}/webhook-mango-biz`, { method: 'POST', headers, body: rawBody });
    if (!res.ok) throw new Error(`baseline webhook answered ${res.status}`);
  }));
  const seconds = (performance.now() - t0) / 1000;
  const check = verify(await arrivals('Base Pipe'), ENTITIES * VERSIONS);
  if (check.lost) throw new Error(`the baseline itself lost ${check.lost} events`);
  return { rate: (ENTITIES * VERSIONS) / seconds, cpu };
}

export async function measurePipeline(page: Page): Promise<Figure[]> {
  // Made from Settings, a page with no live list: on /clients every save also re-reads and re-renders
  // the whole client list (a cost of that page, ~2× per save at 1,000 clients), which would hide
  // the pipeline's own throughput. The README reports that separately.
  await page.goto(`${URLS.shell}/settings`);
  await page.getByRole('link', { name: 'Mango Connect' }).waitFor();
  // The hook is a chunk of its own, installed once the runtime config says bench: true.
  await page.waitForFunction(() => window.__mangoBench !== undefined, undefined, { timeout: 30_000 });
  const { rate: baselineRate, cpu: baselineCpu } = await baseline();
  const expected = ENTITIES * VERSIONS;
  const t0 = performance.now();
  const making = page.evaluate(
    async ({ entities, versions }) => {
      const hook = window.__mangoBench;
      if (!hook) throw new Error('window.__mangoBench is missing: start the edge API with BIZ_BENCH_HOOKS=1');
      const ids = await hook.createClients(Array.from({ length: entities }, (_, i) => `Pipe Client ${i}`));
      for (let v = 1; v < versions; v++) for (let i = 0; i < entities; i++) await hook.renameClient(ids[i]!, `Pipe Client ${i} v${v}`);
    },
    { entities: ENTITIES, versions: VERSIONS },
  );
  // When the last change was committed: tells apart the cost of making changes from delivering them.
  let madeAt = 0;
  void making.then(() => (madeAt = performance.now()), () => undefined);
  const { result: rows, cpu } = await withCpu(() => awaitArrivals('Pipe Client', expected, t0, 600_000, 500));
  const seconds = (performance.now() - t0) / 1000;
  await making;
  const check = verify(rows, expected);
  console.log(`  pipeline: the page committed all ${expected} changes after ${((madeAt - t0) / 1000).toFixed(1)} s`);
  console.log(`  pipeline: made ${expected}, delivered ${check.delivered}, lost ${check.lost}, duplicates suppressed ${check.duplicates}, out of order ${check.outOfOrder}, ${seconds.toFixed(1)} s`);
  console.log(`  pipeline CPU by process, page: ${formatCpu(cpu)}`);
  console.log(`  pipeline CPU by process, Node baseline: ${formatCpu(baselineCpu)}`);
  console.log(`  pipeline: ${cpuVersusTime(cpu, baselineCpu, baselineRate / (expected / seconds))}`);
  const drain = await measureDrain(page, baselineRate);
  const floor = await measurePipelineFloor(page.context().browser()!, { entities: ENTITIES, versions: VERSIONS }, { rate: baselineRate, cpu: baselineCpu }, GOAL);
  return [
    { name: 'webhook pipeline, browser → edge API → Connect, 5,000 changes', value: expected / seconds, unit: 'events/s', baseline: baselineRate, baselineIs: 'Node signs and POSTs the same payloads to the sandbox, same concurrency', goal: { on: 'ratio', ...GOAL } },
    { name: 'webhook pipeline events lost', value: check.lost, unit: 'events', baseline: 0, baselineIs: 'the Node baseline (checked to lose none)', goal: { on: 'value', equals: 0 } },
    { name: 'webhook pipeline events out of order per entity', value: check.outOfOrder, unit: 'events', baseline: 0, baselineIs: 'the Node baseline', goal: { on: 'value', equals: 0 } },
    ...drain,
    ...floor,
  ];
}

const DRAIN_ENTITIES = 1000;
const DRAIN_VERSIONS = 2; // created + 1 rename = 2,000 queued events

/**
 * How fast a backlog drains: 2,000 changes made while the browser is offline (the relay pauses,
 * as in an offline spell or after a Connect outage), then the clock runs from going back online
 * until Connect has verified all of them. Compared with the Node baseline's rate; INFO only.
 */
export async function measureDrain(page: Page, baselineRate: number): Promise<Figure[]> {
  const expected = DRAIN_ENTITIES * DRAIN_VERSIONS;
  await page.context().setOffline(true);
  await page.evaluate(
    async ({ entities, versions }) => {
      const hook = window.__mangoBench!;
      const ids = await hook.createClients(Array.from({ length: entities }, (_, i) => `Drain Client ${i}`));
      for (let v = 1; v < versions; v++) for (let i = 0; i < entities; i++) await hook.renameClient(ids[i]!, `Drain Client ${i} v${v}`);
    },
    { entities: DRAIN_ENTITIES, versions: DRAIN_VERSIONS },
  );
  if ((await arrivals('Drain Client')).length > 0) throw new Error('events were delivered while the browser was offline');
  const t0 = performance.now();
  await page.context().setOffline(false);
  const { result: rows, cpu } = await withCpu(() => awaitArrivals('Drain Client', expected, t0, 300_000, 250));
  const seconds = (performance.now() - t0) / 1000;
  const check = verify(rows, expected);
  console.log(`  drain: ${expected} queued, delivered ${check.delivered}, lost ${check.lost}, out of order ${check.outOfOrder}, ${seconds.toFixed(1)} s`);
  console.log(`  drain CPU by process: ${formatCpu(cpu)}`);
  return [
    { name: 'outbox backlog drain, 2,000 changes queued offline', value: expected / seconds, unit: 'events/s', baseline: baselineRate, baselineIs: 'the pipeline baseline: Node signs and POSTs straight to the sandbox, same concurrency' },
    { name: 'outbox backlog drain events lost or out of order', value: check.lost + check.outOfOrder, unit: 'events', baseline: 0, baselineIs: 'the Node baseline', goal: { on: 'value', equals: 0 } },
  ];
}

