import type { Session } from '@mango/connect-shared';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resetCacheStatus } from '../db/cache-status';
import { StoreDbContext } from '../db/context';
import { dbNameFor } from '../db/db';
import { createClient } from '../db/local-changes';
import { useSessionStore } from '../features/auth/session-store';
import { createBizApi } from '../lib/biz-api';
import { createFakeBizServer } from '../test/fake-biz-api';
import { AppShell } from './AppShell';
import { StoreRuntimeContext } from './runtime-context';
import { createStoreRuntime } from './store-runtime';

const storeId = () => `store_${crypto.randomUUID()}`;
const session = (id: string): Session => ({
  store: { storeId: id, tenantId: 't', storeName: 'Shared Tablet Salon' },
  member: { memberId: 'm1', email: 'staff@test.example', name: 'Sam Staff', role: 'staff', permissions: [] },
});

/** The shell around a page, on a device whose server cannot be reached. */
async function renderOffline(pendingChanges: number) {
  const id = storeId();
  const server = createFakeBizServer();
  server.failNext('/api/', 'network', 1000);
  vi.stubGlobal('fetch', server.fetch);
  const runtime = createStoreRuntime(session(id), { notify: vi.fn(), onSessionLost: vi.fn(), api: createBizApi(server.fetch), createEventSource: null });
  for (let i = 0; i < pendingChanges; i++) await createClient({ db: runtime.db }, { name: `Client ${i}`, email: '', phone: '', notes: '' });
  runtime.start();
  useSessionStore.setState({ status: 'authenticated', session: session(id) });
  render(
    <MemoryRouter initialEntries={['/clients']}>
      <StoreRuntimeContext.Provider value={runtime}>
        <StoreDbContext.Provider value={{ db: runtime.db, storeId: id }}>
          <Routes>
            <Route element={<AppShell session={session(id)} />}>
              <Route path="clients" element={<h1>Clients</h1>} />
            </Route>
            <Route path="login" element={<h1>Sign in to Mango Biz</h1>} />
          </Routes>
        </StoreDbContext.Provider>
      </StoreRuntimeContext.Provider>
    </MemoryRouter>,
  );
  return { id, runtime };
}

afterEach(() => {
  vi.unstubAllGlobals();
  resetCacheStatus();
  useSessionStore.setState({ status: 'anonymous', session: null });
});

describe('signing out with changes that could not be saved', () => {
  it('asks before discarding them, says how many, and keeps them when the person stays', async () => {
    const { runtime } = await renderOffline(2);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Discard 2 changes?' }, { timeout: 6000 });
    expect(dialog.textContent).toMatch(/2 changes made on this device could not reach the server yet/);
    fireEvent.click(screen.getByRole('button', { name: 'Stay signed in' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(await runtime.db.count('pending')).toBe(2);
    expect(screen.getByRole('heading', { name: 'Clients' })).toBeTruthy();
    runtime.stop();
  });

  it('discards them and erases the device when the person confirms', async () => {
    const { id } = await renderOffline(1);
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out and discard' }, { timeout: 6000 }));
    expect(await screen.findByRole('heading', { name: 'Sign in to Mango Biz' }, { timeout: 6000 })).toBeTruthy();
    await waitFor(async () => expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(dbNameFor(id)));
  });
});
