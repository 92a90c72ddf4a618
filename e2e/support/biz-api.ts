// The Biz API as specs call it over real HTTP, with a member's session cookie: sign-in, the change
// feed, mutations and the store's Connect state. The wire shapes are the shared schemas' types.
import { expect, type Page } from '@playwright/test';
import {
  DEFAULT_CONNECT_FEATURES,
  type ChangesResponse,
  type ConnectState,
  type DeliveriesResponse,
  type Mutation,
  type PushResponse,
  type PushResult,
} from '../../shared/src/types/index';
import { sandbox } from './sandbox';
import { DEMO_PASSWORD, SHELL_URL, STORES } from './env';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** The JSON headers a same-site caller sends (the API refuses cross-site and non-JSON bodies). */
const jsonHeaders = (base: string, cookie: string) => ({ 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) });

/** One call to the Biz API at `base`; answers the status and the parsed body (text when not JSON). */
export async function call<T = unknown>(cookie: string, method: string, path: string, body?: unknown, base = SHELL_URL): Promise<Answer<T>> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: jsonHeaders(base, cookie),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text is the body
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Signs `email` in at `base` and answers the session cookie (`name=value`). */
export async function signIn(email: string, base = SHELL_URL, password = DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: jsonHeaders(base, ''), body: JSON.stringify({ email, password }) });
  if (res.status !== 200) throw new Error(`Sign-in of ${email} at ${base} answered ${res.status}: ${await res.text()}`);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

// Sessions of the main stack, one per member, kept for the worker's life (a session lasts 12 hours).
const sessions = new Map<string, string>();
/** A live session cookie of `email` on the main stack, signing in only the first time. */
export async function sessionOf(email: string): Promise<string> {
  const known = sessions.get(email);
  if (known && (await call(known, 'GET', '/api/auth/session')).status === 200) return known;
  const cookie = await signIn(email);
  sessions.set(email, cookie);
  return cookie;
}

/** Every row of the store as the server holds it now: the change feed from 0, page after page. */
export async function serverRows(cookie: string, base = SHELL_URL): Promise<Pick<ChangesResponse, 'cursor' | 'clients' | 'appointments'>> {
  const all: Pick<ChangesResponse, 'cursor' | 'clients' | 'appointments'> = { cursor: 0, clients: [], appointments: [] };
  for (let more = true; more; ) {
    const res = await call<ChangesResponse>(cookie, 'GET', `/api/changes?since=${all.cursor}`, undefined, base);
    expect(res.status, res.text.slice(0, 200)).toBe(200);
    all.clients.push(...res.body.clients);
    all.appointments.push(...res.body.appointments);
    all.cursor = res.body.cursor;
    more = res.body.more;
  }
  return all;
}

/** The store's change sequence now: the cursor of the change feed, read from a known cursor. */
export async function serverCursor(cookie: string, from: number): Promise<number> {
  let cursor = from;
  for (let more = true; more; ) {
    const res = await call<ChangesResponse>(cookie, 'GET', `/api/changes?since=${cursor}`);
    expect(res.status, res.text.slice(0, 200)).toBe(200);
    cursor = res.body.cursor;
    more = res.body.more;
  }
  return cursor;
}

/** Pushes mutations as the member of `cookie`; answers the per-mutation results. */
export async function push(cookie: string, mutations: Mutation[], base = SHELL_URL): Promise<PushResult[]> {
  const res = await call<PushResponse>(cookie, 'POST', '/api/mutations', { mutations }, base);
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  return res.body.results;
}

/** A fresh id of the shape the browser makes (letters, digits, `_`, `-`). */
export const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replaceAll('-', '')}`;

export const connectState = async (cookie: string) => {
  const res = await call<ConnectState>(cookie, 'GET', '/api/connect/state');
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  return res.body;
};

/** Waits until the store has no sync run running (the run Connect was enabled with, or Sync Now). */
export async function syncIdle(cookie: string, timeout = 60_000): Promise<ConnectState> {
  let state: ConnectState | undefined;
  await expect
    .poll(async () => (state = await connectState(cookie)).sync?.status ?? 'none', { timeout, message: 'the sync run to end' })
    .not.toBe('running');
  return state!;
}

/** The owner turns Connect on through the API (provision + initial sync) and waits for the sync. */
export async function enableConnectByApi(ownerCookie: string): Promise<ConnectState> {
  const res = await call<{ state: ConnectState }>(ownerCookie, 'POST', '/api/connect/enable', {});
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  const state = await syncIdle(ownerCookie);
  expect(state.sync?.status, state.sync?.error ?? '').toBe('done');
  return state;
}

/** The session cookie (`name=value`) of the member signed in on `page`. */
export async function cookieOf(page: Page): Promise<string> {
  const session = (await page.context().cookies()).find((c) => c.name === 'mango_session');
  expect(session, 'a session cookie on the page').toBeDefined();
  return `${session!.name}=${session!.value}`;
}

/**
 * The owner or admin signed in on `page` turns Connect on through the API (what the settings
 * switch calls) and waits for the initial sync; the page learns of it through the change feed, as
 * any other device would. For tests whose subject is not the switch itself (enableConnect is).
 */
export async function connectOn(page: Page): Promise<ConnectState> {
  return enableConnectByApi(await cookieOf(page));
}

export const deliveries = async (cookie: string, query = '') => {
  const res = await call<DeliveriesResponse>(cookie, 'GET', `/api/connect/deliveries${query}`);
  expect(res.status, res.text.slice(0, 200)).toBe(200);
  return res.body.deliveries;
};

/**
 * Puts both demo stores back to a known Connect state, as their owners would: Connect off (its
 * subscription retired, undelivered events dead-lettered), the default features, no sync running;
 * then the sandbox forgets every tenant, webhook and fault. The server's database lives for the
 * whole run, so a spec that needs Connect turns it on itself.
 */
export async function resetConnect(): Promise<void> {
  await sandbox.clearFaults();
  await sandbox.sdkMode('ok');
  for (const store of Object.values(STORES)) {
    const owner = await sessionOf(store.owner);
    if ((await connectState(owner)).integration?.enabled) {
      const off = await call(owner, 'POST', '/api/connect/disable', {});
      expect(off.status, off.text.slice(0, 200)).toBe(200);
    }
    const current = (await connectState(owner)).integration?.features;
    if (current && JSON.stringify(current) !== JSON.stringify({ ...current, ...DEFAULT_CONNECT_FEATURES })) {
      const features = await call(owner, 'PATCH', '/api/connect/config', { features: DEFAULT_CONNECT_FEATURES });
      expect(features.status, features.text.slice(0, 200)).toBe(200);
    }
    await syncIdle(owner);
  }
  await sandbox.reset();
}
