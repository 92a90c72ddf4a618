import type { ConnectState, MangoConnectIntegration, SyncReport, SyncRunView } from '@mango/connect-shared';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../db/database.js';
import { integrations, syncRuns } from '../db/schema.js';

export const CONNECT = 'mango_connect';

/** Where a sync run stands, kept on its row so a run cut off by a crash resumes where it stopped. */
export interface SyncRunState {
  phase: 'clients' | 'appointments' | 'finished';
  /** Appointments from the run's start to 30 days ahead (US-017), fixed when the run starts. */
  window: { from: string; to: string };
  /** The last id sent per entity: ids are read in order, so the next batch starts after it. */
  cursor: { clients: string | null; appointments: string | null };
  totals: { clients: number; appointments: number };
  /** Batches started per entity, so error messages number batches the same across a resume. */
  batches: { clients: number; appointments: number };
  reports: { clients: SyncReport; appointments: SyncReport };
}

type SyncRunRecord = typeof syncRuns.$inferSelect;

export function syncRunView(run: SyncRunRecord): SyncRunView {
  const state = run.state as SyncRunState;
  const entity = state.phase === 'appointments' ? 'appointments' : 'clients';
  const report = state.reports[entity];
  return {
    id: run.id,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    progress: run.status === 'running' ? { entity, done: report.synced + report.failed, total: state.totals[entity], failed: report.failed } : null,
    clients: state.reports.clients,
    appointments: state.reports.appointments,
    error: run.error,
  };
}

export async function readIntegration(q: Queryable, storeId: string): Promise<{ config: MangoConnectIntegration; seq: number } | null> {
  const [row] = await q.select({ config: integrations.config, seq: integrations.seq }).from(integrations).where(and(eq(integrations.storeId, storeId), eq(integrations.type, CONNECT)));
  return row ? { config: row.config as MangoConnectIntegration, seq: row.seq } : null;
}

export async function latestSyncRun(q: Queryable, storeId: string): Promise<SyncRunRecord | null> {
  const [run] = await q.select().from(syncRuns).where(eq(syncRuns.storeId, storeId)).orderBy(desc(syncRuns.startedAt)).limit(1);
  return run ?? null;
}

/**
 * The store's Connect state as every member sees it, and the highest change sequence stamped on
 * any part of it (the change feed sends it when that is past a device's cursor).
 */
export async function readConnectState(q: Queryable, storeId: string): Promise<ConnectState & { seq: number }> {
  const [integration, latest, [lastFinished]] = await Promise.all([
    readIntegration(q, storeId),
    latestSyncRun(q, storeId),
    q.select().from(syncRuns).where(and(eq(syncRuns.storeId, storeId), isNotNull(syncRuns.finishedAt))).orderBy(desc(syncRuns.finishedAt)).limit(1),
  ]);
  const finished = lastFinished ? (lastFinished.state as SyncRunState).reports : null;
  return {
    integration: integration?.config ?? null,
    sync: latest ? syncRunView(latest) : null,
    counts: { clients: finished?.clients.synced ?? 0, appointments: finished?.appointments.synced ?? 0 },
    seq: Math.max(integration?.seq ?? 0, latest?.seq ?? 0),
  };
}
