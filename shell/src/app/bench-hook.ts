import type { SyncRunResult } from '@mango/shell-contract';
import type { BizDb } from '../db/db';
import type { AppointmentRecord, ClientRecord } from '../db/types';
import { createClient, updateClient } from '../features/connect/outbox/outbox';

/**
 * `window.__mangoBench`: lets `pnpm bench` drive the real data layer in bulk (thousands of changes,
 * a 13,000-record sync) where clicking through forms would measure Playwright, not Biz. Installed
 * only when the runtime config says `bench: true` (BIZ_BENCH_HOOKS=1 on the edge API), and it can
 * do nothing a signed-in user of this store cannot already do through the UI.
 */
export interface MangoBenchHook {
  /** Creates one client per name through the outbox, one transaction each, as the form does. */
  createClients(names: readonly string[]): Promise<string[]>;
  /** Renames a client through the outbox, as the edit form does. */
  renameClient(id: string, name: string): Promise<void>;
  /** Replaces the store's clients and appointments with a generated data set (no outbox events). */
  loadDataset(opts: { clients: number; appointments: number }): Promise<void>;
  /** The same sync the settings page's "Sync Now" runs. */
  syncNow(): Promise<SyncRunResult>;
  /** Outbox events not yet delivered or dead-lettered. */
  pendingOutbox(): Promise<number>;
}

declare global {
  interface Window {
    __mangoBench?: MangoBenchHook;
  }
}

/** Pure: a deterministic data set; appointments fall within the next 30 days so all of them sync. */
export function generateBenchDataset(opts: { clients: number; appointments: number; now: Date }): { clients: ClientRecord[]; appointments: AppointmentRecord[] } {
  const iso = opts.now.toISOString();
  const clients: ClientRecord[] = Array.from({ length: opts.clients }, (_, i) => ({
    id: `bench-client-${i}`,
    name: `Bench Client ${i}`,
    email: `bench${i}@example.com`,
    phone: `+1 555 ${String(1000000 + i).slice(-7)}`,
    notes: i % 7 === 0 ? 'Prefers mornings; sensitive scalp.' : '',
    createdAt: iso,
    updatedAt: iso,
  }));
  const day = 86_400_000;
  const appointments: AppointmentRecord[] = Array.from({ length: opts.appointments }, (_, i) => ({
    id: `bench-appt-${i}`,
    clientId: clients[i % Math.max(1, clients.length)]?.id ?? 'bench-client-0',
    scheduledAt: new Date(opts.now.getTime() + day + (i % 28) * day + (i % 9) * 3_600_000).toISOString(),
    duration: 30 + (i % 4) * 15,
    serviceName: ['Cut & Style', 'Colour', 'Manicure', 'Massage'][i % 4]!,
    staffName: ['Sam Staff', 'Maya Manager', 'Devon Price'][i % 3]!,
    status: 'scheduled',
    createdAt: iso,
    updatedAt: iso,
  }));
  return { clients, appointments };
}

export function createBenchHook(deps: { db: BizDb; storeId: string; syncNow: () => Promise<SyncRunResult> }): MangoBenchHook {
  const { db, storeId } = deps;
  return {
    async createClients(names) {
      const ids: string[] = [];
      for (const name of names) ids.push((await createClient({ db, storeId }, { name, email: '', phone: '', notes: '' })).id);
      return ids;
    },
    async renameClient(id, name) {
      await updateClient({ db, storeId }, id, { name });
    },
    async loadDataset(opts) {
      const data = generateBenchDataset({ ...opts, now: new Date() });
      await db.transaction('rw', db.clients, db.appointments, async () => {
        await db.clients.clear();
        await db.appointments.clear();
        await db.clients.bulkPut(data.clients);
        await db.appointments.bulkPut(data.appointments);
      });
    },
    syncNow: deps.syncNow,
    pendingOutbox: () => db.outbox.where('status').equals('pending').count(),
  };
}
