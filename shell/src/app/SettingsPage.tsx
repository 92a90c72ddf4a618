import { CONNECT_ADMIN_ROLES, type Session } from '@mango/connect-shared';
import { ChevronRight, MessagesSquare } from 'lucide-react';
import { Link } from 'react-router-dom';
import { useConnectStore } from '../features/connect/connect-store';
import { preloadConnect } from './federation/remotes';

export function SettingsPage({ session }: { session: Session }) {
  const integration = useConnectStore((s) => s.integration);
  const canManage = CONNECT_ADMIN_ROLES.includes(session.member.role);
  return (
    <section className="page page--narrow">
      <header className="page__header">
        <h1>Settings</h1>
      </header>
      <h2 className="section-title">Integrations</h2>
      <ul className="list card" aria-label="Integrations">
        <li className="list__row">
          <MessagesSquare aria-hidden size={20} />
          <Link to="/settings/connect" className="list__main" onMouseEnter={() => preloadConnect('ConnectIntegrationPage')} onFocus={() => preloadConnect('ConnectIntegrationPage')}>
            Mango Connect
          </Link>
          <span className={`badge ${integration?.enabled ? 'badge--confirmed' : ''}`}>{integration?.enabled ? 'On' : 'Off'}</span>
          <ChevronRight aria-hidden size={16} />
        </li>
      </ul>
      <p className="muted">
        Messaging, an AI assistant and campaigns for your clients.
        {!canManage && ' Only an owner or admin can change integrations.'}
      </p>
    </section>
  );
}
