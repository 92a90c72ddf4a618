import { CONNECT_ADMIN_ROLES, type Session } from '@mango/connect-shared';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { LoginPage } from '../features/auth/LoginPage';
import { useSessionStore } from '../features/auth/session-store';
import { AppointmentFormPage } from '../features/appointments/AppointmentFormPage';
import { AppointmentsPage } from '../features/appointments/AppointmentsPage';
import { ClientFormPage } from '../features/clients/ClientFormPage';
import { ClientsPage } from '../features/clients/ClientsPage';
import { runtimeDeps } from './wiring';
import { AppShell } from './AppShell';
import { useConnectStore } from '../features/connect/connect-store';
import { FederatedConnectSettingsPage, FederatedMessagesPage } from './federation/remotes';
import { SettingsPage } from './SettingsPage';
import { ShellContractProvider } from './ShellContractProvider';


function Notice({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="page page--narrow">
      <div className="card notice">
        <h1>{title}</h1>
        {children}
      </div>
    </section>
  );
}

/** Settings › Mango Connect is for owners and admins; the edge API enforces it too. */
function ConnectSettingsRoute({ session }: { session: Session }) {
  if (!CONNECT_ADMIN_ROLES.includes(session.member.role)) {
    return (
      <Notice title="Not allowed">
        <p>Only a store owner or admin can manage Mango Connect. Ask your store owner if you need it changed.</p>
        <Link to="/settings">Back to settings</Link>
      </Notice>
    );
  }
  return <FederatedConnectSettingsPage />;
}

function MessagesRoute() {
  const integration = useConnectStore((s) => s.integration);
  if (!integration?.enabled || !integration.features.conversations) {
    return (
      <Notice title="Messages is off">
        <p>Messages comes with Mango Connect. An owner or admin can turn it on in Settings › Mango Connect.</p>
        <Link to="/settings">Go to settings</Link>
      </Notice>
    );
  }
  return <FederatedMessagesPage />;
}

function Authenticated() {
  const status = useSessionStore((s) => s.status);
  const session = useSessionStore((s) => s.session);
  const location = useLocation();
  if (status === 'loading') {
    return (
      <div className="boot" role="status">
        <span className="spinner" aria-hidden /> Loading Mango Biz…
      </div>
    );
  }
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <ShellContractProvider session={session} deps={runtimeDeps}>
      <Routes>
        <Route element={<AppShell session={session} />}>
          <Route index element={<Navigate to="/clients" replace />} />
          <Route path="clients" element={<ClientsPage />} />
          <Route path="clients/new" element={<ClientFormPage key="new" />} />
          <Route path="clients/:id" element={<ClientFormPage />} />
          <Route path="appointments" element={<AppointmentsPage />} />
          <Route path="appointments/new" element={<AppointmentFormPage key="new" />} />
          <Route path="appointments/:id" element={<AppointmentFormPage />} />
          <Route path="messages/*" element={<MessagesRoute />} />
          <Route path="settings" element={<SettingsPage session={session} />} />
          <Route path="settings/connect/*" element={<ConnectSettingsRoute session={session} />} />
          <Route
            path="*"
            element={
              <Notice title="Page not found">
                <p>There is nothing at this address.</p>
                <Link to="/clients">Go to clients</Link>
              </Notice>
            }
          />
        </Route>
      </Routes>
    </ShellContractProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/*" element={<Authenticated />} />
    </Routes>
  );
}
