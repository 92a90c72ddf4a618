import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFakeSDK } from '../../test/fake-sdk.js';
import { dropKeptModules, leaseModule } from './module-keeper.js';
import type { MangoConnectSDKInstance } from './types.js';

const sdkFor = (fake: ReturnType<typeof makeFakeSDK>): MangoConnectSDKInstance =>
  new fake.namespace.MangoConnectSDK({ apiUrl: 'http://localhost:5175', token: 't', fetchToken: async () => 't' });

describe('leaseModule', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps a released module mounted off-screen and hands the same one back, asking it to refresh', () => {
    const fake = makeFakeSDK();
    const sdk = sdkFor(fake);
    const page = document.createElement('section');
    document.body.append(page);

    const first = leaseModule(fake.namespace, sdk, 'ConversationsModule', { keepAliveMs: 60_000 });
    page.append(first.container);
    expect(first.reused).toBe(false);
    expect(first.container.textContent).toBe('ConversationsModule mounted');
    first.release();
    expect(first.container.isConnected).toBe(false);
    expect(fake.mounted).toHaveLength(1);

    vi.advanceTimersByTime(59_000);
    const again = leaseModule(fake.namespace, sdk, 'ConversationsModule', { keepAliveMs: 60_000 });
    expect(again.reused).toBe(true);
    expect(again.container).toBe(first.container);
    expect(fake.modules).toHaveLength(1);
    expect(fake.modules[0]!.refreshes).toBe(1);
    // Leased again before the deadline: the first timer must not unmount it under the user.
    vi.advanceTimersByTime(120_000);
    expect(fake.mounted).toHaveLength(1);
    again.release();
    page.remove();
  });

  it('unmounts a module nobody came back for once the window has passed', () => {
    const fake = makeFakeSDK();
    const sdk = sdkFor(fake);
    leaseModule(fake.namespace, sdk, 'AIAssistantModule', { keepAliveMs: 1_000 }).release();
    vi.advanceTimersByTime(999);
    expect(fake.mounted).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(fake.mounted).toHaveLength(0);
    expect(leaseModule(fake.namespace, sdk, 'AIAssistantModule', { keepAliveMs: 1_000 }).reused).toBe(false);
  });

  it('unmounts at once with keepAliveMs 0', () => {
    const fake = makeFakeSDK();
    leaseModule(fake.namespace, sdkFor(fake), 'CampaignsModule', { keepAliveMs: 0 }).release();
    expect(fake.mounted).toHaveLength(0);
  });

  it('moves a module still held to the newest lease; the old holder releasing later changes nothing', () => {
    const fake = makeFakeSDK();
    const sdk = sdkFor(fake);
    const oldHost = document.createElement('section');
    const newHost = document.createElement('section');
    document.body.append(oldHost, newHost);
    const stale = leaseModule(fake.namespace, sdk, 'ConversationsModule', { keepAliveMs: 1_000 });
    oldHost.append(stale.container);
    const fresh = leaseModule(fake.namespace, sdk, 'ConversationsModule', { keepAliveMs: 1_000 });
    newHost.append(fresh.container);
    expect(fresh.reused).toBe(true);
    expect(fresh.container).toBe(stale.container);
    expect(newHost.contains(fresh.container)).toBe(true);
    expect(fake.modules).toHaveLength(1);
    stale.release();
    vi.advanceTimersByTime(5_000);
    expect(fresh.container.isConnected).toBe(true);
    expect(fake.mounted).toHaveLength(1);
    fresh.release();
    vi.advanceTimersByTime(1_000);
    expect(fake.mounted).toHaveLength(0);
    oldHost.remove();
    newHost.remove();
  });

  it('keeps modules per SDK session: another session never gets this one', () => {
    const fake = makeFakeSDK();
    const mine = leaseModule(fake.namespace, sdkFor(fake), 'ConversationsModule');
    mine.release();
    const theirs = leaseModule(fake.namespace, sdkFor(fake), 'ConversationsModule');
    expect(theirs.reused).toBe(false);
    expect(theirs.container).not.toBe(mine.container);
  });

  it('dropKeptModules unmounts what is off-screen for an ending session and leaves what is on screen', () => {
    const fake = makeFakeSDK();
    const sdk = sdkFor(fake);
    leaseModule(fake.namespace, sdk, 'ConversationsModule').release();
    const open = leaseModule(fake.namespace, sdk, 'AIAssistantModule');
    dropKeptModules(sdk);
    expect(fake.mounted.map((m) => m.module)).toEqual(['AIAssistantModule']);
    expect(leaseModule(fake.namespace, sdk, 'ConversationsModule').reused).toBe(false);
    open.release();
  });

  it('passes on what a module throws on mount, and keeps nothing', () => {
    const fake = makeFakeSDK({ mountError: new Error('container too small') });
    const sdk = sdkFor(fake);
    expect(() => leaseModule(fake.namespace, sdk, 'ConversationsModule')).toThrow('container too small');
    expect(fake.mounted).toHaveLength(0);
  });
});
