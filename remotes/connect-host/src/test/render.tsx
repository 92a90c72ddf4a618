import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { ShellContractContext, type ShellContractValue } from '@mango/shell-contract';
import { makeContract } from './fixtures.js';

/** Renders `ui` as the shell would: inside its router and the shell contract provider. */
export function renderWithShell(ui: ReactElement, overrides: Partial<ShellContractValue> = {}) {
  let value = makeContract(overrides);
  const wrap = (node: ReactElement) => (
    <MemoryRouter>
      <ShellContractContext.Provider value={value}>{node}</ShellContractContext.Provider>
    </MemoryRouter>
  );
  const result = render(wrap(ui));
  return {
    ...result,
    contract: () => value,
    /** Re-renders with a changed contract value, as the shell does when its state changes. */
    update(patch: Partial<ShellContractValue>) {
      value = { ...value, ...patch };
      result.rerender(wrap(ui));
    },
  };
}
