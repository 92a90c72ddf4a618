// The fault soak, on a deployment like production's: a real PostgreSQL server, two Biz API
// instances and two delivery workers. Two devices (browser contexts, each on its own API instance)
// make changes through the store-app's forms while Connect fails a large share of webhook requests
// (5xx, some 503 with Retry-After; answers slower than the webhook timeout; dropped connections)
// and then goes fully down for a while. Meanwhile one device goes offline and comes back, the other
// reloads twice, a worker is SIGKILLed with deliveries in flight and replaced, and the PostgreSQL
// server restarts. At the end every change reached the server once, every event reached Connect
// and was applied once, in order per entity, and the delivery log agrees with what Connect saw.
//
// Short form (inside npm test): 200 changes, a 10 s outage. `pnpm soak` runs the full form
// (scripts/soak.mjs: 2,000 changes, a 60 s outage). Tunable by env: SOAK_CHANGES, SOAK_OUTAGE_S,
// SOAK_OFFLINE_S, SOAK_DRAIN_S; SOAK_AFTER_OUTAGE=healthy measures the catch-up with Connect answering
// everything after the outage (by default the fault mix resumes); SOAK_KEEP_LOGS=1 keeps the
// processes' logs (they are kept anyway when the soak fails).
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { resetConnect } from './support/biz-api';
import { PORTS, STORES } from './support/env';
import { sandbox, type Fault } from './support/sandbox';
import { enableConnect, login } from './support/shell';
import { createSoakDevice, type SoakDevice } from './support/soak-device';
import {
  catchUpAfter,
  formatSoakLine,
  judgeDeliveries,
  judgeDevices,
  judgeRows,
  layeredRates,
  longestDelay,
  timeline,
  type Arrival,
  type DeliveryRecord,
  type OutboxEvent,
  type ServerMutation,
  type ServerRow,
  type Span,
} from './support/soak-report';
import { startSoakStack, type SoakStack } from './support/soak-stack';

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const CHANGES = num('SOAK_CHANGES', 200);
const OUTAGE_S = num('SOAK_OUTAGE_S', 10);
const OFFLINE_S = num('SOAK_OFFLINE_S', 3);
/** How long the devices' queues and then the outbox may take to empty once the changes are made. */
const DRAIN_S = num('SOAK_DRAIN_S', 60);
/** The backlog of an outage that ended reaches Connect within this. */
const CATCH_UP_GOAL_MS = 10_000;
/**
 * What Connect does once the outage ends: `faults` (the default) goes back to failing its share of
 * requests, so the catch-up is measured under the fault mix; `healthy` answers everything, which
 * measures the catch-up of a plain outage.
 */
const AFTER_OUTAGE = process.env.SOAK_AFTER_OUTAGE === 'healthy' ? 'healthy' : 'faults';

// A 2 s per-attempt timeout, so an injected 3 s answer counts as a timeout quickly, and a retry
// schedule compressed like the test stack's but with a tail longer than any outage here: a real
// schedule spans hours, and an event must not be dead-lettered just because the soak is quick.
const WEBHOOK_TIMEOUT_MS = 2000;
const RETRY_SCHEDULE_MS = [0, 500, 1000, 2000, 3000, 5000, ...Array<number>(30).fill(5000)];
const API_PORTS = [PORTS.shell + 40, PORTS.shell + 41];
const STORE = STORES.spa;

/** 30% 5xx (half of them 503 with Retry-After), 10% slower than the timeout, 5% dropped: shares of all webhook requests. */
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

// A trace records a DOM snapshot around every action: thousands of form changes would make each
// one several times slower and the trace itself huge. The process logs tell what went wrong.
test.use({ trace: 'off' });

let stack: SoakStack | undefined;
const contexts: BrowserContext[] = [];

test.afterEach(async () => {
  const testInfo = test.info();
  // Each step even if an earlier one throws: a soak process left running would hold its port.
  for (const context of contexts.splice(0)) await context.close().catch((err: unknown) => console.error('soak: closing a browser context failed', err));
  await sandbox.clearFaults().catch(() => undefined);
  const keep = testInfo.status !== testInfo.expectedStatus || process.env.SOAK_KEEP_LOGS === '1';
  if (keep && stack) console.log(`soak: process logs kept in ${stack.logDir}`);
  await stack?.stop(keep);
  stack = undefined;
});

