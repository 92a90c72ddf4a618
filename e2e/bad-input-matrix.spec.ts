// Issue #6 item 2, the bad-input matrix: one table per layer. Every HTTP row sends one bad input over
// real HTTP to the edge API or the Connect sandbox and asserts the status, the error code and a
// message a caller can act on, then that Connect's data did not change (nothing lost, nothing
// half-applied). Every UI row breaks one thing the browser depends on, or types hostile input, and
// asserts what the user sees and that their data is intact.
import { request as httpRequest } from 'node:http';
import { test, expect, type Page } from '@playwright/test';
import { DEMO_SECRETS } from '../scripts/lib/demo-env.mjs';
import { enableConnect, login, navigate } from './support/shell';
import { sandbox, waitForWebhooks, type Fault } from './support/sandbox';
import { DEMO_PASSWORD, DEMO_STORE_ID, LOGINS, REMOTE_URL, SANDBOX_URL, SHELL_URL, type DemoRole } from './support/env';
import { forgeJwt, jwtClaims, signedHeaders } from './support/forge';

const SECRETS = DEMO_SECRETS as Record<'MANGO_CONNECT_JWT_SECRET' | 'MANGO_CONNECT_WEBHOOK_SECRET' | 'BIZ_SESSION_SECRET', string>;
const WRONG_SECRET = 'an-attackers-guess-at-the-secret-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// HTTP rows

interface Ctx {
  cookies: Record<DemoRole, string>;
  /** A real Connect token minted by the edge API for the owner. */
  token: string;
  webhookUrl: string;
}
interface Req {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /**
   * Send only the first part of `body` and wait for the answer: a server that refuses a body too
   * large answers and closes early, and a client still writing megabytes then races that close
   * (EPIPE, the answer lost with the socket). What is tested is the answer, not the upload.
   */
  partial?: boolean;
}
interface HttpRow {
  group: string;
  input: string;
  /** Faults the sandbox applies while the row runs (cleared after). */
  faults?: Fault[];
  request: (ctx: Ctx) => Req;
  expect: { status: number; code?: string; message: RegExp };
  /**
   * The no-data-lost check, from Connect's state before and after. Default: nothing changed at all.
   * A row whose input is accepted says what it may change instead.
   */
  intact?: (before: ConnectState, after: ConnectState) => void;
  timeoutMs?: number;
}

