import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ComponentType } from 'react';
import { RemoteIncompatibleError, RemoteUnavailableError } from './errors';
import { createFederatedComponent } from './federated';

const Messages = () => <h1>Inbox</h1>;

describe('federated component (RemoteBoundary)', () => {
  it('shows the cause when the entry cannot be fetched, and Retry recovers without a reload', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail = true;
    const reset = vi.fn();
    const load = vi.fn(async (): Promise<{ default: ComponentType<object> }> => {
      if (fail) throw new RemoteUnavailableError('connectHost/MessagesPage', 'Could not load connectHost/MessagesPage: Failed to load script resources. #RUNTIME-008');
      return { default: Messages };
    });
    const Federated = createFederatedComponent({ label: 'Messages', load, reset });
    render(<Federated />);

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Messages is unavailable right now.');
    expect(alert.textContent).toContain('#RUNTIME-008');

    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('heading', { name: 'Inbox' })).toBeTruthy();
    expect(reset).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('catches a remote that throws while rendering', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Broken = () => {
      throw new Error('SDK exploded');
    };
    const Federated = createFederatedComponent({ label: 'Messages', load: async () => ({ default: Broken }), reset: () => {} });
    render(<Federated />);
    expect((await screen.findByRole('alert')).textContent).toContain('SDK exploded');
  });

  it('explains an incompatible contract', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const Federated = createFederatedComponent({
      label: 'Messages',
      load: async () => {
        throw new RemoteIncompatibleError('2.0.0', '1.0.0');
      },
      reset: () => {},
    });
    render(<Federated />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('not compatible');
    expect(alert.textContent).toContain('2.0.0');
  });

  it('shows "Loading Messages…" while the remote is slow', async () => {
    let resolve!: (m: { default: ComponentType<object> }) => void;
    const Federated = createFederatedComponent({ label: 'Messages', load: () => new Promise<{ default: ComponentType<object> }>((r) => (resolve = r)), reset: () => {} });
    render(<Federated />);
    expect((await screen.findByRole('status')).textContent).toContain('Loading Messages…');
    await act(async () => resolve({ default: Messages }));
    expect(await screen.findByRole('heading', { name: 'Inbox' })).toBeTruthy();
  });
});
