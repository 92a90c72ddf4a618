import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeFakeSDK } from '../../test/fake-sdk.js';
import { ConnectSDKLoader } from './ConnectSDKLoader.js';

const SDK_URL = 'http://localhost:5175/sdk/mango-connect-sdk.js';
const tag = () => Array.from(document.scripts).find((s) => s.src === SDK_URL);

describe('ConnectSDKLoader', () => {
  it('shows a spinner, then hands the loaded SDK to its children', async () => {
    render(<ConnectSDKLoader sdkUrl={SDK_URL}>{(sdk) => <p>SDK {sdk.version}</p>}</ConnectSDKLoader>);
    expect(screen.getByRole('status').textContent).toMatch('Loading Mango Connect…');
    window.MangoConnect = makeFakeSDK().namespace;
    await act(async () => tag()?.dispatchEvent(new Event('load')));
    expect(await screen.findByText('SDK fake')).toBeTruthy();
  });

  it('shows why loading failed and loads again on Retry', async () => {
    render(<ConnectSDKLoader sdkUrl={SDK_URL}>{() => <p>ready</p>}</ConnectSDKLoader>);
    await act(async () => tag()?.dispatchEvent(new Event('error')));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/failed to load/);
    expect(tag()).toBeUndefined();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByRole('status').textContent).toMatch('Loading Mango Connect…');
    expect(tag()).toBeDefined();
    window.MangoConnect = makeFakeSDK().namespace;
    await act(async () => tag()?.dispatchEvent(new Event('load')));
    expect(await screen.findByText('ready')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says the script loaded without the SDK when the globals are missing', async () => {
    render(<ConnectSDKLoader sdkUrl={SDK_URL}>{() => <p>ready</p>}</ConnectSDKLoader>);
    await act(async () => tag()?.dispatchEvent(new Event('load')));
    expect((await screen.findByRole('alert')).textContent).toMatch('did not define window.MangoConnect');
  });

  it('shares one script between two loaders on the page', async () => {
    render(
      <>
        <ConnectSDKLoader sdkUrl={SDK_URL}>{() => <p>first</p>}</ConnectSDKLoader>
        <ConnectSDKLoader sdkUrl={SDK_URL}>{() => <p>second</p>}</ConnectSDKLoader>
      </>,
    );
    expect(Array.from(document.scripts).filter((s) => s.src === SDK_URL)).toHaveLength(1);
    window.MangoConnect = makeFakeSDK().namespace;
    await act(async () => tag()?.dispatchEvent(new Event('load')));
    expect(await screen.findByText('first')).toBeTruthy();
    expect(screen.getByText('second')).toBeTruthy();
  });
});