const api = (path: string, cookie: string, body: unknown, method = 'POST'): Req => ({
  url: `${SHELL_URL}${path}`,
  method,
  headers: { 'content-type': 'application/json', origin: SHELL_URL, ...(cookie ? { cookie } : {}) },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const sandboxAuth = (token: string | null): Req => ({
  url: `${SANDBOX_URL}/auth-mango-biz`,
  headers: token === null ? {} : { authorization: `Bearer ${token}` },
});
const signedToSandbox = (path: string, body: string, secret = SECRETS.MANGO_CONNECT_WEBHOOK_SECRET, timestamp?: number): Req => ({
  url: `${SANDBOX_URL}${path}`,
  headers: signedHeaders(body, secret, timestamp === undefined ? {} : { timestamp }),
  body,
});
const retoken = (ctx: Ctx, patch: Record<string, unknown>, secret = SECRETS.MANGO_CONNECT_JWT_SECRET) => forgeJwt({ ...jwtClaims(ctx.token), ...patch }, secret);
const resession = (ctx: Ctx, patch: Record<string, unknown>, secret = SECRETS.BIZ_SESSION_SECRET) => {
  const [name, value] = ctx.cookies.owner.split('=');
  return `${name}=${forgeJwt({ ...jwtClaims(value!), ...patch }, secret)}`;
};
const now = () => Math.floor(Date.now() / 1000);

function clientEvent(overrides: { storeId?: string; event?: string; notes?: string } = {}) {
  const at = new Date().toISOString();
  const id = `client_matrix_${Math.random().toString(36).slice(2)}`;
  return {
    id: `evt_${crypto.randomUUID()}`,
    entityType: 'client',
    entityId: id,
    seq: 1,
    payload: {
      event: overrides.event ?? 'client.created',
      storeId: overrides.storeId ?? DEMO_STORE_ID,
      timestamp: at,
      data: { id, name: 'Matrix Mia', email: 'mia@example.com', phone: '', notes: overrides.notes ?? '', createdAt: at, updatedAt: at },
    },
  };
}
const webhookBody = (event = 'client.created', storeId = DEMO_STORE_ID) => JSON.stringify(clientEvent({ event, storeId }).payload);
const clients = (n: number) => Array.from({ length: n }, (_, i) => clientEvent({ notes: String(i) }).payload.data);

const UNAUTHENTICATED = { status: 401, code: 'unauthenticated', message: /Sign in to Mango Biz/ };

const HTTP_ROWS: HttpRow[] = [
  // Staff session (the cookie the edge API issues)
  { group: 'session', input: 'no session cookie', request: () => api('/api/connect/token', '', {}), expect: UNAUTHENTICATED },
  { group: 'session', input: 'garbled session cookie', request: () => api('/api/connect/token', 'mango_session=not.a.jwt', {}), expect: UNAUTHENTICATED },
  { group: 'session', input: 'expired session', request: (c) => api('/api/connect/token', resession(c, { iat: now() - 7200, exp: now() - 3600 }), {}), expect: UNAUTHENTICATED },
  { group: 'session', input: 'session signed with another secret', request: (c) => api('/api/connect/token', resession(c, {}, WRONG_SECRET), {}), expect: UNAUTHENTICATED },
  // Connect JWTs, as the sandbox (an independent verifier) judges them
  { group: 'jwt', input: 'no token', request: () => sandboxAuth(null), expect: { status: 401, code: 'token_missing', message: /Authorization: Bearer/ } },
  { group: 'jwt', input: 'wrong signature', request: (c) => sandboxAuth(retoken(c, {}, WRONG_SECRET)), expect: { status: 401, code: 'token_invalid', message: /signature does not match/ } },
  { group: 'jwt', input: 'alg: none', request: (c) => sandboxAuth(forgeJwt(jwtClaims(c.token), '', 'none')), expect: { status: 401, code: 'token_invalid', message: /algorithm|HS256/i } },
  { group: 'jwt', input: 'expired', request: (c) => sandboxAuth(retoken(c, { iat: now() - 7200, exp: now() - 3600 })), expect: { status: 401, code: 'token_expired', message: /expired/ } },
  { group: 'jwt', input: 'iat in the future', request: (c) => sandboxAuth(retoken(c, { iat: now() + 3600, exp: now() + 7200 })), expect: { status: 401, code: 'token_claims', message: /"iat" is in the future/ } },
  { group: 'jwt', input: 'wrong audience', request: (c) => sandboxAuth(retoken(c, { aud: 'someone-else' })), expect: { status: 401, code: 'token_claims', message: /aud/ } },
  // Webhooks arriving at Connect
  { group: 'webhook→Connect', input: 'bad signature', request: () => signedToSandbox('/webhook-mango-biz', webhookBody(), WRONG_SECRET), expect: { status: 401, code: 'signature_invalid', message: /signature/i } },
  { group: 'webhook→Connect', input: 'stale timestamp (10 min old, correctly signed)', request: () => signedToSandbox('/webhook-mango-biz', webhookBody(), undefined, now() - 600), expect: { status: 401, code: 'timestamp_stale', message: /5 min|stale|old/i } },
  { group: 'webhook→Connect', input: 'oversize body (3 MB)', request: () => ({ ...signedToSandbox('/webhook-mango-biz', JSON.stringify({ pad: 'x'.repeat(3 * 1024 * 1024) })), partial: true }), expect: { status: 413, code: 'body_too_large', message: /exceeds/ } },
  { group: 'webhook→Connect', input: 'unknown event', request: () => signedToSandbox('/webhook-mango-biz', webhookBody('client.exploded')), expect: { status: 400, code: 'unknown_event', message: /client\.exploded/ } },
  { group: 'webhook→Connect', input: 'store Connect does not know', request: () => signedToSandbox('/webhook-mango-biz', webhookBody('client.created', 'store_nobody_999')), expect: { status: 404, code: 'tenant_unknown', message: /store_nobody_999|provision/i } },
  // Webhooks handed to the edge API by the browser's relay
  { group: 'webhook→edge', input: 'unknown event', request: (c) => api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: c.webhookUrl, event: clientEvent({ event: 'client.exploded' }) }), expect: { status: 400, code: 'invalid_request', message: /^event\.payload/ } },
  { group: 'webhook→edge', input: 'event of another store', request: (c) => api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: c.webhookUrl, event: clientEvent({ storeId: 'store_other_999' }) }), expect: { status: 403, code: 'wrong_store', message: /store_other_999/ } },
  { group: 'webhook→edge', input: 'oversize body (1.5 MB of notes)', request: (c) => ({ ...api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: c.webhookUrl, event: clientEvent({ notes: 'x'.repeat(1.5 * 1024 * 1024) }) }), partial: true }), expect: { status: 413, code: 'body_too_large', message: /MB|large|limit/i } },
  // The relay's batch route: a bad envelope fails whole; a bad event is refused alone
  { group: 'webhook→edge batch', input: 'untrusted URL', request: (c) => api('/api/connect/webhooks/batch', c.cookies.staff, { webhookUrl: 'https://collector.attacker.example/hook', events: [clientEvent()] }), expect: { status: 400, code: 'untrusted_webhook_url', message: /trusted Mango Connect origin/ } },
  { group: 'webhook→edge batch', input: '51 events', request: (c) => api('/api/connect/webhooks/batch', c.cookies.staff, { webhookUrl: c.webhookUrl, events: Array.from({ length: 51 }, () => clientEvent()) }), expect: { status: 400, code: 'invalid_request', message: /^events/ } },
  { group: 'webhook→edge batch', input: 'one event of another store', request: (c) => api('/api/connect/webhooks/batch', c.cookies.staff, { webhookUrl: c.webhookUrl, events: [clientEvent({ storeId: 'store_other_999' })] }), expect: { status: 200, message: /"type":"refused","status":403,"code":"wrong_store","message":"This event belongs to store store_other_999/ } },
  // Where the edge API may send a signed webhook: never an open relay
  { group: 'webhook URL', input: 'https URL on an untrusted origin', request: (c) => api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: 'https://collector.attacker.example/hook', event: clientEvent() }), expect: { status: 400, code: 'untrusted_webhook_url', message: /trusted Mango Connect origin/ } },
  { group: 'webhook URL', input: 'plain-http URL off localhost', request: (c) => api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: 'http://connect.example/webhook-mango-biz', event: clientEvent() }), expect: { status: 400, code: 'untrusted_webhook_url', message: /trusted Mango Connect origin/ } },
  {
    group: 'webhook URL',
    input: 'http://localhost Connect URL in dev mode (allowed)',
    request: (c) => api('/api/connect/webhooks', c.cookies.staff, { webhookUrl: c.webhookUrl, event: clientEvent() }),
    expect: { status: 200, message: /"ok":true/ },
    intact: (before, after) => expect(after.webhooks).toBe(before.webhooks + 1),
  },
  // Provisioning: what the owner gets when Connect answers badly
  { group: 'provisioning', input: 'Connect answers 400', faults: [{ route: 'provision', status: 400 }], request: (c) => api('/api/connect/provision', c.cookies.owner, {}), expect: { status: 502, code: 'connect_rejected', message: /answered 400/ } },
  { group: 'provisioning', input: 'Connect answers 503', faults: [{ route: 'provision', status: 503 }], request: (c) => api('/api/connect/provision', c.cookies.owner, {}), expect: { status: 502, code: 'connect_unavailable', message: /answered 503/ } },
  { group: 'provisioning', input: 'Connect answers invalid JSON', faults: [{ route: 'provision', body: '{"connectTenantId": oops', count: 1 }], request: (c) => api('/api/connect/provision', c.cookies.owner, {}), expect: { status: 502, code: 'connect_rejected', message: /not JSON/ } },
  {
    group: 'provisioning',
    input: 'Connect answers a webhookUrl on an untrusted origin',
    faults: [{ route: 'provision', body: JSON.stringify({ connectTenantId: 'ct', connectTenantSlug: 'ct', webhookUrl: 'https://collector.attacker.example/hook', apiUrl: SANDBOX_URL }), count: 1 }],
    request: (c) => api('/api/connect/provision', c.cookies.owner, {}),
    expect: { status: 502, code: 'untrusted_connect_response', message: /outside the trusted origins/ },
  },
  // Bulk sync
  { group: 'sync', input: 'batch of 101 items', request: (c) => api('/api/connect/sync/batches', c.cookies.owner, { batches: [{ storeId: DEMO_STORE_ID, batchId: 'b_matrix_101', entity: 'clients', items: clients(101) }] }), expect: { status: 400, code: 'invalid_request', message: /^batches\.0\.items/ } },
  { group: 'sync', input: 'six batches in one request', request: (c) => api('/api/connect/sync/batches', c.cookies.owner, { batches: Array.from({ length: 6 }, (_, i) => ({ storeId: DEMO_STORE_ID, batchId: `b_matrix_six_${i}`, entity: 'clients', items: clients(1) })) }), expect: { status: 400, code: 'invalid_request', message: /^batches:/ } },
  { group: 'sync', input: 'a batch for another store in a group', request: (c) => api('/api/connect/sync/batches', c.cookies.owner, { batches: [{ storeId: DEMO_STORE_ID, batchId: 'b_matrix_mine', entity: 'clients', items: clients(1) }, { storeId: 'store_other_999', batchId: 'b_matrix_other', entity: 'clients', items: clients(1) }] }), expect: { status: 403, code: 'wrong_store', message: /store_other_999/ } },
  // Roles, enforced by the edge API whatever the UI shows
  { group: 'roles', input: 'manager starts a sync', request: (c) => api('/api/connect/sync/batches', c.cookies.manager, { batches: [{ storeId: DEMO_STORE_ID, batchId: 'b_matrix_mgr', entity: 'clients', items: clients(1) }] }), expect: { status: 403, code: 'forbidden_role', message: /owner or admin/ } },
  { group: 'roles', input: 'staff provisions Connect', request: (c) => api('/api/connect/provision', c.cookies.staff, {}), expect: { status: 403, code: 'forbidden_role', message: /owner or admin/ } },
  // Last: the sandbox still handles this request after its delay, when the edge API has given up.
  { group: 'provisioning', input: 'Connect answers after the 15 s timeout', faults: [{ route: 'provision', latencyMs: 16_000, count: 1 }], request: (c) => api('/api/connect/provision', c.cookies.owner, {}), expect: { status: 502, code: 'connect_unavailable', message: /did not answer .* within/ }, timeoutMs: 40_000 },
];

