import { SessionSchema, type Session } from '@mango/connect-shared';
import * as v from 'valibot';
import { create } from 'zustand';
import { ApiRequestError, apiRequest } from '../../lib/http';

const SessionResponseSchema = v.object({ session: SessionSchema });

export type SessionStatus = 'loading' | 'authenticated' | 'anonymous';

export interface SessionState {
  status: SessionStatus;
  session: Session | null;
  /** Resolves the cookie session once at start-up (GET /api/auth/session). */
  load: () => Promise<void>;
  /** Throws ApiRequestError with the API's message ("Invalid email or password") on failure. */
  login: (email: string, password: string) => Promise<Session>;
  logout: () => Promise<void>;
}

export const useSessionStore = create<SessionState>((set) => ({
  status: 'loading',
  session: null,
  async load() {
    try {
      const { session } = await apiRequest('/api/auth/session', { schema: SessionResponseSchema });
      set({ status: 'authenticated', session });
    } catch (err) {
      // 401 is the ordinary "not signed in"; anything else also means we cannot show store data.
      if (!(err instanceof ApiRequestError)) console.error('[shell] session check failed', err);
      set({ status: 'anonymous', session: null });
    }
  },
  async login(email, password) {
    const { session } = await apiRequest('/api/auth/login', { method: 'POST', body: { email, password }, schema: SessionResponseSchema });
    set({ status: 'authenticated', session });
    return session;
  },
  async logout() {
    try {
      await apiRequest('/api/auth/logout', { method: 'POST', body: {} });
    } finally {
      // Signed out locally even if the server was unreachable: the cookie expires on its own.
      set({ status: 'anonymous', session: null });
    }
  },
}));
