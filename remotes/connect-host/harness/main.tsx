import { StrictMode, useEffect, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { useStore } from 'zustand';
import { ROLES, type Role } from '@mango/connect-shared';
import { SHELL_CONTRACT_VERSION, ShellContractContext, type ShellContractValue } from '@mango/shell-contract';
import MessagesPage from '../src/features/messages/MessagesPage.js';
import ConnectIntegrationPage from '../src/features/settings/ConnectIntegrationPage.js';
import AIAssistantButton from '../src/features/assistant/AIAssistantButton.js';
import { createHarnessShell } from './fake-shell.js';
import { harnessSession } from './session.js';

const shell = createHarnessShell(import.meta.env.VITE_SANDBOX_URL as string);

function Harness() {
  const state = useStore(shell.store);
  const enabled = state.integration?.enabled ?? false;
  const navigate = useNavigate();
  useEffect(() => {
    if (enabled) void shell.refreshToken();
  }, [enabled, state.role]);

  const value = useMemo<ShellContractValue>(
    () => ({
      version: SHELL_CONTRACT_VERSION,
      session: harnessSession(state.role),
      connectToken: { token: state.token, isValid: state.token !== null, refresh: shell.refreshToken, error: state.tokenError },
      integration: state.integration,
      sync: state.sync,
      services: shell.services,
      deliveriesVersion: state.deliveriesVersion,
      notify: shell.notify,
      navigate: (to: string) => void navigate(to),
    }),
    [state, navigate],
  );

  return (
    <ShellContractContext.Provider value={value}>
      <header style={{ display: 'flex', gap: 16, alignItems: 'center', padding: '8px 16px', borderBottom: '1px solid #ddd' }}>
        <strong>connect-host harness</strong>
        <nav style={{ display: 'flex', gap: 12 }}>
          <Link to="/messages">Messages</Link>
          <Link to="/settings/connect">Connect settings</Link>
        </nav>
        <label>
          Role{' '}
          <select value={state.role} onChange={(e) => shell.store.setState({ role: e.target.value as Role, token: null })}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <span style={{ marginLeft: 'auto' }}>
          <AIAssistantButton />
        </span>
      </header>
      <main>
        <Routes>
          <Route path="/messages" element={<MessagesPage />} />
          <Route path="/settings/connect" element={<ConnectIntegrationPage />} />
          <Route path="*" element={<Navigate to="/settings/connect" replace />} />
        </Routes>
      </main>
      <div aria-live="polite" style={{ position: 'fixed', left: 16, bottom: 16, display: 'grid', gap: 8 }}>
        {state.toasts.map((t) => (
          <div key={t.id} role={t.kind === 'error' ? 'alert' : 'status'} style={{ padding: 8, background: t.kind === 'error' ? '#fee2e2' : '#e0f2fe' }}>
            {t.message}
          </div>
        ))}
      </div>
    </ShellContractContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Harness />
    </BrowserRouter>
  </StrictMode>,
);
