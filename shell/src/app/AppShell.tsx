import type { Session } from '@mango/connect-shared';
import { CalendarDays, MessageSquare, Settings, Users } from 'lucide-react';
import { useEffect, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useConnectStore } from '../features/connect/connect-store';
import { FederatedAIAssistantButton, preloadConnect } from './federation/remotes';
import { useStoreRuntime } from './runtime-context';
import { SaveStatus } from './SaveStatus';
import { signOutAndErase } from './sign-out';
import { TopHeaderBar } from './TopHeaderBar';
import { ToastArea } from './toasts';

/** How long sign-out tries to save changes still queued before asking whether to discard them. */
const SIGN_OUT_FLUSH_MS = 4000;

type SignOutPhase = { phase: 'saving' } | { phase: 'confirm'; waiting: number } | { phase: 'leaving' } | null;

const changes = (n: number) => (n === 1 ? '1 change' : `${n} changes`);

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
  const runtime = useStoreRuntime();
  const [signOut, setSignOut] = useState<SignOutPhase>(null);
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

  const leave = async () => {
    setSignOut({ phase: 'leaving' });
    await signOutAndErase(runtime);
    navigate('/login', { replace: true });
  };

  // Nothing of the member stays on the device: what is queued goes to the server first, and
  // what cannot (offline) is only discarded once the person says so.
  const startSignOut = async () => {
    setSignOut({ phase: 'saving' });
    const waiting = await runtime.flush(SIGN_OUT_FLUSH_MS);
    if (waiting > 0) setSignOut({ phase: 'confirm', waiting });
    else await leave();
  };

  const link = ({ isActive }: { isActive: boolean }) => `nav__link${isActive ? ' nav__link--active' : ''}`;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopHeaderBar
        session={session}
        menuOpen={menuOpen}
        onToggleMenu={() => setMenuOpen((o) => !o)}
        onSignOut={() => void startSignOut()}
        signingOut={signOut !== null}
        statusSlot={<SaveStatus />}
        aiSlot={showAI ? <FederatedAIAssistantButton /> : null}
      />
      {signOut?.phase === 'confirm' && (
        <div className="card confirm sign-out-confirm" role="alertdialog" aria-labelledby="sign-out-title" aria-describedby="sign-out-text">
          <h2 id="sign-out-title">Discard {changes(signOut.waiting)}?</h2>
          <p id="sign-out-text">
            {changes(signOut.waiting)} made on this device could not reach the server yet. Signing out removes this store's data from this device, and
            {signOut.waiting === 1 ? ' that change' : ' those changes'} with it. Stay signed in to save {signOut.waiting === 1 ? 'it' : 'them'} once the connection is back.
          </p>
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setSignOut(null)} autoFocus>
              Stay signed in
            </button>
            <button type="button" className="button button--danger" onClick={() => void leave()}>
              Sign out and discard
            </button>
          </div>
        </div>
      )}
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
