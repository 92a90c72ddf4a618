import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { rows, type Db } from '../db/database.js';

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'probe_failed';

/**
 * The process's metrics in the Prometheus text format: counters and a histogram of the webhook
 * attempts this process made, and gauges read from the database at each scrape (the outbox by
 * status, the oldest due event, each destination's circuit, running syncs' progress). A database
 * that does not answer sets `mango_database_up` to 0 instead of failing the scrape.
 */
export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mango_process_' });
  const attempts = new Counter({ name: 'mango_webhook_attempts_total', help: 'Webhook delivery attempts made by this process, by outcome.', labelNames: ['outcome'], registers: [registry] });
  const duration = new Histogram({
    name: 'mango_webhook_attempt_duration_seconds',
    help: 'Time from sending a webhook to Connect\'s answer (or giving up), per attempt.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15],
    registers: [registry],
  });
  const up = new Gauge({ name: 'mango_database_up', help: '1 when the last scrape could read the database, else 0.', registers: [registry] });
  const outboxEvents = new Gauge({ name: 'mango_outbox_events', help: 'Outbox events by status (pending, done, dead).', labelNames: ['status'], registers: [registry] });
  const oldestDue = new Gauge({ name: 'mango_outbox_oldest_due_seconds', help: 'Age of the oldest pending event that is due (0 when none is).', registers: [registry] });
  const circuit = new Gauge({ name: 'mango_webhook_circuit', help: '1 for the current circuit state of each active destination.', labelNames: ['store', 'subscription', 'state'], registers: [registry] });
  const syncProgress = new Gauge({ name: 'mango_sync_progress_ratio', help: 'Share of items a running sync has sent, per store.', labelNames: ['store'], registers: [registry] });

  async function refresh(): Promise<void> {
    try {
      const [byStatus, [due], circuits, syncs] = await Promise.all([
        rows<{ status: string; n: number }>(db, sql`SELECT status, count(*)::int AS n FROM outbox GROUP BY status`),
        rows<{ age: number | null }>(db, sql`SELECT extract(epoch FROM now() - min(next_attempt_at))::float AS age FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()`),
        rows<{ store_id: string; id: string; circuit: string }>(db, sql`SELECT store_id, id, circuit FROM webhook_subscriptions WHERE active`),
        rows<{ store_id: string; state: { reports: Record<string, { synced: number; failed: number }>; totals: Record<string, number> } }>(db, sql`SELECT store_id, state FROM sync_runs WHERE status = 'running'`),
      ]);
      outboxEvents.reset();
      for (const status of ['pending', 'done', 'dead']) outboxEvents.set({ status }, byStatus.find((r) => r.status === status)?.n ?? 0);
      oldestDue.set(Math.max(0, Number(due?.age ?? 0)));
      circuit.reset();
      for (const c of circuits) circuit.set({ store: c.store_id, subscription: c.id, state: c.circuit }, 1);
      syncProgress.reset();
      for (const s of syncs) {
        const total = Object.values(s.state.totals).reduce((a, b) => a + b, 0);
        const done = Object.values(s.state.reports).reduce((a, r) => a + r.synced + r.failed, 0);
        syncProgress.set({ store: s.store_id }, total === 0 ? 1 : done / total);
      }
      up.set(1);
    } catch {
      up.set(0);
    }
  }

  return {
    recordAttempt(outcome: AttemptOutcome, durationMs: number): void {
      attempts.inc({ outcome });
      duration.observe(durationMs / 1000);
    },
    contentType: registry.contentType,
    async text(): Promise<string> {
      await refresh();
      return registry.metrics();
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
