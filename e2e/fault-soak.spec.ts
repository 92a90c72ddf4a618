// Issue #6 item 1, the fault soak: Connect fails a large share of webhook requests (500/503, some
// with Retry-After, answers slower than the edge API waits, dropped connections) and goes fully
// down for a while, as two tabs make many client and appointment changes, go offline and back, and
// reload. At the end every event must have reached Connect, each applied once, in order per
// entity, with the delivery log agreeing and no event in flight from two tabs at once.
//
// Short form (inside npm test): SOAK_CHANGES=300, a 10 s outage. `pnpm soak` runs the full form
// (scripts/soak.mjs: 2,000 changes, a 60 s outage). Tunable by env: SOAK_CHANGES, SOAK_OUTAGE_S,
// SOAK_DURATION_S (the changes are spread over this long), SOAK_OFFLINE_S, SOAK_DRAIN_S.
import { test, expect, type Page } from '@playwright/test';
import { enableConnect, login } from './support/shell';
import { sandbox, type Fault } from './support/sandbox';
import { startShell, type Server } from './support/processes';
import { DEMO_STORE_ID, PORTS } from './support/env';
import { formatSoakLine, judgeSoak, layeredRates, type SoakSend } from './support/soak-report';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const CHANGES = num('SOAK_CHANGES', 300);
const OUTAGE_S = num('SOAK_OUTAGE_S', 10);
const DURATION_S = num('SOAK_DURATION_S', 25);
const OFFLINE_S = num('SOAK_OFFLINE_S', 3);
// How long the outbox may take to drain once the changes are made, faults still on. With 45% of
// attempts failing (10% of them only after the 2 s timeout) and 4 lanes to Connect, ~1.8 attempts
// per change at ~4 attempts/s per lane: 2,000 changes need several minutes on a 2-core machine.
const DRAIN_S = num('SOAK_DRAIN_S', Math.max(200, CHANGES * 0.3));
const CHUNK = 10;

// The soak's own edge API (its own origin, so its IndexedDB starts empty): the bench hook on, a 2 s
// per-attempt webhook timeout (so an injected 3 s answer counts as a timeout), and a retry schedule
// compressed like the test stack's but with a tail longer than the outage — a real deploy's
// schedule spans hours, and an event must not be dead-lettered just because the soak is quick.
const SOAK_PORT = PORTS.shell + 40;
const WEBHOOK_TIMEOUT_MS = 2000;
const RETRY_SCHEDULE_MS = [0, 500, 1000, 2000, 3000, 5000, ...Array<number>(30).fill(5000)];

/** 30% 500/503 (the 503s with Retry-After), 10% slower than the timeout, 5% dropped: shares of all webhook requests. */
function faultMix(): Fault[] {
  const [r500, r503, rSlow, rDrop] = layeredRates([0.15, 0.15, 0.1, 0.05]);
  return [
    { route: 'webhook', status: 500, rate: r500 },
    { route: 'webhook', status: 503, retryAfterSeconds: 1, rate: r503 },
    { route: 'webhook', latencyMs: WEBHOOK_TIMEOUT_MS + 1000, rate: rSlow },
    { route: 'webhook', drop: true, rate: rDrop },
  ];
}

async function setFaults(faults: readonly Fault[]): Promise<void> {
  await sandbox.clearFaults();
  // Order matters: the sandbox takes the first rule that fires (layeredRates accounts for it).
  for (const f of faults) await sandbox.fault(f);
}

async function hookReady(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__mangoBench !== undefined, undefined, { timeout: 30_000 });
}

/**
 * Records every event a tab hands to the edge API (POST /api/connect/webhooks, or each event of a
 * POST /api/connect/webhooks/batch), with when its request left and when it ended.
 */
function trackSends(page: Page, tab: string, sends: SoakSend[]): void {
  const open = new Map<object, SoakSend[]>();
  page.on('request', (req) => {
    if (req.method() !== 'POST') return;
    const path = new URL(req.url()).pathname;
    if (path !== '/api/connect/webhooks' && path !== '/api/connect/webhooks/batch') return;
    const body = req.postDataJSON() as { event?: { id: string }; events?: { id: string }[] };
    const ids = body.events ? body.events.map((e) => e.id) : [body.event!.id];
    const start = Date.now();
    open.set(req, ids.map((eventId) => ({ tab, eventId, start, end: Number.POSITIVE_INFINITY })));
  });
  const close = (req: object) => {
    const batch = open.get(req);
    if (!batch) return;
    open.delete(req);
    const end = Date.now();
    for (const send of batch) sends.push({ ...send, end });
  };
  page.on('requestfinished', close);
  page.on('requestfailed', close);
}

interface TabState {
  clients: string[];
  appts: string[];
}

/**
 * Runs in the page: changes `count` records through the same outbox functions the forms call. About
 * half client changes (creates and renames), half appointment changes (book, reschedule, cancel),
 * on a few entities per tab so each entity gets several events to keep in order.
 */
function makeChanges({ tab, start, count, state }: { tab: string; start: number; count: number; state: TabState }): Promise<TabState> {
  return (async () => {
    const hook = window.__mangoBench!;
    const { clients, appts } = state;
    for (let k = start; k < start + count; k++) {
      const slot = k % 10;
      const pick = (list: string[]) => list[(k * 7919) % list.length]!;
      const day = new Date(Date.now() + (1 + (k % 20)) * 86_400_000);
      if (clients.length < 3 || slot < 2) {
        clients.push(...(await hook.createClients([`Soak ${tab} client ${k}`])));
      } else if (slot < 5 || slot === 9) {
        await hook.renameClient(pick(clients), `Soak ${tab} client renamed ${k}`);
      } else if (slot === 5 || appts.length === 0) {
        appts.push(await hook.createAppointment({ clientId: pick(clients), scheduledAt: day.toISOString(), duration: 30 + (k % 4) * 15, serviceName: `Soak service ${k}`, staffName: 'Sam Staff' }));
      } else if (slot < 8) {
        await hook.updateAppointment(pick(appts), { scheduledAt: day.toISOString() });
      } else {
        await hook.cancelAppointment(pick(appts));
      }
    }
    return { clients, appts };
  })();
}

