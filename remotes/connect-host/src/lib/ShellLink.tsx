import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { useShell } from './shell-contract.js';

interface Props extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** A shell route, e.g. `/settings/connect`. */
  to: string;
}

/** A plain click the browser should handle itself: new tab, new window, download. */
const isModifiedClick = (e: MouseEvent) => e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;

/**
 * A link to a shell route. Navigates through the shell's router (contract `navigate`), so the remote
 * needs no router of its own; a real `href` keeps open-in-new-tab and screen readers working. A shell
 * older than contract 1.1 has no `navigate`: the browser then follows the href (a full page load).
 */
export function ShellLink({ to, onClick, ...rest }: Props) {
  const { navigate } = useShell();
  return (
    <a
      {...rest}
      href={to}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || !navigate || isModifiedClick(e)) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}
