import { fireEvent, render, screen } from '@testing-library/react';
import { ShellContractContext } from '@mango/shell-contract';
import { describe, expect, it, vi } from 'vitest';
import { makeContract } from '../test/fixtures.js';
import { ShellLink } from './ShellLink.js';

function renderLink(navigate: ((to: string) => void) | undefined) {
  const value = { ...makeContract(), navigate };
  render(
    <ShellContractContext.Provider value={value}>
      <ShellLink to="/settings/connect" className="ch-button">
        Set up Mango Connect
      </ShellLink>
    </ShellContractContext.Provider>,
  );
  return screen.getByRole('link', { name: 'Set up Mango Connect' });
}

describe('ShellLink', () => {
  it('is a real link to the shell route, navigated by the shell’s router on a plain click', () => {
    const navigate = vi.fn();
    const link = renderLink(navigate);
    expect(link.getAttribute('href')).toBe('/settings/connect');
    expect(link.className).toBe('ch-button');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    expect(navigate).toHaveBeenCalledWith('/settings/connect');
    expect(click.defaultPrevented).toBe(true);
  });

  it('leaves ctrl/cmd-clicks (new tab) to the browser', () => {
    const navigate = vi.fn();
    const link = renderLink(navigate);
    fireEvent.click(link, { ctrlKey: true });
    fireEvent.click(link, { metaKey: true });
    expect(navigate).not.toHaveBeenCalled();
  });

  it('falls back to the browser following the href when the shell predates contract 1.1 (no navigate)', () => {
    const link = renderLink(undefined);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(false);
  });
});
