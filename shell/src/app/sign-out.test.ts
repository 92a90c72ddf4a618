import type { Session } from '@mango/connect-shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbNameFor } from '../db/db';
import { createClient } from '../db/local-changes';
import { useSessionStore } from '../features/auth/session-store';
import { applyConnectState, resetConnectStore, useConnectStore } from '../features/connect/connect-store';
import { createBizApi } from '../lib/biz-api';
import { apiRequest } from '../lib/http';
import { createFakeBizServer, type FakeBizServer } from '../test/fake-biz-api';
import { onSignedOutElsewhere, signOutAndErase } from './sign-out';
import { createStoreRuntime } from './store-runtime';
import { useToasts } from './toasts';

const session = (storeId: string): Session => ({
  store: { storeId, tenantId: 't', storeName: 'Shared Tablet Salon' },
  member: { memberId: 'm1', email: 'staff@test.example', name: 'Sam Staff', role: 'staff', permissions: [] },
});

function signedIn(server: FakeBizServer) {
  const storeId = `store_${crypto.randomUUID()}`;
  const runtime = createStoreRuntime(session(storeId), { notify: vi.fn(), onSessionLost: vi.fn(), api: createBizApi(server.fetch), createEventSource: null });
  runtime.start();
  useSessionStore.setState({ status: 'authenticated', session: session(storeId) });
  return { runtime, storeId };
}

const databases = async () => (await indexedDB.databases()).map((d) => d.name);
const stopListening: (() => void)[] = [];

afterEach(() => {
  for (const stop of stopListening.splice(0)) stop();
  resetConnectStore();
  useSessionStore.setState({ status: 'anonymous', session: null });
});

describe('signing out', () => {
  it('deletes the store’s database, forgets the member in memory, revokes the session and tells the other tabs', async () => {
    const server = createFakeBizServer();
    const { runtime, storeId } = signedIn(server);
    await createClient({ db: runtime.db }, { name: 'Ada', email: 'ada@example.com', phone: '', notes: '' });
    await vi.waitFor(async () => expect(await runtime.db.count('pending')).toBe(0));
    applyConnectState({ integration: null, sync: null, counts: { clients: 1, appointments: 0 } });
    useToasts.getState().push('Saved client Ada');
    const otherTab = vi.fn();
    const channel = new BroadcastChannel('mango-auth');
    channel.onmessage = (e) => otherTab(e.data);
    stopListening.push(() => channel.close());
    expect(await databases()).toContain(dbNameFor(storeId));

    await signOutAndErase(runtime, () => apiRequest('/api/auth/logout', { method: 'POST', body: {}, fetch: server.fetch }));

    expect(await databases()).not.toContain(dbNameFor(storeId));
    expect(useConnectStore.getState().state).toBeNull();
    expect(useToasts.getState().toasts).toEqual([]);
    expect(useSessionStore.getState()).toMatchObject({ status: 'anonymous', session: null });
    expect(server.requests).toContain('POST /api/auth/logout');
    await vi.waitFor(() => expect(otherTab).toHaveBeenCalledWith(expect.objectContaining({ type: 'signed-out' })));
  });

  it('follows a sign-out in another tab, not its own', async () => {
    const followed = vi.fn();
    stopListening.push(onSignedOutElsewhere(followed));
    const otherTab = new BroadcastChannel('mango-auth');
    otherTab.postMessage({ type: 'signed-out', from: 'another-tab' });
    otherTab.close();
    await vi.waitFor(() => expect(followed).toHaveBeenCalledOnce());
    const server = createFakeBizServer();
    const { runtime } = signedIn(server);
    await signOutAndErase(runtime, async () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect(followed).toHaveBeenCalledOnce();
  });

  it('erases the device even when the server cannot be told (offline)', async () => {
    const server = createFakeBizServer();
    const { runtime, storeId } = signedIn(server);
    await runtime.db.count('clients');
    await signOutAndErase(runtime, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await databases()).not.toContain(dbNameFor(storeId));
    expect(useSessionStore.getState().status).toBe('anonymous');
  });
});
