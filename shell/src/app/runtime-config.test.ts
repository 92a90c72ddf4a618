import { beforeEach, describe, expect, it } from 'vitest';
import { loadRuntimeConfig, parseRuntimeConfig, resetRuntimeConfigForTests, RuntimeConfigError } from './runtime-config';

const valid = {
  remotes: { connectHost: { name: 'connectHost', entry: 'http://localhost:5174/mf-manifest.json', type: 'module' } },
  connect: { sdkUrl: 'http://localhost:5175/sdk/mango-connect-sdk.js', apiUrl: 'http://localhost:5175' },
};

describe('runtime config', () => {
  beforeEach(() => resetRuntimeConfigForTests());

  it('accepts the config the edge API serves', () => {
    expect(parseRuntimeConfig(valid).remotes.connectHost.entry).toBe('http://localhost:5174/mf-manifest.json');
  });

  it('names the broken field when the connect-host remote has no entry', () => {
    const broken = { ...valid, remotes: { connectHost: { name: 'connectHost', type: 'module' } } };
    expect(() => parseRuntimeConfig(broken)).toThrowError(/remotes\.connectHost\.entry/);
  });

  it('ignores sections it does not use (a server may still send them)', () => {
    expect(parseRuntimeConfig({ ...valid, bench: true })).toEqual(valid);
  });

  it('refuses a remote name that is not an identifier', () => {
    const broken = { ...valid, remotes: { connectHost: { ...valid.remotes.connectHost, name: 'connect-host' } } };
    expect(() => parseRuntimeConfig(broken)).toThrow(RuntimeConfigError);
  });

  it('fetches again after a failed load instead of caching the failure', async () => {
    let calls = 0;
    const flaky: typeof fetch = async () => {
      calls += 1;
      return calls === 1 ? new Response('nope', { status: 503 }) : Response.json(valid);
    };
    await expect(loadRuntimeConfig(flaky)).rejects.toThrow(/503/);
    await expect(loadRuntimeConfig(flaky)).resolves.toMatchObject({ connect: { apiUrl: 'http://localhost:5175' } });
    expect(calls).toBe(2);
  });
});
