import type { SyncProgress, SyncRunResult } from '@mango/shell-contract';

export function progressLabel(p: SyncProgress): string {
  return `Syncing ${p.entity}`;
}

/** Every batch error of a run, labelled with its entity, in the order they happened. */
export function syncErrors(run: SyncRunResult | null): string[] {
  if (!run) return [];
  return [
    ...run.clients.errors.map((e) => `Clients batch ${e.batchIndex + 1}: ${e.message}`),
    ...run.appointments.errors.map((e) => `Appointments batch ${e.batchIndex + 1}: ${e.message}`),
  ];
}

/** A timestamp for people: local date and time, or "Never" when there is none. */
export function formatWhen(iso: string | undefined, locale?: string): string {
  if (!iso) return 'Never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Like `formatWhen`, to the second: for times seconds away, such as a webhook's next attempt. */
export function formatWhenExact(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'medium' });
}
