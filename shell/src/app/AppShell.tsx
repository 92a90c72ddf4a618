import type { Session } from '@mango/connect-shared';
import { CalendarDays, MessageSquare, Settings, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSessionStore } from '../features/auth/session-store';
import { useConnectStore } from './connect-store';
import { FederatedAIAssistantButton, preloadConnect } from './federation/remotes';
import { TopHeaderBar } from './TopHeaderBar';
import { ToastArea } from './toasts';

/** Idle-time preload: the remote is warm before anyone clicks Messages, without slowing sign-in. */
function whenIdle(fn: () => void): () => void {
  if ('requestIdleCallback' in window) {
    const id = window.requestIdleCallback(fn, { timeout: 5000 });
    return () => window.cancelIdleCallback(id);
  }
  const id = setTimeout(fn, 1500);
  return () => clearTimeout(id);
}

export function AppShell({ session }: { session: Session }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useSessionStore((s) => s.logout);
  const integration = useConnectStore((s) => s.integration);
  const connectOn = integration?.enabled === true;
  const showMessages = connectOn && integration.features.conversations;
  const showAI = connectOn && integration.features.aiAssistant;

  // Close the small-screen menu after navigating.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  useEffect(() => {
    if (!connectOn) return;
    return whenIdle(() => preloadConnect(...(showMessages ? ['MessagesPage'] : []), ...(showAI ? ['AIAssistantButton'] : [])));
  }, [connectOn, showMessages, showAI]);

  const signOut = async () => {
    await logout();
    navigate('/login', { replace: true });
  };

  const link = ({ isActive }: { isActive: boolean }) => `nav__link${isActive ? ' nav__link--active' : ''}`;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopHeaderBar session={session} menuOpen={menuOpen} onToggleMenu={() => setMenuOpen((o) => !o)} onSignOut={signOut} aiSlot={showAI ? <FederatedAIAssistantButton /> : null} />
      <div className="shell__body">
        <nav id="main-nav" className={`nav${menuOpen ? ' nav--open' : ''}`} aria-label="Main">
          <NavLink to="/clients" className={link}>
            <Users aria-hidden size={18} />
            <span>Clients</span>
          </NavLink>
          <NavLink to="/appointments" className={link}>
            <CalendarDays aria-hidden size={18} />
            <span>Appointments</span>
          </NavLink>
          {showMessages && (
            <NavLink to="/messages" className={link} onMouseEnter={() => preloadConnect('MessagesPage')} onFocus={() => preloadConnect('MessagesPage')}>
              <MessageSquare aria-hidden size={18} />
              <span>Messages</span>
            </NavLink>
          )}
          <NavLink to="/settings" className={link}>
            <Settings aria-hidden size={18} />
            <span>Settings</span>
          </NavLink>
        </nav>
        <main id="main" className="shell__main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <ToastArea />
    </div>
  );
}
