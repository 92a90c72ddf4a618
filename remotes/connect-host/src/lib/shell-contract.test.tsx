import { renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type * as Contract from '@mango/shell-contract';
import { makeContract } from '../test/fixtures.js';

// The federated build hands the host's contract module over as `default` only (see shell-contract.ts).
vi.mock('@mango/shell-contract', async (importOriginal) => {
  const real = await importOriginal<typeof Contract>();
  return { default: real, useShell: undefined };
});

describe('shell contract adapter', () => {
  it('reads the host-provided module when the federation wrapper exposes it only as default', async () => {
    const real = await vi.importActual<typeof Contract>('@mango/shell-contract');
    const { useConnectIntegration } = await import('./shell-contract.js');
    const value = makeContract();
    const wrapper = ({ children }: { children: ReactNode }) => (
      <real.ShellContractContext.Provider value={value}>{children}</real.ShellContractContext.Provider>
    );
    const { result } = renderHook(() => useConnectIntegration(), { wrapper });
    expect(result.current).toBe(value.integration);
  });
});