async function openDevice(browser: Browser, name: string, base: string, email: string, day: string, staffName: string): Promise<SoakDevice> {
  // UTC: the appointment form's date and time are then the instant the server stores.
  const context = await browser.newContext({ baseURL: base, timezoneId: 'UTC' });
  contexts.push(context);
  const page = await context.newPage();
  await login(page, email);
  return createSoakDevice({ name, context, page, day, staffName });
}

test('fault soak: every change reaches the server once and Connect once, in order, through faults, an outage, a killed worker and a database restart', async ({ browser }) => {
  test.setTimeout((CHANGES * 0.6 + OUTAGE_S + 2 * DRAIN_S + 120) * 1000);
  // The main stack's stores send nothing to the sandbox meanwhile, and the sandbox starts empty.
  await resetConnect();
  const setupStarted = Date.now();
  stack = await startSoakStack({
    apiPorts: API_PORTS,
    workers: 2,
    env: { BIZ_WEBHOOK_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS), BIZ_WEBHOOK_RETRY_SCHEDULE_MS: RETRY_SCHEDULE_MS.join(',') },
  });
  const s = stack;
  const deviceA = await openDevice(browser, 'A', s.apiUrls[0]!, STORE.owner, dayFromNow(2), 'Sam Owner');
  await enableConnect(deviceA.page);
  const deviceB = await openDevice(browser, 'B', s.apiUrls[1]!, STORE.staff, dayFromNow(3), 'Sky Staff');
  const setupSecs = (Date.now() - setupStarted) / 1000;

  await setFaults(faultMix());
  const started = Date.now();
  let made = 0;
  const happened: string[] = [];
  const at = () => `${((Date.now() - started) / 1000).toFixed(0)} s, change ${made}`;
  const killedHeld = new Set<string>();
  const restarts: Span[] = [];
  let workerKills = 0;
  let outageEnded = 0;
  let outageBegan = () => {};
  const outage = new Promise<void>((resolve) => (outageBegan = resolve));

  const until = async (share: number) => {
    while (made < CHANGES * share) await sleep(100);
  };

  // What happens to the deployment and to device A, keyed to how far the changes have got. The
  // outage comes last, with the deployment whole again, so the catch-up after it measures the
  // outage alone while the devices go on making changes.
  const scenario = async () => {
    await until(0.05);
    await deviceA.page.context().setOffline(true);
    happened.push(`A offline at ${at()}`);
    await sleep(OFFLINE_S * 1000);
    await deviceA.page.context().setOffline(false);
    happened.push(`A online at ${at()}`);

    await until(0.15);
    // SIGKILL the first worker while it has a delivery in flight: an event it has held for a while
    // is one whose attempt is waiting on Connect (claimed and sent, its outcome not yet recorded).
    const victim = s.workers[0]!;
    const heldBy = async () => new Set((await s.query<{ id: string }>(`SELECT id FROM outbox WHERE lease_owner = $1 AND status = 'pending'`, [victim.workerId])).map((r) => r.id));
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
      const before = await heldBy();
      if (before.size === 0) {
        await sleep(20);
        continue;
      }
      await sleep(150);
      if ([...(await heldBy())].some((id) => before.has(id))) break;
    }
    await victim.kill('SIGKILL');
    workerKills += 1;
    // Its leases stay in the outbox until they run out: exactly the events it held when it died.
    for (const id of await heldBy()) killedHeld.add(id);
    happened.push(`worker 1 SIGKILLed at ${at()} holding ${killedHeld.size} events`);
    const replacement = s.startWorker().then((w) => {
      s.workers.push(w);
      happened.push(`worker 3 running at ${at()} (started in ${(w.startMs / 1000).toFixed(1)} s)`);
    });

    await until(0.3);
    // Devices are pushing and workers delivering: both must ride through the restart.
    const from = Date.now();
    await s.restartDatabase();
    restarts.push({ from, to: Date.now() });
    happened.push(`PostgreSQL restarted at ${at()} (${((Date.now() - from) / 1000).toFixed(1)} s)`);

    await replacement;
    await until(0.45);
    await setFaults([{ route: 'webhook', status: 503 }]);
    happened.push(`Connect down at ${at()}`);
    outageBegan();
    await sleep(OUTAGE_S * 1000);
    await setFaults(AFTER_OUTAGE === 'faults' ? faultMix() : []);
    outageEnded = Date.now();
    happened.push(`Connect back at ${at()} (${new Date(outageEnded).toISOString()}; ${AFTER_OUTAGE === 'faults' ? 'with the fault mix' : 'healthy'})`);
  };

  const drive = async (device: SoakDevice, quota: number, reloadAt: readonly number[]) => {
    for (let i = 0; i < quota; i++) {
      // Half the changes wait for the outage, so its backlog holds changes made while Connect was down.
      if (i === Math.floor(quota / 2)) await outage;
      if (reloadAt.includes(i)) {
        // Right after a change: its push is likely in flight and is cut off; the queue keeps it.
        await device.reload();
        happened.push(`${device.name} reloaded at ${at()}`);
      }
      await device.change();
      made += 1;
    }
  };
  const half = Math.floor(CHANGES / 2);
  const quotaB = CHANGES - half;
  await Promise.all([drive(deviceA, half, []), drive(deviceB, quotaB, [Math.floor(quotaB * 0.25), Math.floor(quotaB * 0.7)]), scenario()]);
  const madeSecs = (Date.now() - started) / 1000;

  // Every process but the killed worker rode through: an API instance or a worker that crashed is
  // the first thing to know, before waiting on the queues it would have emptied.
  expect(s.crashes()).toEqual([]);
  // Drain: the devices' queues reach the server; the outage's backlog reaches Connect with the
  // faults still on (so the catch-up is measured under them to its end); then, faults cleared,
  // the rest of the outbox.
  await Promise.all([deviceA.saved(DRAIN_S * 1000), deviceB.saved(DRAIN_S * 1000)]);
  const pending = async (recordedBy?: number) =>
    (
      await s.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE store_id = $1 AND status = 'pending' AND created_at <= $2`, [
        STORE.id,
        new Date(recordedBy ?? Date.now() + 86_400_000),
      ])
    )[0]!.n;
  await expect.poll(() => pending(outageEnded), { timeout: DRAIN_S * 1000, intervals: [500], message: "the outage's backlog to reach Connect" }).toBe(0);
  await sandbox.clearFaults();
  await expect.poll(() => pending(), { timeout: DRAIN_S * 1000, intervals: [500], message: 'the outbox to drain' }).toBe(0);
  const drainedSecs = (Date.now() - started) / 1000;

  const ms = (d: Date | null) => (d === null ? 0 : d.getTime());
  const outbox: OutboxEvent[] = (
    await s.query<{ id: string; entity_type: string; entity_id: string; seq: string; event: string; status: string; created_at: Date }>(
      `SELECT id, entity_type, entity_id, seq, event, status, created_at FROM outbox WHERE store_id = $1`,
      [STORE.id],
    )
  ).map((r) => ({ id: r.id, entityType: r.entity_type, entityId: r.entity_id, seq: Number(r.seq), event: r.event, status: r.status, createdAt: ms(r.created_at) }));
  const records: DeliveryRecord[] = (
    await s.query<{ event_id: string; status: string; response_code: number | null; attempt: number; sent_at: Date; duration_ms: number }>(
      `SELECT event_id, status, response_code, attempt, sent_at, duration_ms FROM webhook_deliveries WHERE store_id = $1`,
      [STORE.id],
    )
  ).map((r) => ({ eventId: r.event_id, status: r.status, responseCode: r.response_code, attempt: r.attempt, sentAt: ms(r.sent_at), durationMs: r.duration_ms }));
  const server: ServerMutation[] = (
    await s.query<{ id: string; type: string; status: string; seq: number | null }>(`SELECT id, type, status, (result->>'seq')::int AS seq FROM mutations WHERE store_id = $1`, [STORE.id])
  ).map((r) => ({ id: r.id, type: r.type, status: r.status, seq: r.seq }));
  const clientRows = await s.query<{ id: string; name: string; email: string }>(`SELECT id, name, email FROM clients WHERE store_id = $1`, [STORE.id]);
  const appointmentRows = await s.query<{ id: string; serviceName: string; staffName: string; scheduledAt: Date; status: string }>(
    `SELECT id, service_name AS "serviceName", staff_name AS "staffName", scheduled_at AS "scheduledAt", status FROM appointments WHERE store_id = $1`,
    [STORE.id],
  );
  const rows: ServerRow[] = [...clientRows, ...appointmentRows.map((r) => ({ ...r, scheduledAt: r.scheduledAt.toISOString() }))];
  const arrivals: Arrival[] = (await sandbox.webhooks()).map((w) => ({
    seq: Number(w.seq),
    id: w.id,
    storeId: w.storeId,
    receivedAt: Date.parse(String(w.receivedAt)),
    signatureValid: w.signatureValid,
    duplicate: w.duplicate,
    status: Number(w.status),
  }));

  const allMade = [...deviceA.made, ...deviceB.made];
  const devices = judgeDevices({ made: allMade, sent: [...deviceA.sent, ...deviceB.sent], server, outbox });
  const rowProblems = judgeRows(allMade, devices.entityIds, rows);
  // An attempt whose answer came while the database was going down or coming back could not be
  // recorded; its worker kept the lease and, once it ran out, an attempt delivered the event again
  // (a duplicate at Connect). From just before the restart (an answer takes at most the webhook
  // timeout) until the pools have replaced their dead connections.
  const recordsLost = restarts.map((r) => ({ from: r.from - WEBHOOK_TIMEOUT_MS - 1_000, to: r.to + 10_000 }));
  const deliveries = judgeDeliveries({ storeId: STORE.id, events: outbox, records, arrivals, incidents: { killedHeld, recordsLost } });
  const catchUp = catchUpAfter(outageEnded, outbox, deliveries.firstApplied);
  const recorded = new Map(outbox.map((e) => [e.id, e.createdAt]));
  const madeAt = new Map([...devices.madeByEvent].map(([id, m]) => [id, m.at]));
  const longest = longestDelay(madeAt, deliveries.firstApplied);
  const toServer = longestDelay(madeAt, recorded);
  const toConnect = longestDelay(recorded, deliveries.firstApplied);
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  /** "B change #57 (appointment.update, made at 31 s)": which change an event reports. */
  const changeOf = (eventId: string | null) => {
    const m = eventId === null ? undefined : devices.madeByEvent.get(eventId);
    if (!m) return 'none';
    const device = m.device === 'A' ? deviceA : deviceB;
    return `${m.device} change #${device.made.indexOf(m) + 1} (${m.type}, made at ${((m.at - started) / 1000).toFixed(0)} s)`;
  };
  const c = deliveries.counts;

  console.log(
    formatSoakLine({
      made: allMade.length,
      delivered: c.delivered,
      duplicatesSuppressed: c.duplicatesSuppressed,
      maxDelayMs: longest.ms,
      catchUp,
      catchUpGoalMs: CATCH_UP_GOAL_MS,
      workerKills,
      databaseRestarts: restarts.length,
    }),
  );
  const uiMs = new Map<string, number[]>();
  for (const d of [deviceA, deviceB]) for (const [type, list] of d.uiMs) uiMs.set(type, [...(uiMs.get(type) ?? []), ...list]);
  const mean = (list: readonly number[]) => list.reduce((a, b) => a + b, 0) / list.length;
  console.log(`soak UI: ${[...uiMs].map(([type, list]) => `${type} ${mean(list).toFixed(0)} ms`).join(', ')} (mean, from starting a change to its form closing)`);
  console.log(
    `soak detail: setup ${setupSecs.toFixed(0)} s; changes made in ${madeSecs.toFixed(0)} s (${(allMade.length / madeSecs).toFixed(1)}/s: A ${deviceA.made.length}, B ${deviceB.made.length}; ` +
      `${deviceA.pushRequests() + deviceB.pushRequests()} pushes); drained ${drainedSecs.toFixed(0)} s after the start; ${c.attempts} attempts (${c.failedAttempts} failed), ` +
      `${c.unrecordedArrivals} arrivals without a record (killed worker or restart); longest: made → Connect ${changeOf(longest.eventId)}, ` +
      `made → server ${secs(toServer.ms)} ${changeOf(toServer.eventId)}, server → Connect ${secs(toConnect.ms)} ${changeOf(toConnect.eventId)}; ${happened.join('; ')}`,
  );

  const bucketMs = CHANGES >= 1000 ? 30_000 : 10_000;
  console.log(
    `soak timeline: ${timeline(started, bucketMs, {
      made: allMade.map((m) => m.at),
      recorded: [...recorded.values()],
      applied: [...deliveries.firstApplied.values()],
      attempts: records.map((r) => r.sentAt),
    })}`,
  );

  expect([...s.crashes(), ...devices.problems, ...rowProblems, ...deliveries.problems].slice(0, 30)).toEqual([]);
  expect(allMade).toHaveLength(CHANGES);
  expect(c.delivered).toBe(CHANGES);
  // Only worth something if the faults bit, the worker died with work in hand, and all happened.
  expect(c.failedAttempts).toBeGreaterThan(CHANGES * 0.2);
  expect(killedHeld.size).toBeGreaterThan(0);
  expect(happened.filter((h) => /offline|online|SIGKILL|worker 3 running|down|back|restarted|reloaded/.test(h))).toHaveLength(9);
  expect(catchUp.missing).toBe(0);
});
