import { describe, expect, it } from 'vitest';
import type { RuntimeConfig } from '../runtime-config';
import { RemoteIncompatibleError, RemoteUnavailableError } from './errors';
import { createRemoteRegistry, type FederationRuntime } from './registry';

const config: RuntimeConfig = {
  remotes: { connectHost: { name: 'connectHost', entry: 'http://localhost:5174/mf-manifest.json', type: 'module' } },
  connect: { sdkUrl: 'http://x/sdk.js', apiUrl: 'http://x' },
};

function fakeRuntime(modules: Record<string, () => Promise<unknown>>) {
  const registrations: { names: string[]; force: boolean }[] = [];
  const runtime: FederationRuntime = {
    registerRemotes: (remotes, options) => registrations.push({ names: remotes.map((r) => r.name), force: options?.force ?? false }),
    loadRemote: async <T,>(id: string) => {
      const m = modules[id];
      if (!m) throw new Error(`[ Federation Runtime ]: Failed to load script resources. #RUNTIME-008 (${id})`);
      return (await m()) as T;
    },
  };
  return { runtime, registrations };
}

describe('remote registry', () => {
  it('registers the remote from runtime config once and loads a module after the contract check', async () => {
    const { runtime, registrations } = fakeRuntime({
      'connectHost/contract': async () => ({ contractVersion: '1.2.0' }),
      'connectHost/MessagesPage': async () => ({ default: 'Messages' }),
    });
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config });
    await expect(registry.load('connectHost/MessagesPage')).resolves.toEqual({ default: 'Messages' });
    await registry.load('connectHost/MessagesPage');
    expect(registrations).toEqual([{ names: ['connectHost'], force: false }]);
  });

  it('refuses a remote built against another contract major', async () => {
    const { runtime } = fakeRuntime({
      'connectHost/contract': async () => ({ contractVersion: '2.0.0' }),
      'connectHost/MessagesPage': async () => ({ default: 'Messages' }),
    });
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config });
    await expect(registry.load('connectHost/MessagesPage')).rejects.toBeInstanceOf(RemoteIncompatibleError);
  });

  it('wraps a runtime failure in RemoteUnavailableError and force re-registers on the next try after reset', async () => {
    const modules: Record<string, () => Promise<unknown>> = {};
    const { runtime, registrations } = fakeRuntime(modules);
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config });
    const err = await registry.load('connectHost/MessagesPage').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toMatch(/RUNTIME-008/);

    modules['connectHost/contract'] = async () => ({ contractVersion: '1.0.0' });
    modules['connectHost/MessagesPage'] = async () => ({ default: 'Messages' });
    registry.reset('connectHost');
    await expect(registry.load('connectHost/MessagesPage')).resolves.toEqual({ default: 'Messages' });
    expect(registrations.at(-1)).toEqual({ names: ['connectHost'], force: true });
  });

  it('counts Retries of a remote that never loaded, and stops counting once it has', async () => {
    const modules: Record<string, () => Promise<unknown>> = {};
    const { runtime } = fakeRuntime(modules);
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config });
    expect(registry.retryAttempt('connectHost')).toBe(0);
    await registry.load('connectHost/MessagesPage').catch(() => undefined);
    registry.reset('connectHost');
    registry.reset('connectHost');
    expect(registry.retryAttempt('connectHost')).toBe(2);
    modules['connectHost/contract'] = async () => ({ contractVersion: '1.0.0' });
    modules['connectHost/MessagesPage'] = async () => ({ default: 'Messages' });
    await registry.load('connectHost/MessagesPage');
    registry.reset('connectHost');
    expect(registry.retryAttempt('connectHost')).toBe(2);
  });

  it('reports a remote that never answers as unavailable after the timeout', async () => {
    const { runtime } = fakeRuntime({ 'connectHost/contract': () => new Promise(() => {}) });
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config, timeoutMs: 20 });
    await expect(registry.load('connectHost/MessagesPage')).rejects.toThrow(/did not load within/);
  });

  it('preload never rejects, even when the remote is down', async () => {
    const { runtime } = fakeRuntime({});
    const registry = createRemoteRegistry({ runtime, getConfig: async () => config });
    await expect(registry.preload('connectHost', ['./MessagesPage'])).resolves.toBeUndefined();
  });

  it('creates the runtime on the first load, not before, and only once', async () => {
    const { runtime } = fakeRuntime({
      'connectHost/contract': async () => ({ contractVersion: '1.0.0' }),
      'connectHost/MessagesPage': async () => ({ default: 'Messages' }),
    });
    let created = 0;
    const registry = createRemoteRegistry({ runtime: async () => (created++, runtime), getConfig: async () => config });
    expect(created).toBe(0);
    await registry.load('connectHost/MessagesPage');
    await registry.load('connectHost/MessagesPage');
    expect(created).toBe(1);
  });

  it('reports a runtime that cannot be fetched as unavailable, and fetches it again on Retry', async () => {
    const { runtime } = fakeRuntime({
      'connectHost/contract': async () => ({ contractVersion: '1.0.0' }),
      'connectHost/MessagesPage': async () => ({ default: 'Messages' }),
    });
    let offline = true;
    const registry = createRemoteRegistry({
      runtime: async () => {
        if (offline) throw new TypeError('Failed to fetch dynamically imported module: /assets/host-runtime.js');
        return runtime;
      },
      getConfig: async () => config,
    });
    const err = await registry.load('connectHost/MessagesPage').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteUnavailableError);
    expect((err as Error).message).toBe('The shell could not start Module Federation (Failed to fetch dynamically imported module: /assets/host-runtime.js). Check the connection and Retry; if Mango Biz was just updated, reload the page.');
    offline = false;
    registry.reset('connectHost');
    await expect(registry.load('connectHost/MessagesPage')).resolves.toEqual({ default: 'Messages' });
  });
});
