import { fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LoginPage } from './LoginPage';
import { useSessionStore } from './session-store';

const session = {
  store: { storeId: 'store_demo_001', tenantId: 't', storeName: 'Mango Demo Salon' },
  member: { memberId: 'm', email: 'owner@demo.mango', name: 'Olivia Owner', role: 'owner', permissions: ['*'] },
};

function renderLogin() {
  render(
    <MemoryRouter initialEntries={['/login']}>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/clients" element={<h1>Clients home</h1>} />
      </Routes>
    </MemoryRouter>,
  );
}

function fill(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('LoginPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    useSessionStore.setState({ status: 'anonymous', session: null });
  });

  it("shows the edge API's message when the password is wrong", async () => {
    useSessionStore.setState({ status: 'anonymous', session: null });
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ error: { code: 'invalid_credentials', message: 'Invalid email or password.' } }, { status: 401 })));
    renderLogin();
    fill('owner@demo.mango', 'wrong');
    expect((await screen.findByRole('alert')).textContent).toBe('Invalid email or password.');
  });

  it('signs in and goes to the clients page', async () => {
    useSessionStore.setState({ status: 'anonymous', session: null });
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ session })));
    renderLogin();
    fill('owner@demo.mango', 'mango-demo-2026');
    expect(await screen.findByRole('heading', { name: 'Clients home' })).toBeTruthy();
    expect(useSessionStore.getState().session?.member.name).toBe('Olivia Owner');
  });

  it('asks for both fields before calling the server', async () => {
    useSessionStore.setState({ status: 'anonymous', session: null });
    const fetchSpy = vi.fn();
    vi.stubGlobal('fetch', fetchSpy);
    renderLogin();
    fill('', '');
    expect((await screen.findByRole('alert')).textContent).toMatch(/email and password/);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
