import { describe, expect, it } from 'vitest';
import type { DestinationHealth } from '@mango/connect-shared';
import { canRetry, destinationSentence, formatCheckTime, nextAttemptLabel, retriedNotice, retryLabel, waitingSummary } from './waiting-events.js';

const now = new Date(2026, 10, 25, 14, 0, 0);
const local = (h: number, m: number, s: number, day = 25) => new Date(2026, 10, day, h, m, s).toISOString();
const destination = (patch: Partial<DestinationHealth>): DestinationHealth => ({ state: 'closed', failures: 0, probeAt: null, active: true, ...patch });

describe('the destination in words', () => {
  it('says Connect receives webhooks while the circuit is closed', () => {
    expect(destinationSentence(destination({}), now)).toBe('Connect is receiving webhooks.');
  });
  it('says deliveries are paused and when Connect is checked next while it is open', () => {
    expect(destinationSentence(destination({ state: 'open', failures: 5, probeAt: local(14, 3, 21) }), now, 'en-GB')).toBe(
      'Connect is not answering: deliveries are paused; next check at 14:03:21.',
    );
    expect(destinationSentence(destination({ state: 'open', failures: 5 }), now)).toBe('Connect is not answering: deliveries are paused.');
  });
  it('says a check is under way while a probe is out', () => {
    expect(destinationSentence(destination({ state: 'half_open', failures: 5 }), now)).toBe('Checking whether Connect answers again…');
  });
  it('says webhooks are off when the subscription is off or there is none', () => {
    expect(destinationSentence(destination({ state: 'open', active: false }), now)).toBe('Webhooks are off for this store.');
    expect(destinationSentence(null, now)).toBe('Webhooks are off for this store.');
  });
  it('adds the date to a check that is not today', () => {
    expect(formatCheckTime(local(9, 0, 5, 26), now, 'en-GB')).toBe('26 Nov 2026, 09:00:05');
  });
});

describe('the waiting events', () => {
  it('counts what waits and says when the table lists only the soonest', () => {
    expect(waitingSummary(0, 0)).toBe('Nothing is waiting to be sent.');
    expect(waitingSummary(1, 1)).toBe('1 event is waiting to be sent.');
    expect(waitingSummary(250, 100)).toBe('250 events are waiting to be sent. The 100 due soonest are listed.');
  });
  it('shows the next attempt to the second, or "Due now" once its time has come', () => {
    expect(nextAttemptLabel(local(14, 3, 21), now, 'en-GB')).toBe('25 Nov 2026, 14:03:21');
    expect(nextAttemptLabel(local(13, 59, 59), now)).toBe('Due now');
    expect(nextAttemptLabel(now.toISOString(), now)).toBe('Due now');
  });
  it('names each row’s button after its event and entity', () => {
    expect(retryLabel({ event: 'client.updated', entityId: 'client-123' })).toBe('Retry now: client.updated client-123');
  });
  it('tells what a retry did', () => {
    expect(retriedNotice('evt_1', 1)).toBe('Event evt_1 is being sent again now.');
    expect(retriedNotice(undefined, 3)).toBe('3 events are being sent again now.');
    expect(retriedNotice(undefined, 1)).toBe('1 event is being sent again now.');
    expect(retriedNotice(undefined, 0)).toBe('Nothing was waiting to be sent.');
  });
  it('offers a retry only while the subscription is on', () => {
    expect(canRetry(destination({ state: 'open' }))).toBe(true);
    expect(canRetry(destination({ active: false }))).toBe(false);
    expect(canRetry(null)).toBe(false);
  });
});