/**
 * One request on its own socket: a server that refuses an oversize body answers and closes early,
 * which would otherwise poison the shared keep-alive pool for the next request.
 */
function send(req: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers = { ...(req.headers ?? {}), ...(req.partial && body ? { 'content-length': String(body.length) } : {}) };
    const out = httpRequest(req.url, { method: req.method ?? 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        if (req.partial) out.destroy();
      });
    });
    // The server may close while the body is still going out; its answer has already arrived then.
    out.on('error', (err) => setTimeout(() => reject(err), 500));
    if (req.partial && body) out.write(body.subarray(0, 64 * 1024));
    else out.end(body);
  });
}

interface ConnectState {
  tenants: string;
  webhooks: number;
  syncBatches: number;
}
async function connectState(): Promise<ConnectState> {
  return {
    tenants: JSON.stringify(await sandbox.tenants()),
    webhooks: (await sandbox.webhooks()).filter((w) => !w.duplicate && w.status === 200).length,
    syncBatches: (await sandbox.syncBatches()).length,
  };
}

async function loginCookie(role: DemoRole): Promise<string> {
  const res = await fetch(`${SHELL_URL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHELL_URL },
    body: JSON.stringify({ email: LOGINS[role], password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

test.describe('bad-input matrix: HTTP', () => {
  let ctx: Ctx;
  test.beforeAll(async () => {
    await sandbox.clearFaults();
    await sandbox.reset();
    const cookies = Object.fromEntries(await Promise.all((Object.keys(LOGINS) as DemoRole[]).map(async (r) => [r, await loginCookie(r)]))) as Record<DemoRole, string>;
    const provisioned = await fetch(`${SHELL_URL}/api/connect/provision`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHELL_URL, cookie: cookies.owner }, body: '{}' });
    expect(provisioned.status).toBe(200);
    const { webhookUrl } = (await provisioned.json()) as { webhookUrl: string };
    const minted = await fetch(`${SHELL_URL}/api/connect/token`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHELL_URL, cookie: cookies.owner }, body: '{}' });
    const { token } = (await minted.json()) as { token: string };
    ctx = { cookies, token, webhookUrl };
  });
  test.afterEach(() => sandbox.clearFaults());

  for (const row of HTTP_ROWS) {
    test(`${row.group}: ${row.input} → ${row.expect.status}${row.expect.code ? ` ${row.expect.code}` : ''}`, async () => {
      if (row.timeoutMs) test.setTimeout(row.timeoutMs);
      for (const f of row.faults ?? []) await sandbox.fault(f);
      const before = await connectState();
      const res = await send(row.request(ctx));
      const text = res.text;
      expect(res.status, text.slice(0, 300)).toBe(row.expect.status);
      if (row.expect.code) {
        const { error } = JSON.parse(text) as { error: { code: string; message: string } };
        expect(error.code).toBe(row.expect.code);
        expect(error.message).toMatch(row.expect.message);
      } else {
        expect(text).toMatch(row.expect.message);
      }
      await sandbox.clearFaults();
      const after = await connectState();
      if (row.intact) row.intact(before, after);
      else expect(after).toEqual(before);
    });
  }

  test('after every bad input, the good path still works: a fresh token is accepted by Connect', async () => {
    const minted = await fetch(`${SHELL_URL}/api/connect/token`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHELL_URL, cookie: ctx.cookies.owner }, body: '{}' });
    const { token } = (await minted.json()) as { token: string };
    const res = await fetch(`${SANDBOX_URL}/auth-mango-biz`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// UI rows

interface UiRow {
  group: string;
  input: string;
  /** Breaks something (or not) before the page loads Messages. */
  arrange: (page: Page) => Promise<void>;
  /** Puts it right again, after which Retry must recover without a reload. */
  repair?: (page: Page) => Promise<void>;
  expect: { alert: RegExp; retry: boolean } | { heading: string; timeoutMs: number };
}

/** How many clients the store holds in the browser (its IndexedDB), read without the app's code. */
const storedClients = (page: Page) =>
  page.evaluate(
    (dbName) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('clients').objectStore('clients').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
    `mango-biz-${DEMO_STORE_ID}`,
  );

/** Serves `body` instead of the remote's file whose URL matches `pattern`. */
const replaceRemote = (pattern: RegExp, status: number, body: string) => async (page: Page) => {
  await page.route((url) => url.href.startsWith(REMOTE_URL) && pattern.test(url.pathname), (route) =>
    route.fulfill({ status, contentType: status === 200 ? 'text/javascript' : 'text/plain', headers: { 'access-control-allow-origin': '*' }, body }),
  );
};

const UNAVAILABLE = /Messages is unavailable right now/;
const sdkOk = () => sandbox.sdkMode('ok');
const unroute = (page: Page) => page.unrouteAll();
const UI_ROWS: UiRow[] = [
  { group: 'SDK', input: 'SDK script answers 404', arrange: () => sandbox.sdkMode('404'), repair: sdkOk, expect: { alert: /failed to load .*404/, retry: true } },
  { group: 'SDK', input: 'SDK script throws while loading', arrange: () => sandbox.sdkMode('throw'), repair: sdkOk, expect: { alert: /threw while running/, retry: true } },
  { group: 'SDK', input: 'SDK script loads without its exports', arrange: () => sandbox.sdkMode('missing-exports'), repair: sdkOk, expect: { alert: /did not define window\.MangoConnect|lacks/, retry: true } },
  { group: 'SDK', input: 'SDK script arrives after 3 s (within the 15 s limit)', arrange: () => sandbox.sdkMode('slow', 3000), expect: { heading: 'Conversations', timeoutMs: 20_000 } },
  { group: 'remote', input: 'remote manifest answers 404', arrange: replaceRemote(/\/mf-manifest\.json$/, 404, 'gone'), repair: unroute, expect: { alert: UNAVAILABLE, retry: true } },
  { group: 'remote', input: 'remote entry throws', arrange: replaceRemote(/\/remoteEntry\.js$/, 200, 'throw new Error("remote entry exploded on load");'), repair: unroute, expect: { alert: UNAVAILABLE, retry: true } },
  {
    group: 'remote',
    input: 'remote built against contract 2.0.0',
    arrange: replaceRemote(/\/assets\/contract-[^/]*\.js$/, 200, 'var e=`2.0.0`,t=`matrix`;export{t as buildId,e as contractVersion};'),
    // No repair: the browser keeps an imported module for the page's life; a fixed deploy has new chunk URLs.
    expect: { alert: /not compatible with this version of Mango Biz/, retry: true },
  },
];

test.describe('bad-input matrix: UI', () => {
  test.beforeEach(async () => {
    await sandbox.clearFaults();
    await sandbox.sdkMode('ok');
    await sandbox.reset();
  });
  test.afterEach(() => sandbox.sdkMode('ok'));

  for (const row of UI_ROWS) {
    test(`${row.group}: ${row.input}`, async ({ page }) => {
      await login(page, 'owner');
      await enableConnect(page);
      const clientsBefore = await storedClients(page);
      expect(clientsBefore).toBeGreaterThan(100);
      await row.arrange(page);
      // A fresh load, so the remote and the SDK are fetched again under the broken conditions.
      await page.goto('/messages');
      if ('heading' in row.expect) {
        await expect(page.getByRole('heading', { name: row.expect.heading })).toBeVisible({ timeout: row.expect.timeoutMs });
        // The SDK modules keep an empty role="alert" paragraph ready; it must stay empty.
        await expect(page.getByRole('alert').filter({ hasText: /\w/ })).toHaveCount(0);
      } else {
        await expect(page.getByRole('alert').filter({ hasText: row.expect.alert }).first()).toBeVisible({ timeout: 30_000 });
        const retry = page.getByRole('button', { name: 'Retry', exact: true });
        await expect(retry).toBeVisible();
        if (row.repair) {
          await row.repair(page);
          await retry.click();
          await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible({ timeout: 20_000 });
        }
      }
      // Nothing lost: the store's own data is all there, and Biz routes keep working.
      await navigate(page, 'Clients');
      await expect(page.getByLabel('Search clients')).toBeVisible();
      await expect(page.getByRole('link').filter({ hasText: /\w/ }).first()).toBeVisible();
      expect(await storedClients(page)).toBe(clientsBefore);
    });
  }
});

// Form input: what the user types must be refused clearly or kept exactly, and always shown as text.
interface FormRow {
  input: string;
  fields: { name: string; notes?: string };
  /** The field error the form shows, or null when the client must be saved exactly as typed. */
  error: string | null;
}
const INJECTION = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
const FORM_ROWS: FormRow[] = [
  { input: 'empty name', fields: { name: '   ' }, error: 'Name is required.' },
  { input: 'huge name (5,000 characters)', fields: { name: 'N'.repeat(5000) }, error: 'Name must be at most 120 characters.' },
  { input: 'huge notes (10,000 characters)', fields: { name: 'Huge Notes Hana', notes: 'n'.repeat(10_000) }, error: 'Notes must be at most 2000 characters.' },
  { input: 'unicode (accents, CJK, RTL, emoji)', fields: { name: 'Zoë Ñandú 李小龍 سارا 👩🏽‍🦱', notes: 'café ☕ — ünïcödé' }, error: null },
  { input: 'script injection', fields: { name: `Inj ${INJECTION}`.slice(0, 110), notes: INJECTION }, error: null },
];

test.describe('bad-input matrix: forms', () => {
  test.beforeAll(async () => {
    await sandbox.clearFaults();
    await sandbox.reset();
  });

  for (const row of FORM_ROWS) {
    test(`form: ${row.input}`, async ({ page }) => {
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      await login(page, 'owner');
      await enableConnect(page);
      await navigate(page, 'Clients');
      const countBefore = await storedClients(page);
      const inlineScripts = () => page.locator('script:not([src])').count();
      const inlineBefore = await inlineScripts();
      await page.getByRole('button', { name: 'New client' }).click();
      await page.getByLabel('Name').fill(row.fields.name);
      if (row.fields.notes) await page.getByLabel('Notes').fill(row.fields.notes);
      await page.getByRole('button', { name: 'Save client' }).click();
      if (row.error) {
        await expect(page.getByText(row.error)).toBeVisible();
        // Still on the form with what was typed: nothing thrown away, nothing saved.
        await expect(page.getByLabel('Name')).toHaveValue(row.fields.name);
        expect(await storedClients(page)).toBe(countBefore);
        return;
      }
      await expect(page.getByLabel('Name')).toHaveCount(0);
      const name = row.fields.name.trim();
      await page.getByLabel('Search clients').fill(name.slice(0, 12));
      const link = page.getByRole('link', { name, exact: true });
      await expect(link).toBeVisible();
      await link.click();
      // Shown back exactly, as text: the form holds the same characters and no markup ran.
      await expect(page.getByLabel('Name')).toHaveValue(name);
      if (row.fields.notes) await expect(page.getByLabel('Notes')).toHaveValue(row.fields.notes.trim());
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('img[src="x"]').count()).toBe(0);
      expect(await inlineScripts()).toBe(inlineBefore);
      expect(await storedClients(page)).toBe(countBefore + 1);
      expect(dialogs).toEqual([]);
      // Connect received the same characters, byte for byte.
      const [arrived] = (await waitForWebhooks(new RegExp(name.slice(0, 8).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 1)).filter((w) => !w.duplicate);
      expect((arrived?.data as { name: string }).name).toBe(name);
    });
  }
});

test('the matrix counts its rows', () => {
  const rows = HTTP_ROWS.length + UI_ROWS.length + FORM_ROWS.length;
  console.log(`bad-input matrix: ${rows} rows (HTTP ${HTTP_ROWS.length}, UI ${UI_ROWS.length}, forms ${FORM_ROWS.length})`);
  expect(rows).toBeGreaterThanOrEqual(40);
});
