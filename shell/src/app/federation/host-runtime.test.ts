import * as runtimeCore from '@module-federation/runtime-tools/runtime-core';
import * as React from 'react';
import { describe, expect, it } from 'vitest';
import { createHostRuntime } from './host-runtime';

interface FederationGlobal {
  _FEDERATION_RUNTIME_CORE?: typeof runtimeCore;
  __FEDERATION__?: { __SHARE__: Record<string, { default?: Record<string, Record<string, { version: string; from: string }>> }> };
}

describe('createHostRuntime', () => {
  it('publishes its own runtime-core for externalRuntime remotes, and lends the shared modules from the shell', async () => {
    const g = globalThis as unknown as FederationGlobal;
    expect(g._FEDERATION_RUNTIME_CORE).toBeUndefined();

    createHostRuntime([]);

    // The very module instance the host runs on, so a remote using it joins the host's share scope.
    expect(g._FEDERATION_RUNTIME_CORE?.ModuleFederation).toBe(runtimeCore.ModuleFederation);
    const shared = Object.values(g.__FEDERATION__?.__SHARE__ ?? {}).flatMap((scopes) => Object.entries(scopes.default ?? {}));
    const react = shared.find(([name]) => name === 'react')?.[1];
    expect(react?.[React.version]?.from).toBe('shell');
    expect(shared.map(([name]) => name).sort()).toEqual(['@mango/shell-contract', 'react', 'react-dom', 'react/jsx-runtime', 'zustand']);
  });
});
