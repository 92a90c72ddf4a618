import type { WebhookDelivery } from '@mango/connect-shared';
import type { SyncRunResult } from '@mango/shell-contract';
import { putAll, type BizDb } from '../db/db';
import type { OutboxRecord } from '../db/types';
import { cancelAppointment, createAppointment, createClient, updateAppointment, updateClient, type AppointmentInput } from '../features/connect/outbox/outbox';
import { generateBenchDataset } from './bench-dataset';

/**
 * `window.__mangoBench`: lets `pnpm bench` and the fault soak (`pnpm soak`) drive the real data layer
 * in bulk (thousands of changes, a 13,000-record sync) where clicking through forms would measure
 * Playwright, not Biz, and read back the outbox and delivery log they check. Installed
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
  /** Books an appointment through the outbox, as the appointment form does. */
  createAppointment(input: AppointmentInput): Promise<string>;
  /** Changes an appointment through the outbox, as "Save changes" does. */
  updateAppointment(id: string, patch: Partial<AppointmentInput>): Promise<void>;
  /** Cancels an appointment through the outbox, as "Yes, cancel it" does. */
  cancelAppointment(id: string): Promise<void>;
  /** Every outbox event with its state (read-only), for checks of what was delivered. */
  outboxEvents(): Promise<OutboxRecord[]>;
  /** The whole delivery log (read-only), oldest first. */
  deliveries(): Promise<WebhookDelivery[]>;
}

declare global {
  interface Window {
    __mangoBench?: MangoBenchHook;
  }
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
      await db.write(['clients', 'appointments'], async (tx) => {
        await Promise.all([tx.objectStore('clients').clear(), tx.objectStore('appointments').clear()]);
        await Promise.all([putAll(tx, 'clients', data.clients), putAll(tx, 'appointments', data.appointments)]);
      });
    },
    syncNow: deps.syncNow,
    pendingOutbox: () => db.countFromIndex('outbox', 'status', 'pending'),
    async createAppointment(input) {
      return (await createAppointment({ db, storeId }, input)).id;
    },
    async updateAppointment(id, patch) {
      await updateAppointment({ db, storeId }, id, patch);
    },
    async cancelAppointment(id) {
      await cancelAppointment({ db, storeId }, id);
    },
    outboxEvents: () => db.getAll('outbox'),
    deliveries: () => db.getAllFromIndex('webhookDeliveries', 'sentAt'),
  };
}
