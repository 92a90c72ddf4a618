import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { DestinationHealth, WaitingResponse } from '@mango/connect-shared';
import { makeServices, makeWaitingEvent } from '../../test/fixtures.js';
import { renderWithShell } from '../../test/render.js';
import { DeliveryLog } from './DeliveryLog.js';
import { formatWhenExact } from './sync-format.js';
import { formatCheckTime } from './waiting-events.js';
import { WaitingEvents } from './WaitingEvents.js';

const closed: DestinationHealth = { state: 'closed', failures: 0, probeAt: null, active: true };

function waitingServices(answer: Partial<WaitingResponse> = {}) {
  const waiting = answer.waiting ?? [];
  const full: WaitingResponse = { destination: closed, waiting, total: waiting.length, ...answer };
  return makeServices({
    listWaiting: vi.fn(async () => structuredClone(full)),
    retryNow: vi.fn(async (eventId?: string) => (eventId ? 1 : full.total)),
  });
}

describe('WaitingEvents', () => {
  it.each([
    ['closed', closed, 'Connect is receiving webhooks.'],
    ['half_open', { ...closed, state: 'half_open', failures: 5 }, 'Checking whether Connect answers again…'],
    ['inactive', { ...closed, active: false }, 'Webhooks are off for this store.'],
  ] as const)('says in words what the destination state %s means', async (_name, destination, sentence) => {
    renderWithShell(<WaitingEvents />, { services: waitingServices({ destination }) });
    expect(await screen.findByText(sentence)).toBeTruthy();
    expect(screen.getByText('Nothing is waiting to be sent.')).toBeTruthy();
  });

  it('says deliveries are paused and when Connect is checked next while it does not answer', async () => {
    const probeAt = new Date(Date.now() + 60_000).toISOString();
    renderWithShell(<WaitingEvents />, { services: waitingServices({ destination: { state: 'open', failures: 5, probeAt, active: true } }) });
    const sentence = await screen.findByText(/^Connect is not answering/);
    expect(sentence.textContent).toBe(`Connect is not answering: deliveries are paused; next check at ${formatCheckTime(probeAt, new Date())}.`);
    expect(sentence.textContent).toMatch(/\d:\d\d:\d\d/);
  });

  it('lists the waiting events with attempts, next attempt to the second and last error', async () => {
    const soon = makeWaitingEvent({ eventId: 'evt_1', entityId: 'client-123', attempts: 4 });
    const later = makeWaitingEvent({
      eventId: 'evt_2',
      event: 'appointment.created',
      entityId: 'appt-9',
      attempts: 1,
      nextAttemptAt: new Date(Date.now() + 3_600_000).toISOString(),
      lastError: null,
    });
    const due = makeWaitingEvent({ eventId: 'evt_0', entityId: 'client-7', nextAttemptAt: new Date(Date.now() - 1000).toISOString() });
    renderWithShell(<WaitingEvents />, { services: waitingServices({ waiting: [due, soon, later], total: 120 }) });

    const table = await screen.findByRole('table', { name: 'Events waiting to be sent to Connect, soonest next attempt first' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').slice(0, 5).map((c) => c.textContent))).toEqual([
      ['client.updated', 'client-7', '3', 'Due now', 'Connect answered 503 Service Unavailable'],
      ['client.updated', 'client-123', '4', formatWhenExact(soon.nextAttemptAt), 'Connect answered 503 Service Unavailable'],
      ['appointment.created', 'appt-9', '1', formatWhenExact(later.nextAttemptAt), '—'],
    ]);
    expect(rows[1]!.textContent).toMatch(/\d:\d\d:\d\d/);
    expect(screen.getByText('120 events are waiting to be sent. The 3 due soonest are listed.')).toBeTruthy();
  });

  it('retries one event by its id, says so and reads the list again', async () => {
    const services = waitingServices({ waiting: [makeWaitingEvent({ eventId: 'evt_1', event: 'client.updated', entityId: 'client-123' })] });
    renderWithShell(<WaitingEvents />, { services });
    await userEvent.click(await screen.findByRole('button', { name: 'Retry now: client.updated client-123' }));
    expect(services.retryNow).toHaveBeenCalledWith('evt_1');
    expect((await screen.findByRole('status')).textContent).toBe('Event evt_1 is being sent again now.');
    await waitFor(() => expect(services.listWaiting).toHaveBeenCalledTimes(2));
  });

  it('retries every waiting event with "Retry all now"', async () => {
    const services = waitingServices({ waiting: [makeWaitingEvent({ eventId: 'evt_1' }), makeWaitingEvent({ eventId: 'evt_2', entityId: 'client-456' })] });
    renderWithShell(<WaitingEvents />, { services });
    await userEvent.click(await screen.findByRole('button', { name: 'Retry all now' }));
    expect(services.retryNow).toHaveBeenCalledTimes(1);
    expect(vi.mocked(services.retryNow!).mock.calls[0]![0]).toBeUndefined();
    expect((await screen.findByRole('status')).textContent).toBe('2 events are being sent again now.');
    await waitFor(() => expect(services.listWaiting).toHaveBeenCalledTimes(2));
  });

  it('re-reads when the shell reports new delivery attempts', async () => {
    const services = waitingServices();
    const view = renderWithShell(<WaitingEvents />, { services });
    await screen.findByText('Connect is receiving webhooks.');
    view.update({ deliveriesVersion: 1 });
    await waitFor(() => expect(services.listWaiting).toHaveBeenCalledTimes(2));
  });

  it('shows why the list could not be read', async () => {
    const services = makeServices({ listWaiting: vi.fn(async () => Promise.reject(new Error('The Mango Biz server could not be reached; try again.'))) });
    renderWithShell(<WaitingEvents />, { services });
    expect((await screen.findByRole('alert')).textContent).toBe('The Mango Biz server could not be reached; try again.');
  });

  it('shows why a retry was refused and drops the event that no longer waits', async () => {
    const event = makeWaitingEvent({ eventId: 'evt_1' });
    const listWaiting = vi.fn<() => Promise<WaitingResponse>>().mockResolvedValueOnce({ destination: closed, waiting: [event], total: 1 }).mockResolvedValue({ destination: closed, waiting: [], total: 0 });
    const retryNow = vi.fn(async () => Promise.reject(new Error('Event evt_1 is not waiting in this store’s outbox (it may have been delivered meanwhile).')));
    renderWithShell(<WaitingEvents />, { services: makeServices({ listWaiting, retryNow }) });
    await userEvent.click(await screen.findByRole('button', { name: 'Retry now: client.updated client-123' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('evt_1 is not waiting');
    expect(await screen.findByText('Nothing is waiting to be sent.')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('offers no retry while webhooks are off, nor on a shell that cannot retry', async () => {
    const waiting = [makeWaitingEvent()];
    const off = renderWithShell(<WaitingEvents />, { services: waitingServices({ destination: { ...closed, active: false }, waiting }) });
    await screen.findByRole('table');
    expect(screen.queryByRole('button')).toBeNull();
    off.unmount();

    const listOnly = makeServices({ listWaiting: vi.fn(async () => ({ destination: closed, waiting, total: 1 })) });
    renderWithShell(<WaitingEvents />, { services: listOnly });
    await screen.findByRole('table');
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('is left out of the delivery log on a shell without the waiting list', async () => {
    const services = makeServices();
    expect(services.listWaiting).toBeUndefined();
    renderWithShell(<DeliveryLog />, { services });
    await screen.findByText('No webhook deliveries yet.');
    expect(screen.queryByRole('heading', { name: 'Waiting to be sent' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Attempts' })).toBeNull();
  });

  it('leads the delivery log when the shell offers it', async () => {
    renderWithShell(<DeliveryLog />, { services: waitingServices({ waiting: [makeWaitingEvent()] }) });
    expect(await screen.findByRole('heading', { name: 'Waiting to be sent' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Attempts' })).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Retry now: client.updated client-123' })).toBeTruthy();
    await screen.findByText('No webhook deliveries yet.');
  });
});