test('fault soak: every change reaches Connect once, in order, through faults, an outage, offline, reloads and two tabs', async ({ browser }) => {
  // Making changes, the outage, and draining the outbox afterwards (the longest retry wait is 5 s).
  test.setTimeout((DURATION_S + OUTAGE_S + DRAIN_S + 40) * 1000);
  await sandbox.clearFaults();
  await sandbox.reset();
  const shell: Server = await startShell(SOAK_PORT, PORTS.remote, {
    BIZ_BENCH_HOOKS: '1',
    BIZ_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
    BIZ_RELAY_RETRY_SCHEDULE_MS: RETRY_SCHEDULE_MS.join(','),
  });
  const context = await browser.newContext({ baseURL: `http://localhost:${SOAK_PORT}` });
  try {
    const tabA = await context.newPage();
    await login(tabA, 'owner');
    await enableConnect(tabA);
    // Settings has no live list: on /clients every save would re-render hundreds of rows (see bench/).
    await tabA.goto('/settings');
    const tabB = await context.newPage();
    await tabB.goto('/settings');
    await Promise.all([hookReady(tabA), hookReady(tabB)]);
    const sends: SoakSend[] = [];
    trackSends(tabA, 'A', sends);
    trackSends(tabB, 'B', sends);

    await setFaults(faultMix());
    const started = Date.now();
    let made = 0;
    const happened: string[] = [];

    // What happens to the whole browser, keyed to how far the changes have got.
    const scenario = (async () => {
      const until = async (share: number) => {
        while (made < CHANGES * share) await new Promise((r) => setTimeout(r, 100));
      };
      await until(0.25);
      await context.setOffline(true);
      happened.push(`offline at ${made}`);
      await new Promise((r) => setTimeout(r, OFFLINE_S * 1000));
      await context.setOffline(false);
      happened.push(`online at ${made}`);
      await until(0.45);
      await setFaults([{ route: 'webhook', status: 503 }]);
      happened.push(`outage at ${made}`);
      await new Promise((r) => setTimeout(r, OUTAGE_S * 1000));
      await setFaults(faultMix());
      happened.push(`outage over at ${made}`);
    })();

    const drive = async (page: Page, tab: string, quota: number, reloadAt: number) => {
      let state: TabState = { clients: [], appts: [] };
      let reloaded = false;
      for (let i = 0; i < quota; ) {
        if (!reloaded && i >= reloadAt) {
          // A reload cuts off whatever this tab was sending; the other tab (or this one) picks it up.
          await page.reload();
          await hookReady(page);
          reloaded = true;
          happened.push(`tab ${tab} reloaded at ${made}`);
        }
        const count = Math.min(CHUNK, quota - i);
        state = await page.evaluate(makeChanges, { tab, start: i, count, state });
        i += count;
        made += count;
        // Spread the changes over DURATION_S so the offline spell and the outage fall among them.
        const due = started + (made / CHANGES) * DURATION_S * 1000;
        if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      }
    };
    const half = Math.floor(CHANGES / 2);
    await Promise.all([drive(tabA, 'A', half, Math.floor(half * 0.4)), drive(tabB, 'B', CHANGES - half, Math.floor((CHANGES - half) * 0.7)), scenario]);
    const madeSecs = (Date.now() - started) / 1000;

    // Drain with the faults still on, then judge what the browser and Connect each recorded.
    await expect
      .poll(() => tabA.evaluate(() => window.__mangoBench!.pendingOutbox()), { timeout: DRAIN_S * 1000, intervals: [1000] })
      .toBe(0);
    const events = await tabA.evaluate(() => window.__mangoBench!.outboxEvents());
    const deliveries = await tabA.evaluate(() => window.__mangoBench!.deliveries());
    await sandbox.clearFaults();
    const arrivals = (await sandbox.webhooks()) as unknown as Parameters<typeof judgeSoak>[0]['arrivals'];
    const verdict = judgeSoak({ made, storeId: DEMO_STORE_ID, events, deliveries, arrivals, sends });

    console.log(formatSoakLine(verdict.counts));
    console.log(
      `soak detail: ${verdict.counts.attempts} attempts (${verdict.counts.failedAttempts} failed), ${sends.length} sends from tabs ` +
        `(A ${sends.filter((s) => s.tab === 'A').length}, B ${sends.filter((s) => s.tab === 'B').length}), changes made in ${madeSecs.toFixed(0)} s, ` +
        `drained ${((Date.now() - started) / 1000).toFixed(0)} s after the start; ${happened.join('; ')}`,
    );
    expect(verdict.problems.slice(0, 20)).toEqual([]);
    expect(verdict.counts.delivered).toBe(CHANGES);
    // The soak is only worth something if the faults actually bit and the retries were exercised.
    expect(verdict.counts.failedAttempts).toBeGreaterThan(CHANGES * 0.2);
    expect(new Set(sends.map((s) => s.tab)).size).toBe(2);
    expect(happened).toHaveLength(6);
  } finally {
    // Each step even if an earlier one throws: a soak shell left running would hold its port.
    await context.close().catch((err: unknown) => console.error('soak: closing the browser context failed', err));
    await sandbox.clearFaults().catch(() => undefined);
    await shell.stop();
  }
});
