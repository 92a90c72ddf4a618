import type { DestinationHealth, WaitingEvent } from '@mango/connect-shared';
import { formatWhenExact } from './sync-format.js';

/** A clock time to the second ("14:03:21"), with the date as well when it is not today. */
export function formatCheckTime(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (date.toDateString() !== now.toDateString()) return formatWhenExact(iso, locale);
  return date.toLocaleTimeString(locale, { timeStyle: 'medium' });
}

/** The webhook destination's state in words for the store's owner. */
export function destinationSentence(destination: DestinationHealth | null, now: Date, locale?: string): string {
  if (!destination || !destination.active) return 'Webhooks are off for this store.';
  switch (destination.state) {
    case 'closed':
      return 'Connect is receiving webhooks.';
    case 'half_open':
      return 'Checking whether Connect answers again…';
    case 'open':
      return destination.probeAt
        ? `Connect is not answering: deliveries are paused; next check at ${formatCheckTime(destination.probeAt, now, locale)}.`
        : 'Connect is not answering: deliveries are paused.';
  }
}

/** How many events wait, and whether the table lists only the soonest of them. */
export function waitingSummary(total: number, listed: number): string {
  if (total === 0) return 'Nothing is waiting to be sent.';
  const count = total === 1 ? '1 event is waiting to be sent.' : `${total} events are waiting to be sent.`;
  return listed < total ? `${count} The ${listed} due soonest are listed.` : count;
}

/** "Due now" once the time has come (the worker is on it), else the time to the second. */
export function nextAttemptLabel(iso: string, now: Date, locale?: string): string {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at <= now.getTime() ? 'Due now' : formatWhenExact(iso, locale);
}

/** The accessible name of a row's button, so each one says which event it retries. */
export function retryLabel(e: Pick<WaitingEvent, 'event' | 'entityId'>): string {
  return `Retry now: ${e.event} ${e.entityId}`;
}

/** What the owner is told after "Retry now" (one event) or "Retry all now". */
export function retriedNotice(eventId: string | undefined, due: number): string {
  if (eventId !== undefined) return `Event ${eventId} is being sent again now.`;
  if (due === 0) return 'Nothing was waiting to be sent.';
  return due === 1 ? '1 event is being sent again now.' : `${due} events are being sent again now.`;
}

/** Retrying cannot help while there is no subscription on (Connect disabled, or Connect said 410 Gone). */
export function canRetry(destination: DestinationHealth | null): boolean {
  return destination?.active === true;
}
