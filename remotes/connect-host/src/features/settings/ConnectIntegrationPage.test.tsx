import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { MangoConnectIntegration } from '@mango/connect-shared';
import type { SyncProgress, SyncRunResult } from '@mango/shell-contract';
import { makeDelivery, makeIntegration, makeServices, makeSession } from '../../test/fixtures.js';
import { renderWithShell } from '../../test/render.js';
import ConnectIntegrationPage from './ConnectIntegrationPage.js';

describe('ConnectIntegrationPage', () => {
  it.each(['manager', 'staff'] as const)('tells a %s they are not allowed, without settings', (role) => {
    renderWithShell(<ConnectIntegrationPage />, { session: makeSession(role) });
    expect(screen.getByRole('heading', { name: 'Not allowed' })).toBeTruthy();
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('shows status, tenant and the enabled switch to an owner', async () => {
    renderWithShell(<ConnectIntegrationPage />);
    expect(screen.getByRole('heading', { name: 'Mango Connect' })).toBeTruthy();
    expect(screen.getByText('Enabled')).toBeTruthy();
    expect(screen.getByText(/tenant demo-salon/)).toBeTruthy();
    expect(screen.getByRole('switch', { name: 'Enable Mango Connect' }).getAttribute('aria-checked')).toBe('true');
    await screen.findByText('No webhook deliveries yet.');
  });

  it('enables Connect and shows the initial sync progress until it finishes', async () => {
    let report: ((p: SyncProgress) => void) | undefined;
    let finish: (() => void) | undefined;
    const services = makeServices({
      enable: vi.fn((onProgress?: (p: SyncProgress) => void) => {
        report = onProgress;
        return new Promise<{ integration: MangoConnectIntegration; sync: null }>((resolve) => {
          finish = () => resolve({ integration: makeIntegration(), sync: null });
        });
      }),
    });
    renderWithShell(<ConnectIntegrationPage />, { session: makeSession('admin'), integration: null, services });
    expect(screen.getByText('Disabled')).toBeTruthy();
    await userEvent.click(screen.getByRole('switch', { name: 'Enable Mango Connect' }));
    expect(services.enable).toHaveBeenCalledTimes(1);
    act(() => report?.({ entity: 'clients', done: 50, total: 200, failed: 0 }));
    const bar = screen.getByRole('progressbar', { name: 'Syncing clients' });
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    await act(async () => finish?.());
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('disables Connect and shows a failure from the service', async () => {
    const services = makeServices({ disable: vi.fn(async () => Promise.reject(new Error('Only the owner can disable Connect.'))) });
    renderWithShell(<ConnectIntegrationPage />, { services });
    await userEvent.click(screen.getByRole('switch', { name: 'Enable Mango Connect' }));
    expect(services.disable).toHaveBeenCalled();
    expect((await screen.findByRole('alert')).textContent).toBe('Only the owner can disable Connect.');
  });

  it('sends a feature toggle to updateFeatures', async () => {
    const services = makeServices();
    renderWithShell(<ConnectIntegrationPage />, { services });
    const campaigns = screen.getByRole('switch', { name: 'Campaigns' });
    expect(campaigns.getAttribute('aria-checked')).toBe('false');
    await userEvent.click(campaigns);
    expect(services.updateFeatures).toHaveBeenCalledWith({ campaigns: true });
    await userEvent.click(screen.getByRole('switch', { name: 'AI Assistant' }));
    expect(services.updateFeatures).toHaveBeenLastCalledWith({ aiAssistant: false });
  });

  it('turns the feature switches off while Connect is disabled', () => {
    renderWithShell(<ConnectIntegrationPage />, { integration: makeIntegration({ enabled: false }) });
    for (const name of ['Conversations', 'AI Assistant', 'Campaigns']) {
      expect((screen.getByRole('switch', { name }) as HTMLButtonElement).disabled).toBe(true);
    }
  });

  it('checks the connection and reports the answer', async () => {
    const services = makeServices({ checkConnection: vi.fn(async () => ({ ok: false, message: 'Connect answered 401 token_invalid' })) });
    renderWithShell(<ConnectIntegrationPage />, { services });
    await userEvent.click(screen.getByRole('button', { name: 'Check connection' }));
    expect((await screen.findByRole('alert')).textContent).toMatch('Not connected: Connect answered 401 token_invalid');
  });

  it('says the connection was not checked, not that it is down, when Connect has no health check', async () => {
    const services = makeServices({
      checkConnection: vi.fn(async () => ({ ok: false, state: 'unknown' as const, message: 'Mango Connect has no health endpoint' })),
    });
    renderWithShell(<ConnectIntegrationPage />, { services });
    await userEvent.click(screen.getByRole('button', { name: 'Check connection' }));
    const answer = await screen.findByText(/Not checked/);
    expect(answer.textContent).toBe('Not checked: Mango Connect has no health endpoint');
    expect(answer.getAttribute('role')).toBe('status');
    expect(screen.queryByText(/Not connected/)).toBeNull();
  });

  it('shows why the last sync did not finish, from the shell’s sync state', () => {
    renderWithShell(<ConnectIntegrationPage />, {
      sync: { running: false, progress: null, last: null, counts: { clients: 0, appointments: 0 }, error: 'Mango Connect is unreachable' },
    });
    expect(screen.getByRole('alert').textContent).toBe('The last sync did not finish: Mango Connect is unreachable');
  });

  it('does not show a run-level error while a new run is under way', () => {
    renderWithShell(<ConnectIntegrationPage />, {
      sync: { running: true, progress: null, last: null, counts: { clients: 0, appointments: 0 }, error: 'Mango Connect is unreachable' },
    });
    expect(screen.queryByText(/did not finish/)).toBeNull();
  });

  it('shows last sync and counts, runs Sync Now with a progress bar, and lists the errors', async () => {
    let report: ((p: SyncProgress) => void) | undefined;
    let finish: (() => void) | undefined;
    const services = makeServices({
      syncNow: vi.fn((onProgress?: (p: SyncProgress) => void) => {
        report = onProgress;
        return new Promise<SyncRunResult>((resolve) => {
          finish = () =>
            resolve({
              clients: { total: 3, synced: 3, failed: 0, errors: [] },
              appointments: { total: 2, synced: 0, failed: 2, errors: [] },
              finishedAt: '2026-11-25T12:00:00Z',
            });
        });
      }),
    });
    const view = renderWithShell(<ConnectIntegrationPage />, {
      services,
      sync: { running: false, progress: null, last: null, counts: { clients: 3, appointments: 2 } },
    });
    const counts = screen.getByText('Clients', { selector: 'dt' }).parentElement!;
    expect(within(counts).getByText('3')).toBeTruthy();
    expect(screen.getByText('Never')).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Sync Now' }));
    act(() => report?.({ entity: 'appointments', done: 1, total: 2, failed: 0 }));
    expect(screen.getByRole('progressbar', { name: 'Syncing appointments' }).getAttribute('aria-valuenow')).toBe('50');
    await act(async () => finish?.());
    // The shell's sync state carries the finished run.
    view.update({
      sync: {
        running: false,
        progress: null,
        counts: { clients: 3, appointments: 2 },
        last: {
          clients: { total: 3, synced: 3, failed: 0, errors: [] },
          appointments: { total: 2, synced: 0, failed: 2, errors: [{ batchIndex: 0, message: 'Connect answered 500' }] },
          finishedAt: '2026-11-25T12:00:00Z',
        },
      },
    });
    expect(screen.queryByText('Never')).toBeNull();
    expect(screen.getByRole('alert').textContent).toMatch('Appointments batch 1: Connect answered 500');
  });

  it('lists deliveries newest first with code, attempts and body, filters them, and redelivers a dead letter', async () => {
    const dead = makeDelivery({
      id: 'd2',
      eventId: 'evt_dead_0001',
      event: 'appointment.cancelled',
      status: 'dead',
      responseCode: 500,
      responseBody: 'Internal error',
      attempt: 8,
      sentAt: '2026-11-25T11:00:00Z',
    });
    const ok = makeDelivery({ sentAt: '2026-11-25T10:00:00Z' });
    const services = makeServices({
      listDeliveries: vi.fn(async (filter) => [ok, dead].filter((d) => !filter?.status || d.status === filter.status)),
    });
    const view = renderWithShell(<ConnectIntegrationPage />, { services });
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.textContent).toMatch(/appointment\.cancelled.*Dead letter.*500.*8.*Internal error.*Redeliver/);
    expect(within(rows[1]!).queryByRole('button', { name: 'Redeliver' })).toBeNull();

    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Status' }), 'dead');
    await waitFor(() => expect(services.listDeliveries).toHaveBeenLastCalledWith({ status: 'dead', limit: 100 }));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Event' }), 'appointment.cancelled');
    await waitFor(() =>
      expect(services.listDeliveries).toHaveBeenLastCalledWith({ status: 'dead', event: 'appointment.cancelled', limit: 100 }),
    );

    const calls = vi.mocked(services.listDeliveries).mock.calls.length;
    await userEvent.click(await screen.findByRole('button', { name: 'Redeliver' }));
    expect(services.redeliver).toHaveBeenCalledWith('evt_dead_0001');
    expect((await screen.findByText(/queued for redelivery/)).textContent).toMatch('evt_dead_0001');
    await waitFor(() => expect(vi.mocked(services.listDeliveries).mock.calls.length).toBeGreaterThan(calls));

    // A change the shell reports (deliveriesVersion) re-queries too.
    const before = vi.mocked(services.listDeliveries).mock.calls.length;
    view.update({ deliveriesVersion: 1 });
    await waitFor(() => expect(vi.mocked(services.listDeliveries).mock.calls.length).toBe(before + 1));
  });

  it('shows why the delivery log could not load', async () => {
    const services = makeServices({ listDeliveries: vi.fn(async () => Promise.reject(new Error('The delivery log is unavailable; reload the page.'))) });
    renderWithShell(<ConnectIntegrationPage />, { services });
    expect((await screen.findByRole('alert')).textContent).toBe('The delivery log is unavailable; reload the page.');
  });
});
