import type { Session } from '@mango/connect-shared';
import { Citrus, LogOut, Menu, X } from 'lucide-react';
import type { ReactNode } from 'react';

interface Props {
  session: Session;
  menuOpen: boolean;
  onToggleMenu: () => void;
  onSignOut: () => void;
  /** True while signing out (saving what is queued, then erasing): the button waits. */
  signingOut?: boolean;
  /** The save indicator ("Saving…", "Offline — 2 changes waiting"). */
  statusSlot?: ReactNode;
  /** Filled by the remote's AI button when Connect and its AI feature are on. */
  aiSlot?: ReactNode;
}

const ROLE_LABEL = { owner: 'Owner', admin: 'Admin', manager: 'Manager', staff: 'Staff' } as const;

export function TopHeaderBar({ session, menuOpen, onToggleMenu, onSignOut, signingOut = false, statusSlot, aiSlot }: Props) {
  return (
    <header className="topbar">
      <button type="button" className="icon-button topbar__menu" aria-expanded={menuOpen} aria-controls="main-nav" onClick={onToggleMenu} aria-label="Menu">
        {menuOpen ? <X aria-hidden size={20} /> : <Menu aria-hidden size={20} />}
      </button>
      <div className="topbar__store">
        <Citrus className="topbar__logo" aria-hidden size={20} />
        <span className="topbar__store-name">{session.store.storeName}</span>
      </div>
      <div className="topbar__actions">
        {statusSlot}
        {aiSlot}
        <div className="topbar__member">
          <span className="topbar__member-name">{session.member.name}</span>
          <span className="topbar__role">{ROLE_LABEL[session.member.role]}</span>
        </div>
        <button type="button" className="button button--quiet" onClick={onSignOut} disabled={signingOut}>
          <LogOut aria-hidden size={16} />
          <span>{signingOut ? 'Signing out…' : 'Sign out'}</span>
        </button>
      </div>
    </header>
  );
}
