import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { installFakeSDK } from '../../test/fake-sdk.js';
import { makeContract, makeIntegration, makeSession } from '../../test/fixtures.js';
import { renderWithShell } from '../../test/render.js';
import { ConnectModuleMount } from './ConnectModuleMount.js';
import { ConnectTokenUnavailableError, ConnectWrapper } from './ConnectWrapper.js';

const Child = () => <p>inside Connect</p>;

describe('ConnectWrapper', () => {
  it('creates one SDK with the integration apiUrl and the shell token, then renders its children', async () => {
    const fake = installFakeSDK();
    renderWithShell(
      <ConnectWrapper>
        <Child />
      </ConnectWrapper>,
    );
    expect(await screen.findByText('inside Connect')).toBeTruthy();
    expect(fake.instances).toHaveLength(1);
    expect(fake.instances[0]?.options).toMatchObject({ apiUrl: 'http://localhost:5175', token: 'token-1' });
  });

  it('reuses the initialised SDK when the route is opened again, without a second token check', async () => {
    const fake = installFakeSDK();
    const first = renderWithShell(<ConnectWrapper>ok</ConnectWrapper>);
    await screen.findByText('ok');
    first.unmount();
    expect(fake.instances[0]?.destroyed).toBe(false);
    renderWithShell(<ConnectWrapper>again</ConnectWrapper>);
    // Rendered in the first pass: no "Connecting to Mango Connect…" in between.
    expect(screen.getByText('again')).toBeTruthy();
    expect(fake.instances).toHaveLength(1);
    expect(fake.initCalls).toBe(1);
  });

  it('starts a new SDK session for another member and ends the previous one', async () => {
    const fake = installFakeSDK();
    const first = renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, { session: makeSession('owner') });
    await screen.findByText('ok');
    first.unmount();
    renderWithShell(<ConnectWrapper>staff view</ConnectWrapper>, { session: makeSession('staff') });
    await screen.findByText('staff view');
    expect(fake.instances).toHaveLength(2);
    expect(fake.instances[0]?.destroyed).toBe(true);
  });

  it("unmounts the previous member's modules kept off-screen when another member's session starts", async () => {
    const fake = installFakeSDK();
    const first = renderWithShell(
      <ConnectWrapper>
        <ConnectModuleMount module="ConversationsModule" label="Conversations" />
      </ConnectWrapper>,
      { session: makeSession('owner') },
    );
    await waitFor(() => expect(fake.mounted).toHaveLength(1));
    first.unmount();
    expect(fake.mounted).toHaveLength(1);
    renderWithShell(<ConnectWrapper>staff view</ConnectWrapper>, { session: makeSession('staff') });
    await screen.findByText('staff view');
    expect(fake.mounted).toHaveLength(0);
  });

  it("answers the SDK's fetchToken with the shell's refresh() result, and rejects when there is none", async () => {
    const fake = installFakeSDK();
    const refresh = vi.fn<() => Promise<string | null>>().mockResolvedValueOnce('token-fresh').mockResolvedValueOnce(null);
    renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, {
      connectToken: { token: 'token-1', isValid: true, refresh, error: null },
    });
    await screen.findByText('ok');
    const options = fake.instances[0]!.options;
    await expect(options.fetchToken()).resolves.toBe('token-fresh');
    await expect(options.fetchToken()).rejects.toBeInstanceOf(ConnectTokenUnavailableError);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('passes a new shell token to the same SDK with setToken instead of recreating it', async () => {
    const fake = installFakeSDK();
    const view = renderWithShell(<ConnectWrapper>ok</ConnectWrapper>);
    await screen.findByText('ok');
    view.update({ connectToken: { ...view.contract().connectToken, token: 'token-2' } });
    await waitFor(() => expect(fake.instances[0]?.tokens).toEqual(['token-2']));
    expect(fake.instances).toHaveLength(1);
  });

  it("shows SDK errors in the shell's toast", async () => {
    const fake = installFakeSDK();
    const notify = vi.fn();
    renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, { notify });
    await screen.findByText('ok');
    fake.instances[0]!.options.onError?.({ code: 'network', message: 'Mango Connect is unreachable' });
    expect(notify).toHaveBeenCalledWith('Mango Connect: Mango Connect is unreachable', 'error');
  });

  it('shows "Connect not configured" with a set-up link for an owner when Connect is disabled', () => {
    installFakeSDK();
    renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, { integration: makeIntegration({ enabled: false }) });
    expect(screen.getByText('Connect not configured')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Set up Mango Connect' }).getAttribute('href')).toBe('/settings/connect');
    expect(screen.queryByText('ok')).toBeNull();
  });

  it('offers no set-up link to staff when Connect was never set up', () => {
    renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, { integration: null, session: makeSession('staff') });
    expect(screen.getByText('Connect not configured')).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Set up Mango Connect' })).toBeNull();
  });

  it('shows why Connect refused the token and retries with a new SDK', async () => {
    const fake = installFakeSDK({ initError: new Error('token_invalid: signature does not verify') });
    const { contract } = renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, makeContract());
    expect((await screen.findByRole('alert')).textContent).toMatch('signature does not verify');
    expect(fake.instances[0]?.destroyed).toBe(false);
    screen.getByRole('button', { name: 'Retry' }).click();
    await waitFor(() => expect(fake.instances).toHaveLength(2));
    expect(fake.instances[0]?.destroyed).toBe(true);
    expect(contract().notify).not.toHaveBeenCalled();
  });

  it('waits for a token, and shows the token error when the shell has one', () => {
    renderWithShell(<ConnectWrapper>ok</ConnectWrapper>, {
      connectToken: { token: null, isValid: false, refresh: vi.fn(async () => null), error: 'Your session expired; sign in again.' },
    });
    expect(screen.getByRole('alert').textContent).toMatch('Your session expired; sign in again.');
  });
});
