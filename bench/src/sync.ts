// 4. Initial sync: 10,000 clients + 3,000 appointments from IndexedDB to Connect, time and JS heap.
import type { Page } from '@playwright/test';
import { createConnectApiClient, runSync, type AppointmentData } from '@mango/connect-shared';
import { DEMO_SECRETS } from '../../scripts/lib/demo-env.mjs';
import { generateBenchDataset } from '../../shell/src/app/bench-dataset.js';
import type { Figure } from './report.js';
import { measureSyncFloor } from './floor.js';
import { cpuVersusTime, formatCpu, withCpu } from './process-cpu.js';
import { URLS } from './servers.js';

const CLIENTS = 10_000;
const APPOINTMENTS = 3_000;
const CONCURRENCY = 3; // the shell's sync concurrency (shell/src/features/connect/sync.ts)
const MB = 1024 * 1024;
const GOAL = { atMost: 1.3 };

/** Baseline: the same batches POSTed from Node with the shared client, clients then appointments. */
async function baseline(): Promise<{ seconds: number; heapMb: number; cpu: [string, number][] }> {
  const { clients, appointments } = generateBenchDataset({ clients: CLIENTS, appointments: APPOINTMENTS, now: new Date() });
  const byId = new Map(clients.map((c) => [c.id, c]));
  const items: AppointmentData[] = appointments.map((a) => {
    const c = byId.get(a.clientId)!;
    return { id: a.id, clientId: a.clientId, clientName: c.name, clientEmail: c.email, clientPhone: c.phone, scheduledAt: a.scheduledAt, duration: a.duration, serviceName: a.serviceName, staffName: a.staffName, status: a.status };
  });
  const api = createConnectApiClient({ apiUrl: URLS.sandbox, webhookSecret: DEMO_SECRETS.MANGO_CONNECT_WEBHOOK_SECRET });
  const run = `base-${Date.now()}`;
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const t0 = performance.now();
  const { result: [c, a], cpu } = await withCpu(async () => [
    await runSync({ items: clients, concurrency: CONCURRENCY, send: (batch, i) => api.syncBatch({ storeId: 'store_demo_001', batchId: `${run}:c:${i}`, entity: 'clients', items: batch }).then(() => undefined) }),
    await runSync({ items, concurrency: CONCURRENCY, send: (batch, i) => api.syncBatch({ storeId: 'store_demo_001', batchId: `${run}:a:${i}`, entity: 'appointments', items: batch }).then(() => undefined) }),
  ]);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  if (c.failed || a.failed) throw new Error(`the baseline sync failed ${c.failed + a.failed} items`);
  return { seconds, heapMb: (peak - heap0) / MB, cpu };
}

export async function measureSync(page: Page): Promise<Figure[]> {
  const base = await baseline();
  await page.waitForFunction(() => window.__mangoBench !== undefined, undefined, { timeout: 30_000 });
  await page.evaluate(({ clients, appointments }) => window.__mangoBench!.loadDataset({ clients, appointments }), { clients: CLIENTS, appointments: APPOINTMENTS });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heapNow = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  const heap0 = await heapNow();
  let peak = heap0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heapNow());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const t0 = performance.now();
  const { result, cpu } = await withCpu(() => page.evaluate(() => window.__mangoBench!.syncNow()));
  const seconds = (performance.now() - t0) / 1000;
  sampling = false;
  await sampler;
  const synced = result.clients.synced + result.appointments.synced;
  console.log(`  sync: ${result.clients.synced}/${result.clients.total} clients, ${result.appointments.synced}/${result.appointments.total} appointments, ${seconds.toFixed(2)} s (Node baseline ${base.seconds.toFixed(2)} s)`);
  // Whose CPU the time went to: on two cores the page's sync is bound by the sum over processes.
  console.log(`  sync CPU by process, page: ${formatCpu(cpu)}`);
  console.log(`  sync CPU by process, Node baseline: ${formatCpu(base.cpu)}`);
  console.log(`  sync: ${cpuVersusTime(cpu, base.cpu, seconds / base.seconds)}`);
  if (synced !== CLIENTS + APPOINTMENTS) throw new Error(`the sync sent ${synced} of ${CLIENTS + APPOINTMENTS} items`);
  const floor = await measureSyncFloor(page.context().browser()!, generateBenchDataset({ clients: CLIENTS, appointments: APPOINTMENTS, now: new Date() }), CONCURRENCY, base, GOAL);
  return [
    { name: 'initial sync, 10,000 clients + 3,000 appointments', value: seconds, unit: 's', baseline: base.seconds, baselineIs: 'the same batches POSTed from Node, same concurrency', goal: { on: 'ratio', ...GOAL } },
    { name: 'initial sync peak JS heap growth', value: (peak - heap0) / MB, unit: 'MB', baseline: base.heapMb, baselineIs: 'Node heap growth during the baseline', goal: { on: 'value', atMost: 64 } },
    ...floor,
  ];
}
