// The bad-input matrix: one table per layer. Every HTTP row sends one bad input over real HTTP to
// the Biz API or the Connect sandbox and asserts the status, the error code and a message a caller
// can act on, then that nothing changed where it must not: Connect's data (tenants, webhooks, sync
// batches) and both demo stores' change sequences on the server (a refused write bumps neither).
// Every UI row breaks one thing the browser depends on, or types hostile input, and asserts what
// the user sees and that their data is intact. The process rows break the server's own ground: a
// second process on its PGlite directory, a flood of wrong passwords, its database going away.
import { request as httpRequest } from 'node:http';
import { test, expect, type Page } from '@playwright/test';
import { DEMO_SECRETS } from '../scripts/lib/demo-env.mjs';
import { startThrowawayCluster, type ThrowawayCluster } from '../scripts/lib/postgres.mjs';
import { LIMITS, type AppointmentRow, type ChangesResponse, type ClientRow, type ConnectState, type DeliveriesResponse, type Mutation, type PushResponse, type PushResult } from '../shared/src/types/index';
import { createClient, login, navigate, uniqueName } from './support/shell';
import { sandbox, waitForWebhooks, type Fault } from './support/sandbox';
import { call, cookieOf, deliveries, enableConnectByApi, newId, push, resetConnect, serverCursor, serverRows, sessionOf, signIn } from './support/biz-api';
import { runShellToExit, shellEnv, startShell, type Server } from './support/processes';
import { DEMO_PASSWORD, DEMO_STORE_ID, LOGINS, REMOTE_URL, SANDBOX_URL, SHELL_URL, STORES, type DemoRole } from './support/env';
import { forgeJwt, jwtClaims, signedHeaders } from './support/forge';

const SECRETS = DEMO_SECRETS as Record<'MANGO_CONNECT_JWT_SECRET' | 'MANGO_CONNECT_WEBHOOK_SECRET' | 'BIZ_SESSION_SECRET', string>;
const WRONG_SECRET = 'an-attackers-guess-at-the-secret-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// HTTP rows

interface Ctx {
  /** The salon's members, signed in. */
  cookies: Record<DemoRole, string>;
  spa: { owner: string; staff: string; client: ClientRow };
  /** A salon staff session that was signed out (revoked on the server). */
  revoked: string;
  /** A real Connect token minted by the Biz API for the salon's owner. */
  token: string;
  salon: {
    client: ClientRow;
    appointment: AppointmentRow;
    /** Its rows as `id@createdAt`: ids are each store's own, so another store may use one for a row of its own. */
    rows: Set<string>;
    eventId: string;
    eventIds: Set<string>;
    syncRunId: string;
  };
  /** Each store's change sequence as last read. */
  cursors: { salon: number; spa: number };
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
  /** Sets the scene before the "before" snapshot (a mutation applied once, to be replayed). */
  arrange?: (ctx: Ctx) => Promise<void>;
  request: (ctx: Ctx) => Req;
  expect: {
    status: number;
    /** The error code of an error answer. */
    code?: string;
    /** Per mutation of a push: 'applied', or the code it was refused with. */
    results?: string[];
    /** The error's message (or the first refusal's, or the body's text). */
    message?: RegExp;
    /** More to check in the answer. */
    check?: (body: unknown, ctx: Ctx) => void;
  };
  /**
   * The no-data-lost check, from the state before and after. Default: nothing changed at all.
   * A row whose input is accepted says what it changes instead.
   */
  intact?: (before: Snapshot, after: Snapshot) => void | Promise<void>;
  timeoutMs?: number;
}

const api = (path: string, cookie: string, body?: unknown, method = 'POST'): Req => ({
  url: `${SHELL_URL}${path}`,
  method,
  headers: { 'content-type': 'application/json', origin: SHELL_URL, ...(cookie ? { cookie } : {}) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const get = (path: string, cookie: string): Req => ({ url: `${SHELL_URL}${path}`, method: 'GET', headers: cookie ? { cookie } : {} });
const raw = (path: string, cookie: string, headers: Record<string, string>, body: string): Req => ({ url: `${SHELL_URL}${path}`, headers: { cookie, ...headers }, body });
const pushOf = (cookie: string, mutations: unknown[]) => api('/api/mutations', cookie, { mutations });
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
  const [name, value] = ctx.cookies.staff.split('=');
  return `${name}=${forgeJwt({ ...jwtClaims(value!), ...patch }, secret)}`;
};
const now = () => Math.floor(Date.now() / 1000);

function webhookBody(event = 'client.created', storeId = DEMO_STORE_ID): string {
  const at = new Date().toISOString();
  const id = newId('client_matrix');
  return JSON.stringify({ event, storeId, timestamp: at, data: { id, name: 'Matrix Mia', email: 'mia@example.com', phone: '', notes: '', createdAt: at, updatedAt: at } });
}

// Mutations as the browser builds them; the rows break one thing at a time.
const fields = (over: Record<string, unknown> = {}) => ({ name: 'Matrix Mia', email: 'mia@example.com', phone: '+1 555 0100', notes: '', ...over });
const tomorrowUtc = () => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 86_400_000).toISOString();
const booking = (clientId: string, over: Record<string, unknown> = {}) => ({ clientId, scheduledAt: tomorrowUtc(), duration: 60, serviceName: 'Matrix Massage', staffName: 'Sam Staff', ...over });
const clientCreate = (over: Record<string, unknown> = {}, entityId = newId('client_matrix')) => ({ id: newId('mut'), type: 'client.create', entityId, fields: fields(over) });
const clientUpdate = (entityId: string, over: Record<string, unknown> = {}) => ({ id: newId('mut'), type: 'client.update', entityId, fields: fields(over) });
const appointmentCreate = (clientId: string, over: Record<string, unknown> = {}) => ({ id: newId('mut'), type: 'appointment.create', entityId: newId('appt_matrix'), fields: booking(clientId, over) });

/** Waits until Connect has applied one event per mutation, for the entities of `mutations`. */
async function arrived(mutations: unknown[]): Promise<void> {
  const ids = new Set(mutations.map((m) => (m as { entityId: string }).entityId));
  await expect.poll(async () => (await sandbox.webhooks()).filter((w) => ids.has(w.entityId) && w.status === 200 && !w.duplicate).length).toBe(mutations.length);
}
const rowKey = (r: { id: string; createdAt: string }) => `${r.id}@${r.createdAt}`;

/** Pushes `mutations` (each must apply) and waits until Connect has each resulting event, so the row's snapshot is taken at rest. */
async function settle(cookie: string, mutations: unknown[]): Promise<PushResult[]> {
  const results = await push(cookie, mutations as Mutation[]);
  expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  await arrived(mutations);
  return results;
}

const UNAUTHENTICATED = { status: 401, code: 'unauthenticated', message: /Sign in to Mango Biz/ };
const FORBIDDEN_ROLE = { status: 403, code: 'forbidden_role', message: /owner or admin role; you are signed in as (manager|staff)/ };
const refusedAs = (code: string, message: RegExp) => ({ status: 200, results: [code], message });
const INVALID_ID = /may hold only letters, digits, "_" and "-"/;

/** The state a row must leave alone unless it says otherwise. */
interface Snapshot {
  connect: { tenants: string; webhooks: number; syncBatches: number };
  seq: { salon: number; spa: number };
}
let ctx: Ctx;
async function snapshot(): Promise<Snapshot> {
  const [salon, spa] = await Promise.all([serverCursor(ctx.cookies.owner, ctx.cursors.salon), serverCursor(ctx.spa.owner, ctx.cursors.spa)]);
  ctx.cursors = { salon, spa };
  return {
    connect: {
      tenants: JSON.stringify(await sandbox.tenants()),
      webhooks: (await sandbox.webhooks()).filter((w) => !w.duplicate && w.status === 200).length,
      syncBatches: (await sandbox.syncBatches()).length,
    },
    seq: { salon, spa },
  };
}

/** An accepted input: each store's sequence moves by exactly this much, and Connect gets exactly `webhooks` more events. */
const changes =
  (d: { salon?: number; spa?: number; webhooks?: number }) =>
  async (before: Snapshot, after: Snapshot): Promise<void> => {
    expect(after.seq).toEqual({ salon: before.seq.salon + (d.salon ?? 0), spa: before.seq.spa + (d.spa ?? 0) });
    const expected = before.connect.webhooks + (d.webhooks ?? 0);
    await expect.poll(async () => (await snapshot()).connect.webhooks).toBe(expected);
    expect(after.connect.syncBatches).toBe(before.connect.syncBatches);
  };

type Built = { id: string; type: string; entityId: string; fields?: Record<string, unknown> };
/**
 * A row that pushes `first` once (arranged; it applies, or is refused and its refusal stored), then
 * sends `again(first)`. A true repeat must be answered exactly as the first push was.
 */
function replayRow(input: string, first: Built, again: (m: Built) => Built, expectation: HttpRow['expect']): HttpRow {
  const answered: { result?: PushResult } = {};
  const repeat = again(first);
  return {
    group: 'mutation ids',
    input,
    arrange: async (c) => {
      [answered.result] = await push(c.cookies.staff, [first as Mutation]);
      if (answered.result?.status === 'applied') await arrived([first]);
    },
    request: (c) => pushOf(c.cookies.staff, [repeat]),
    expect: {
      ...expectation,
      check: (body) => {
        if (JSON.stringify(repeat) === JSON.stringify(first)) expect((body as PushResponse).results[0]).toEqual(answered.result);
      },
    },
  };
}

const HTTP_ROWS: HttpRow[] = [
  // Staff session (the cookie the Biz API issues, backed by a session row)
  { group: 'session', input: 'no session cookie', request: () => pushOf('', [clientCreate()]), expect: UNAUTHENTICATED },
  { group: 'session', input: 'garbled session cookie', request: () => api('/api/connect/token', 'mango_session=not.a.jwt', {}), expect: UNAUTHENTICATED },
  { group: 'session', input: 'expired session', request: (c) => get('/api/changes?since=0', resession(c, { iat: now() - 7200, exp: now() - 3600 })), expect: UNAUTHENTICATED },
  { group: 'session', input: 'session signed with another secret', request: (c) => pushOf(resession(c, {}, WRONG_SECRET), [clientCreate()]), expect: UNAUTHENTICATED },
  { group: 'session', input: 'genuine signature, store changed to the spa', request: (c) => get('/api/changes?since=0', resession(c, { storeId: STORES.spa.id })), expect: UNAUTHENTICATED },
  { group: 'session', input: 'a session signed out (revoked on the server)', request: (c) => pushOf(c.revoked, [clientCreate()]), expect: UNAUTHENTICATED },
  { group: 'session', input: 'event stream without a session', request: () => get('/api/events', ''), expect: UNAUTHENTICATED },
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
  // Mutation ids: applied once, whatever the network does
  replayRow('a mutation id applied before, sent again', clientCreate({ name: 'Matrix Replay' }), (m) => m, { status: 200, results: ['applied'] }),
  replayRow('a mutation id sent again with a different change', clientCreate({ name: 'Matrix Replay' }), (m) => ({ ...m, fields: { ...m.fields, name: 'Matrix Impostor' } }), refusedAs('mutation_conflict', /already used for a different change \(client\.create\)/)),
  replayRow('a mutation id sent again as another kind of change', clientCreate({ name: 'Matrix Replay' }), (m) => ({ ...m, type: 'client.update' }), refusedAs('mutation_conflict', /already used for a different change/)),
  replayRow('a refused mutation sent again (its refusal is stored)', clientUpdate(newId('client_missing')), (m) => m, refusedAs('not_found', /no client .* in this store/)),
  {
    group: 'mutation ids',
    input: 'the same mutation twice in one push',
    request: (c) => {
      const m = clientCreate({ name: 'Matrix Twice' });
      return pushOf(c.cookies.staff, [m, m]);
    },
    expect: { status: 200, results: ['applied', 'applied'], check: (body) => expect((body as PushResponse).results[1]).toEqual((body as PushResponse).results[0]) },
    intact: changes({ salon: 1, webhooks: 1 }),
  },
  {
    group: 'mutation ids',
    input: 'one bad mutation between two good ones',
    request: (c) => pushOf(c.cookies.staff, [clientCreate(), clientCreate({ name: '' }), clientCreate()]),
    expect: { status: 200, results: ['applied', 'invalid_mutation', 'applied'], message: /^mutations\.1: fields\.name: Name is required/ },
    intact: changes({ salon: 2, webhooks: 2 }),
  },
  // Another store's data, asked for by a member of the spa (the session's store is the only scope)
  { group: 'other store', input: 'the spa updates a salon client by its id', request: (c) => pushOf(c.spa.owner, [clientUpdate(c.salon.client.id, { name: 'Taken Over' })]), expect: refusedAs('not_found', /no client .* in this store/) },
  { group: 'other store', input: 'the spa books a salon client', request: (c) => pushOf(c.spa.owner, [appointmentCreate(c.salon.client.id)]), expect: refusedAs('client_not_found', /no client .* in this store to book for/) },
  { group: 'other store', input: 'the spa cancels a salon appointment', request: (c) => pushOf(c.spa.owner, [{ id: newId('mut'), type: 'appointment.cancel', entityId: c.salon.appointment.id }]), expect: refusedAs('not_found', /no appointment .* in this store/) },
  { group: 'other store', input: 'the spa reschedules a salon appointment', request: (c) => pushOf(c.spa.owner, [{ id: newId('mut'), type: 'appointment.update', entityId: c.salon.appointment.id, fields: booking(c.spa.client.id) }]), expect: refusedAs('not_found', /no appointment .* in this store/) },
  (() => {
    let salonClient: ClientRow | undefined;
    return {
      group: 'other store',
      input: 'the spa creates a client under an id the salon uses (a store of its own ids)',
      arrange: async (c: Ctx) => {
        const m = clientCreate({ name: 'Matrix Salon Original' });
        const [applied] = await settle(c.cookies.staff, [m]);
        salonClient = (applied as { row: ClientRow }).row;
      },
      request: (c: Ctx) => pushOf(c.spa.owner, [clientCreate({ name: 'Matrix Spa Namesake' }, salonClient!.id)]),
      expect: { status: 200, results: ['applied'] },
      intact: async (before: Snapshot, after: Snapshot) => {
        await changes({ spa: 1 })(before, after);
        // The salon's client with that id is as it was.
        const salonNow = (await call<ChangesResponse>(ctx.cookies.owner, 'GET', `/api/changes?since=${salonClient!.seq - 1}`)).body.clients.find((r) => r.id === salonClient!.id);
        expect(salonNow).toEqual(salonClient);
      },
    } satisfies HttpRow;
  })(),
  { group: 'other store', input: 'the spa reuses a mutation id the salon used', arrange: async (c) => void (await settle(c.cookies.staff, [{ ...clientCreate(), id: 'mut_shared_between_stores' }])), request: (c) => pushOf(c.spa.owner, [{ ...clientCreate({ name: 'Matrix Spa Own' }), id: 'mut_shared_between_stores' }]), expect: { status: 200, results: ['applied'] }, intact: changes({ spa: 1 }) },
  { group: 'other store', input: 'the spa asks the change feed for the salon by name', request: (c) => get(`/api/changes?since=0&storeId=${DEMO_STORE_ID}`, c.spa.owner), expect: { status: 200, check: (body, c) => expect([...(body as ChangesResponse).clients, ...(body as ChangesResponse).appointments].filter((r) => c.salon.rows.has(rowKey(r)))).toEqual([]) } },
  { group: 'other store', input: "the spa reads its delivery log (none of the salon's)", request: (c) => get('/api/connect/deliveries?limit=200', c.spa.owner), expect: { status: 200, check: (body, c) => expect((body as DeliveriesResponse).deliveries.filter((d) => c.salon.eventIds.has(d.eventId))).toEqual([]) } },
  { group: 'other store', input: 'the spa names the salon in the delivery log query', request: (c) => get(`/api/connect/deliveries?storeId=${DEMO_STORE_ID}`, c.spa.owner), expect: { status: 400, code: 'invalid_request', message: /^storeId: / } },
  { group: 'other store', input: 'the spa redelivers a salon event', request: (c) => api('/api/connect/deliveries/redeliver', c.spa.owner, { eventId: c.salon.eventId }), expect: { status: 404, code: 'not_found', message: /is not in this store's outbox/ } },
  { group: 'other store', input: "the spa reads its Connect state (not the salon's sync runs)", request: (c) => get('/api/connect/state', c.spa.owner), expect: { status: 200, check: (body, c) => {
    const state = body as ConnectState;
    expect(state.sync?.id).not.toBe(c.salon.syncRunId);
    expect(state.integration?.enabled ?? false).toBe(false);
  } } },
  { group: 'other store', input: 'the spa starts a sync while only the salon has Connect', request: (c) => api('/api/connect/sync', c.spa.owner, {}), expect: { status: 409, code: 'connect_disabled', message: /not enabled for this store/ } },
  { group: 'other store', input: 'spa staff ask for a Connect token while only the salon has Connect', request: (c) => api('/api/connect/token', c.spa.staff, {}), expect: { status: 409, code: 'connect_disabled', message: /off for this store/ } },
  // Unknown fields: refused, never silently dropped or stored
  { group: 'unknown fields', input: 'a field the client does not have (vip)', request: (c) => pushOf(c.cookies.staff, [clientCreate({ vip: true })]), expect: refusedAs('invalid_mutation', /^mutations\.0: fields\.vip: /) },
  { group: 'unknown fields', input: 'a mutation naming a store', request: (c) => pushOf(c.cookies.staff, [{ ...clientCreate(), storeId: STORES.spa.id }]), expect: refusedAs('invalid_mutation', /^mutations\.0: storeId: /) },
  { group: 'unknown fields', input: 'a push naming a store beside its mutations', request: (c) => api('/api/mutations', c.cookies.staff, { mutations: [clientCreate()], storeId: STORES.spa.id }), expect: { status: 400, code: 'invalid_request', message: /^storeId: / } },
  { group: 'unknown fields', input: 'a mutation type the server does not have (client.delete)', request: (c) => pushOf(c.cookies.staff, [{ ...clientUpdate(c.salon.client.id), type: 'client.delete' }]), expect: refusedAs('invalid_mutation', /^mutations\.0: type: /) },
  { group: 'unknown fields', input: 'a cancellation carrying fields', request: (c) => pushOf(c.cookies.staff, [{ id: newId('mut'), type: 'appointment.cancel', entityId: c.salon.appointment.id, fields: { status: 'scheduled' } }]), expect: refusedAs('invalid_mutation', /^mutations\.0: fields: /) },
  { group: 'unknown fields', input: 'a Connect config patch moving the webhook URL', request: (c) => api('/api/connect/config', c.cookies.owner, { features: {}, webhookUrl: 'https://collector.attacker.example/hook' }, 'PATCH'), expect: { status: 400, code: 'invalid_request', message: /^webhookUrl: / } },
  {
    group: 'unknown fields',
    input: 'a Connect feature that does not exist',
    request: (c) => api('/api/connect/config', c.cookies.owner, { features: { teleport: true } }, 'PATCH'),
    expect: { status: 400, code: 'invalid_request', message: /^features\.teleport: / },
  },
  { group: 'unknown fields', input: 'a redelivery with extra fields', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.owner, { eventId: c.salon.eventId, webhookUrl: 'https://collector.attacker.example/hook' }), expect: { status: 400, code: 'invalid_request', message: /^webhookUrl: / } },
  // The limits the forms enforce (shared LIMITS): one past each is refused with the form's words
  { group: 'limits', input: `name of ${LIMITS.clientName + 1} characters`, request: (c) => pushOf(c.cookies.staff, [clientCreate({ name: 'N'.repeat(LIMITS.clientName + 1) })]), expect: refusedAs('invalid_mutation', new RegExp(`Name must be at most ${LIMITS.clientName} characters`)) },
  { group: 'limits', input: `email of ${LIMITS.email + 1} characters`, request: (c) => pushOf(c.cookies.staff, [clientCreate({ email: `${'e'.repeat(LIMITS.email - 11)}@example.com` })]), expect: refusedAs('invalid_mutation', new RegExp(`Email must be at most ${LIMITS.email} characters`)) },
  { group: 'limits', input: `phone of ${LIMITS.phone + 1} characters`, request: (c) => pushOf(c.cookies.staff, [clientCreate({ phone: '1'.repeat(LIMITS.phone + 1) })]), expect: refusedAs('invalid_mutation', new RegExp(`Phone must be at most ${LIMITS.phone} characters`)) },
  { group: 'limits', input: `notes of ${LIMITS.notes + 1} characters`, request: (c) => pushOf(c.cookies.staff, [clientCreate({ notes: 'n'.repeat(LIMITS.notes + 1) })]), expect: refusedAs('invalid_mutation', new RegExp(`Notes must be at most ${LIMITS.notes} characters`)) },
  { group: 'limits', input: `service of ${LIMITS.serviceName + 1} characters`, request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { serviceName: 's'.repeat(LIMITS.serviceName + 1) })]), expect: refusedAs('invalid_mutation', new RegExp(`Service must be at most ${LIMITS.serviceName} characters`)) },
  { group: 'limits', input: `staff name of ${LIMITS.staffName + 1} characters`, request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { staffName: 's'.repeat(LIMITS.staffName + 1) })]), expect: refusedAs('invalid_mutation', new RegExp(`Staff must be at most ${LIMITS.staffName} characters`)) },
  { group: 'limits', input: `duration of ${LIMITS.durationMax + 1} minutes`, request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { duration: LIMITS.durationMax + 1 })]), expect: refusedAs('invalid_mutation', new RegExp(`Duration must be at most ${LIMITS.durationMax} minutes`)) },
  { group: 'limits', input: `duration of ${LIMITS.durationMin - 1} minutes`, request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { duration: LIMITS.durationMin - 1 })]), expect: refusedAs('invalid_mutation', new RegExp(`Duration must be at least ${LIMITS.durationMin} minutes`)) },
  { group: 'limits', input: 'duration of 30.5 minutes', request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { duration: 30.5 })]), expect: refusedAs('invalid_mutation', /Duration must be a whole number of minutes/) },
  { group: 'limits', input: 'a time with an offset instead of UTC', request: (c) => pushOf(c.cookies.staff, [appointmentCreate(c.salon.client.id, { scheduledAt: '2030-01-01T10:00:00+02:00' })]), expect: refusedAs('invalid_mutation', /must be in UTC/) },
  { group: 'limits', input: 'a name of spaces only', request: (c) => pushOf(c.cookies.staff, [clientCreate({ name: '   ' })]), expect: refusedAs('invalid_mutation', /Name is required/) },
  { group: 'limits', input: 'an email without a domain', request: (c) => pushOf(c.cookies.staff, [clientCreate({ email: 'mia@localhost' })]), expect: refusedAs('invalid_mutation', /Email must look like name@example\.com/) },
  {
    group: 'limits',
    input: `a name of exactly ${LIMITS.clientName} characters inside spaces (accepted, trimmed)`,
    request: (c) => pushOf(c.cookies.staff, [clientCreate({ name: `  ${'L'.repeat(LIMITS.clientName)}  ` })]),
    expect: { status: 200, results: ['applied'], check: (body) => expect(((body as PushResponse).results[0] as { row: ClientRow }).row.name).toBe('L'.repeat(LIMITS.clientName)) },
    intact: changes({ salon: 1, webhooks: 1 }),
  },
  { group: 'limits', input: 'a push of 51 mutations', request: (c) => pushOf(c.cookies.staff, Array.from({ length: 51 }, () => clientCreate())), expect: { status: 400, code: 'invalid_request', message: /^mutations: send at most 50/ } },
  { group: 'limits', input: 'a push of no mutations', request: (c) => pushOf(c.cookies.staff, []), expect: { status: 400, code: 'invalid_request', message: /^mutations: send at least one/ } },
  { group: 'limits', input: 'a body over 1 MB', request: (c) => ({ ...pushOf(c.cookies.staff, [clientCreate({ notes: 'x'.repeat(1.5 * 1024 * 1024) })]), partial: true }), expect: { status: 413, code: 'body_too_large', message: /limited to 1048576 bytes/ } },
  // Ids with odd characters: refused as ids, never used as paths, SQL or headers
  { group: 'ids', input: 'entity id with a path (../../etc/passwd)', request: (c) => pushOf(c.cookies.staff, [clientCreate({}, '../../etc/passwd')]), expect: refusedAs('invalid_mutation', INVALID_ID) },
  { group: 'ids', input: 'entity id with SQL', request: (c) => pushOf(c.cookies.staff, [clientUpdate("x'; DROP TABLE clients; --")]), expect: refusedAs('invalid_mutation', INVALID_ID) },
  { group: 'ids', input: 'entity id with markup', request: (c) => pushOf(c.cookies.staff, [clientCreate({}, '<script>alert(1)</script>')]), expect: refusedAs('invalid_mutation', INVALID_ID) },
  { group: 'ids', input: 'entity id with an emoji', request: (c) => pushOf(c.cookies.staff, [clientCreate({}, 'client-🥭')]), expect: refusedAs('invalid_mutation', INVALID_ID) },
  { group: 'ids', input: 'entity id of 65 characters', request: (c) => pushOf(c.cookies.staff, [clientCreate({}, 'c'.repeat(65))]), expect: refusedAs('invalid_mutation', /entityId is at most 64 characters/) },
  { group: 'ids', input: 'an empty entity id', request: (c) => pushOf(c.cookies.staff, [clientCreate({}, '')]), expect: refusedAs('invalid_mutation', /entityId must not be empty/) },
  { group: 'ids', input: 'mutation id with a header break', request: (c) => pushOf(c.cookies.staff, [{ ...clientCreate(), id: 'mut_abc\r\nX-Injected: 1' }]), expect: refusedAs('invalid_mutation', /a mutation id may hold only/) },
  { group: 'ids', input: 'mutation id of 7 characters', request: (c) => pushOf(c.cookies.staff, [{ ...clientCreate(), id: 'mut_abc' }]), expect: refusedAs('invalid_mutation', /a mutation id has at least 8 characters/) },
  { group: 'ids', input: 'redeliver an event id with SQL', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.owner, { eventId: "evt_1' OR '1'='1" }), expect: { status: 404, code: 'not_found', message: /Event evt_1' OR '1'='1 is not in this store's outbox/ } },
  { group: 'ids', input: 'redeliver an event id that is a path', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.owner, { eventId: '../../api/connect/disable' }), expect: { status: 404, code: 'not_found', message: /is not in this store's outbox/ } },
  { group: 'ids', input: 'redeliver an event id of 129 characters', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.owner, { eventId: 'e'.repeat(129) }), expect: { status: 400, code: 'invalid_request', message: /^eventId: / } },
  { group: 'ids', input: 'redeliver an event that was delivered', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.owner, { eventId: c.salon.eventId }), expect: { status: 409, code: 'not_dead', message: /already delivered/ } },
  // Query strings of the change feed and the delivery log
  { group: 'queries', input: 'since=-1', request: (c) => get('/api/changes?since=-1', c.cookies.staff), expect: { status: 400, code: 'invalid_request', message: /^since: / } },
  { group: 'queries', input: 'since=abc', request: (c) => get('/api/changes?since=abc', c.cookies.staff), expect: { status: 400, code: 'invalid_request', message: /^since: / } },
  { group: 'queries', input: 'since=1e3', request: (c) => get('/api/changes?since=1e3', c.cookies.staff), expect: { status: 400, code: 'invalid_request', message: /^since: / } },
  { group: 'queries', input: 'since of 16 digits', request: (c) => get(`/api/changes?since=${'9'.repeat(16)}`, c.cookies.staff), expect: { status: 400, code: 'invalid_request', message: /^since: / } },
  { group: 'queries', input: 'since ahead of the server (a replaced database): a full snapshot', request: (c) => get('/api/changes?since=999999999', c.cookies.staff), expect: { status: 200, check: (body) => expect({ reset: (body as ChangesResponse).reset, some: (body as ChangesResponse).clients.length > 100 }).toEqual({ reset: true, some: true }) } },
  { group: 'queries', input: 'deliveries?status=bogus', request: (c) => get('/api/connect/deliveries?status=bogus', c.cookies.owner), expect: { status: 400, code: 'invalid_request', message: /^status: / } },
  { group: 'queries', input: 'deliveries?event=client.exploded', request: (c) => get('/api/connect/deliveries?event=client.exploded', c.cookies.owner), expect: { status: 400, code: 'invalid_request', message: /^event: / } },
  { group: 'queries', input: 'deliveries?limit=0', request: (c) => get('/api/connect/deliveries?limit=0', c.cookies.owner), expect: { status: 400, code: 'invalid_request', message: /^limit: / } },
  { group: 'queries', input: 'deliveries?limit=201', request: (c) => get('/api/connect/deliveries?limit=201', c.cookies.owner), expect: { status: 400, code: 'invalid_request', message: /^limit: / } },
  { group: 'queries', input: 'deliveries?before= a cursor it never gave out', request: (c) => get('/api/connect/deliveries?before=not-a-cursor', c.cookies.owner), expect: { status: 400, code: 'invalid_request', message: /not a cursor this API gave out/ } },
  // Bodies that are not JSON, or not from the app
  { group: 'bodies', input: 'text/plain body', request: (c) => raw('/api/mutations', c.cookies.staff, { 'content-type': 'text/plain', origin: SHELL_URL }, JSON.stringify({ mutations: [clientCreate()] })), expect: { status: 415, code: 'unsupported_media_type', message: /Content-Type: application\/json.*"text\/plain"/ } },
  { group: 'bodies', input: 'a form-encoded sign-in', request: () => raw('/api/auth/login', '', { 'content-type': 'application/x-www-form-urlencoded', origin: SHELL_URL }, `email=${LOGINS.staff}&password=${DEMO_PASSWORD}`), expect: { status: 415, code: 'unsupported_media_type', message: /as JSON/ } },
  { group: 'bodies', input: 'a form post from another site', request: (c) => raw('/api/connect/disable', c.cookies.owner, { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://attacker.example' }, 'x=1'), expect: { status: 403, code: 'forbidden', message: /Cross-site request refused/ } },
  { group: 'bodies', input: 'a body without a Content-Type', request: (c) => raw('/api/mutations', c.cookies.staff, { origin: SHELL_URL }, JSON.stringify({ mutations: [clientCreate()] })), expect: { status: 415, code: 'unsupported_media_type', message: /no Content-Type/ } },
  { group: 'bodies', input: 'JSON that does not parse', request: (c) => raw('/api/mutations', c.cookies.staff, { 'content-type': 'application/json', origin: SHELL_URL }, '{"mutations": [oops'), expect: { status: 400, code: 'invalid_json', message: /must be JSON/ } },
  { group: 'bodies', input: 'JSON null', request: (c) => raw('/api/mutations', c.cookies.staff, { 'content-type': 'application/json', origin: SHELL_URL }, 'null'), expect: { status: 400, code: 'invalid_request', message: /^\(body\): / } },
  { group: 'bodies', input: 'a path the API does not have', request: (c) => get('/api/connect/webhooks', c.cookies.staff), expect: { status: 404, code: 'not_found', message: /Nothing at GET \/api\/connect\/webhooks/ } },
  { group: 'bodies', input: 'a sign-in without a password', request: () => api('/api/auth/login', '', { email: LOGINS.staff }), expect: { status: 400, code: 'invalid_request', message: /^password: / } },
  { group: 'bodies', input: 'a sign-in with an email of 321 characters', request: () => api('/api/auth/login', '', { email: `${'e'.repeat(309)}@example.com`, password: 'x' }), expect: { status: 400, code: 'invalid_request', message: /^email: / } },
  // One failed sign-in: the same answer as a wrong password, so emails cannot be enumerated.
  { group: 'bodies', input: 'a sign-in for an email nobody has', request: () => api('/api/auth/login', '', { email: 'nobody@demo.mango', password: DEMO_PASSWORD }), expect: { status: 401, code: 'invalid_credentials', message: /^The email or password is not right\.$/ } },
  { group: 'bodies', input: 'a feature switch that is not a boolean', request: (c) => api('/api/connect/config', c.cookies.owner, { features: { conversations: 'yes' } }, 'PATCH'), expect: { status: 400, code: 'invalid_request', message: /^features\.conversations: / } },
  // Roles, enforced by the Biz API whatever the UI shows
  { group: 'roles', input: 'manager starts a sync', request: (c) => api('/api/connect/sync', c.cookies.manager, {}), expect: FORBIDDEN_ROLE },
  { group: 'roles', input: 'staff enable Connect', request: (c) => api('/api/connect/enable', c.cookies.staff, {}), expect: FORBIDDEN_ROLE },
  { group: 'roles', input: 'staff disable Connect', request: (c) => api('/api/connect/disable', c.cookies.staff, {}), expect: FORBIDDEN_ROLE },
  { group: 'roles', input: 'manager switches a feature off', request: (c) => api('/api/connect/config', c.cookies.manager, { features: { aiAssistant: false } }, 'PATCH'), expect: FORBIDDEN_ROLE },
  { group: 'roles', input: 'staff read the delivery log', request: (c) => get('/api/connect/deliveries', c.cookies.staff), expect: FORBIDDEN_ROLE },
  { group: 'roles', input: 'manager redelivers an event', request: (c) => api('/api/connect/deliveries/redeliver', c.cookies.manager, { eventId: c.salon.eventId }), expect: FORBIDDEN_ROLE },
  // Provisioning (enable): what the owner gets when Connect answers badly; nothing changes
  { group: 'provisioning', input: 'Connect answers 400', faults: [{ route: 'provision', status: 400 }], request: (c) => api('/api/connect/enable', c.cookies.owner, {}), expect: { status: 502, code: 'connect_rejected', message: /answered 400.*Nothing was changed/ } },
  { group: 'provisioning', input: 'Connect answers 503', faults: [{ route: 'provision', status: 503 }], request: (c) => api('/api/connect/enable', c.cookies.owner, {}), expect: { status: 502, code: 'connect_unavailable', message: /answered 503/ } },
  { group: 'provisioning', input: 'Connect answers invalid JSON', faults: [{ route: 'provision', body: '{"connectTenantId": oops', count: 1 }], request: (c) => api('/api/connect/enable', c.cookies.owner, {}), expect: { status: 502, code: 'connect_rejected', message: /not JSON/ } },
  {
    group: 'provisioning',
    input: 'Connect answers a webhookUrl on an untrusted origin',
    faults: [{ route: 'provision', body: JSON.stringify({ connectTenantId: 'ct', connectTenantSlug: 'ct', webhookUrl: 'https://collector.attacker.example/hook', apiUrl: SANDBOX_URL }), count: 1 }],
    request: (c) => api('/api/connect/enable', c.cookies.owner, {}),
    expect: { status: 502, code: 'untrusted_connect_response', message: /outside the trusted origins/ },
  },
  // Last: the sandbox still handles this request after its delay, when the Biz API has given up.
  { group: 'provisioning', input: 'Connect answers after the 15 s timeout', faults: [{ route: 'provision', latencyMs: 16_000, count: 1 }], request: (c) => api('/api/connect/enable', c.cookies.owner, {}), expect: { status: 502, code: 'connect_unavailable', message: /did not answer .* within/ }, timeoutMs: 40_000 },
];

/**
 * One request on its own socket: a server that refuses an oversize body answers and closes early,
 * which would otherwise poison the shared keep-alive pool for the next request.
 */
function send(req: Req): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const headers = { ...(req.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) };
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

const ROLES = Object.keys(LOGINS) as DemoRole[];

test.describe('bad-input matrix: HTTP', () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await resetConnect();
    const cookies = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await sessionOf(LOGINS[r])]))) as Record<DemoRole, string>;
    const spa = { owner: await sessionOf(STORES.spa.owner), staff: await sessionOf(STORES.spa.staff) };
    const revoked = await signIn(LOGINS.staff);
    expect((await call(revoked, 'POST', '/api/auth/logout', {})).status).toBe(200);
    const connect = await enableConnectByApi(cookies.owner);
    // One change after Connect is on, so the salon has a delivered event to point at.
    await settle(cookies.staff, [clientCreate({ name: 'Matrix Setup' })]);
    const [salonRows, spaRows, minted, salonDeliveries] = await Promise.all([
      serverRows(cookies.owner),
      serverRows(spa.owner),
      call<{ token: string }>(cookies.owner, 'POST', '/api/connect/token', {}),
      deliveries(cookies.owner, '?status=delivered'),
    ]);
    expect(minted.status).toBe(200);
    const appointment = salonRows.appointments.find((a) => a.status === 'scheduled' && Date.parse(a.scheduledAt) > Date.now());
    expect(appointment, 'a scheduled salon appointment').toBeDefined();
    expect(salonDeliveries.length).toBeGreaterThan(0);
    ctx = {
      cookies,
      spa: { ...spa, client: spaRows.clients[0]! },
      revoked,
      token: minted.body.token,
      salon: {
        client: salonRows.clients.find((c) => c.id.startsWith('client-'))!,
        appointment: appointment!,
        rows: new Set([...salonRows.clients, ...salonRows.appointments].map(rowKey)),
        eventId: salonDeliveries[0]!.eventId,
        eventIds: new Set(salonDeliveries.map((d) => d.eventId)),
        syncRunId: connect.sync!.id,
      },
      cursors: { salon: salonRows.cursor, spa: spaRows.cursor },
    };
  });
  test.afterEach(() => sandbox.clearFaults());

  for (const row of HTTP_ROWS) {
    const code = row.expect.code ?? row.expect.results?.filter((r) => r !== 'applied').join(', ');
    test(`${row.group}: ${row.input} → ${row.expect.status}${code ? ` ${code}` : ''}`, async () => {
      if (row.timeoutMs) test.setTimeout(row.timeoutMs);
      for (const f of row.faults ?? []) await sandbox.fault(f);
      await row.arrange?.(ctx);
      const req = row.request(ctx);
      const before = await snapshot();
      const res = await send(req);
      const text = res.text;
      expect(res.status, text.slice(0, 300)).toBe(row.expect.status);
      const body = text.startsWith('{') ? (JSON.parse(text) as unknown) : text;
      if (row.expect.code) {
        const { error } = body as { error: { code: string; message: string } };
        expect(error.code).toBe(row.expect.code);
        expect(error.message).toMatch(row.expect.message ?? /\w/);
      } else if (row.expect.results) {
        const results = (body as PushResponse).results;
        expect(results.map((r) => (r.status === 'applied' ? 'applied' : r.error.code))).toEqual(row.expect.results);
        const refusal = results.find((r) => r.status === 'refused');
        if (row.expect.message) expect(refusal?.status === 'refused' ? refusal.error.message : text).toMatch(row.expect.message);
      } else if (row.expect.message) {
        expect(text).toMatch(row.expect.message);
      }
      row.expect.check?.(body, ctx);
      await sandbox.clearFaults();
      const after = await snapshot();
      if (row.intact) await row.intact(before, after);
      else expect(after).toEqual(before);
    });
  }

  test('after every bad input, the good path still works: a fresh token is accepted by Connect, and a change reaches it', async () => {
    const minted = await call<{ token: string }>(ctx.cookies.owner, 'POST', '/api/connect/token', {});
    const res = await fetch(`${SANDBOX_URL}/auth-mango-biz`, { method: 'POST', headers: { authorization: `Bearer ${minted.body.token}` } });
    expect(res.status).toBe(200);
    const m = clientCreate({ name: uniqueName('Matrix Afterwards') });
    await settle(ctx.cookies.staff, [m]);
  });
});

// ---------------------------------------------------------------------------------------------
// Process rows: the server's own ground breaks

test.describe('bad-input matrix: the server process', () => {
  const PORT = 6203;
  let own: Server;
  let dir: string;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    dir = join(mkdtempSync(join(tmpdir(), 'mango-e2e-lock-')), 'pglite');
    own = await startShell(PORT, 6204, { BIZ_PGLITE_DIR: dir });
  });
  test.afterAll(async () => {
    await own?.stop();
    const { rmSync } = await import('node:fs');
    const { dirname } = await import('node:path');
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  test('process: a second server opening the same PGlite directory is refused clearly, and the first keeps serving', async () => {
    const second = await runShellToExit(shellEnv(6205, 6204, { BIZ_PGLITE_DIR: dir }));
    expect(second.code, second.output).toBe(1);
    expect(second.output).toContain(`The PGlite data directory ${dir} is in use by another Mango Biz process`);
    expect(second.output).toMatch(/point BIZ_PGLITE_DIR at another directory, or run several processes against a Postgres server with DATABASE_URL/);
    const base = `http://localhost:${PORT}`;
    const cookie = await signIn(LOGINS.staff, base);
    const { clients } = await serverRows(cookie, base);
    expect(clients.length).toBeGreaterThan(100);
  });

  // On this server of its own, so its throttle (per account and per address) locks nobody out of the main stack.
  test('process: the sixth wrong password in a row is answered 429 with Retry-After, for the right password too', async () => {
    const base = `http://localhost:${PORT}`;
    const attempt = (password: string) => call<{ error: { code: string; message: string } }>('', 'POST', '/api/auth/login', { email: LOGINS.manager, password }, base);
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    for (const password of ['wrong-again', DEMO_PASSWORD]) {
      const locked = await attempt(password);
      expect(locked.status).toBe(429);
      expect(locked.body.error).toEqual({ code: 'too_many_attempts', message: expect.stringMatching(/Too many failed sign-ins; try again in 1[45] minute\(s\)\./) });
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    }
    // Another member at the same address is not locked out by one account's guesses.
    expect((await signIn(LOGINS.staff, base)).length).toBeGreaterThan(10);
  });
});

test.describe('bad-input matrix: the database goes away', () => {
  const PORT = 6206;
  let cluster: ThrowawayCluster;
  let shell: Server;
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = await startThrowawayCluster();
    shell = await startShell(PORT, 6204, { DATABASE_URL: cluster.url, BIZ_DB_POOL_SIZE: '2' });
  });
  test.afterAll(async () => {
    await shell?.stop();
    await cluster?.stop();
  });

  test('process: with the Postgres server down, a push answers 503 database_unavailable, nothing is half-written, and the same push applies once it is back', async () => {
    test.setTimeout(90_000);
    const base = `http://localhost:${PORT}`;
    const cookie = await signIn(LOGINS.staff, base);
    const before = await serverRows(cookie, base);
    const m = clientCreate({ name: 'Matrix Database Down' }) as Mutation;
    await stopPostgres(cluster);
    const down = await call<{ error: { code: string; message: string } }>(cookie, 'POST', '/api/mutations', { mutations: [m] }, base);
    expect(down.status, down.text).toBe(503);
    expect(down.headers.get('retry-after')).toBe('2');
    expect(down.body.error).toEqual({ code: 'database_unavailable', message: expect.stringMatching(/cannot be reached right now; nothing was saved/) });
    await cluster.restart();
    // The pool drops the connections the shutdown cut and opens new ones.
    await expect.poll(async () => (await call(cookie, 'GET', `/api/changes?since=${before.cursor}`, undefined, base)).status, { timeout: 20_000 }).toBe(200);
    const afterOutage = await serverRows(cookie, base);
    expect(afterOutage.cursor).toBe(before.cursor);
    expect(afterOutage.clients.find((c) => c.id === m.entityId)).toBeUndefined();
    // The device sends the same mutation again: it applies, once.
    const [applied] = await push(cookie, [m], base);
    const [again] = await push(cookie, [m], base);
    expect(applied?.status).toBe('applied');
    expect(again).toEqual(applied);
    const finally_ = await serverRows(cookie, base);
    expect(finally_.clients.filter((c) => c.id === m.entityId)).toHaveLength(1);
    expect(finally_.cursor).toBe(before.cursor + 1);
  });
});

/** Fast shutdown of the cluster's server (SIGINT to the postmaster), leaving its files for a restart. */
async function stopPostgres(cluster: ThrowawayCluster): Promise<void> {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const pid = Number(readFileSync(join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.kill(pid, 'SIGINT');
  await expect
    .poll(() => {
      try {
        process.kill(pid, 0);
        return 'running';
      } catch {
        return 'stopped';
      }
    }, { timeout: 20_000 })
    .toBe('stopped');
}

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

/** How many clients the store holds in the browser (its IndexedDB cache), read without the app's code. */
const storedClients = (page: Page) =>
  page.evaluate(
    (dbName) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(dbName);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('clients')) {
            db.close();
            return resolve(0);
          }
          const count = db.transaction('clients').objectStore('clients').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
    `mango-biz-${DEMO_STORE_ID}`,
  );
/** The cache's client count once the first pull has filled it. */
async function filledCache(page: Page): Promise<number> {
  await expect.poll(() => storedClients(page), { message: 'the first pull to fill the cache' }).toBeGreaterThan(100);
  return storedClients(page);
}

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
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    await resetConnect();
    await enableConnectByApi(await sessionOf(STORES.salon.owner));
  });
  test.afterEach(async () => {
    await sandbox.sdkMode('ok');
    await sandbox.clearFaults();
  });

  for (const row of UI_ROWS) {
    test(`${row.group}: ${row.input}`, async ({ page }) => {
      await login(page, 'owner');
      const clientsBefore = await filledCache(page);
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

// The device and the server disagree: what the member sees, and that the server ends up right.
interface SyncRow {
  input: string;
  run: (page: Page, name: string) => Promise<void>;
}
/** The salon's clients named `name` on the server. */
const onServer = async (name: string) => (await serverRows(await sessionOf(LOGINS.owner))).clients.filter((c) => c.name === name);
const SYNC_ROWS: SyncRow[] = [
  {
    input: 'the server answers 503 database_unavailable to a push',
    run: async (page, name) => {
      let refused = 0;
      await page.route('**/api/mutations', (route) => {
        refused++;
        return route.fulfill({ status: 503, contentType: 'application/json', headers: { 'retry-after': '2' }, body: JSON.stringify({ error: { code: 'database_unavailable', message: 'The Mango Biz database cannot be reached right now; nothing was saved.' } }) });
      });
      await createClient(page, name);
      await expect(page.getByText('Not saved yet — 1 change waiting, retrying')).toBeVisible();
      expect(refused).toBeGreaterThan(0);
      expect(await onServer(name)).toEqual([]);
      await page.unrouteAll();
      // The queue goes out on its own (backoff), once.
      await expect(page.getByText(/waiting|Saving…/)).toHaveCount(0, { timeout: 20_000 });
      await expect.poll(async () => (await onServer(name)).length).toBe(1);
    },
  },
  {
    input: 'the server refuses a change the form let through',
    run: async (page, name) => {
      // As an older build of the app would send it: a name one past the server's limit.
      await page.route('**/api/mutations', (route) => {
        const body = route.request().postDataJSON() as { mutations: { fields?: { name: string } }[] };
        for (const m of body.mutations) if (m.fields) m.fields.name = `${m.fields.name} ${'x'.repeat(LIMITS.clientName)}`;
        return route.continue({ postData: JSON.stringify(body) });
      });
      await createClient(page, name);
      await expect(page.getByRole('status').filter({ hasText: `Could not save client “${name}”: mutations.0: fields.name: Name must be at most ${LIMITS.clientName} characters. The change was undone.` })).toBeVisible();
      await page.unrouteAll();
      // Undone on the device too: the server's truth replaced the optimistic row.
      await page.getByLabel('Search clients').fill(name);
      await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
      expect(await onServer(name)).toEqual([]);
    },
  },
  {
    input: 'the session is signed out on another device',
    run: async (page, name) => {
      // The change is made while the session is live; its push meets the revoked session.
      await page.route('**/api/mutations', (route) => route.abort('connectionrefused'));
      await createClient(page, name);
      expect((await call(await cookieOf(page), 'POST', '/api/auth/logout', {})).status).toBe(200);
      await page.unrouteAll();
      // The change waits on this device for the member to sign in again, then goes out.
      await expect(page).toHaveURL(/\/login/, { timeout: 20_000 });
      expect(await onServer(name)).toEqual([]);
      await page.getByLabel('Email').fill(LOGINS.owner);
      await page.getByLabel('Password').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(async () => (await onServer(name)).length, { timeout: 20_000 }).toBe(1);
    },
  },
];

test.describe('bad-input matrix: device ↔ server', () => {
  test.beforeAll(resetConnect);
  for (const row of SYNC_ROWS) {
    test(`sync: ${row.input}`, async ({ page }) => {
      await login(page, 'owner');
      await filledCache(page);
      await row.run(page, uniqueName('Matrix Device'));
    });
  }
});

// Form input: what the user types must be refused clearly or kept exactly, and always shown as text.
interface FormRow {
  input: string;
  fields: { name: string; email?: string; phone?: string; notes?: string };
  /** The field error the form shows, or null when the client must be saved exactly as typed. */
  error: string | null;
}
const INJECTION = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
const atLimit = (name: string, length: number) => `${name} ${'a'.repeat(length)}`.slice(0, length);
const FORM_ROWS: FormRow[] = [
  { input: 'empty name', fields: { name: '   ' }, error: 'Name is required.' },
  { input: 'huge name (5,000 characters)', fields: { name: 'N'.repeat(5000) }, error: `Name must be at most ${LIMITS.clientName} characters.` },
  { input: 'huge notes (10,000 characters)', fields: { name: 'Huge Notes Hana', notes: 'n'.repeat(10_000) }, error: `Notes must be at most ${LIMITS.notes} characters.` },
  { input: `email one past the limit (${LIMITS.email + 1} characters)`, fields: { name: 'Long Email Lea', email: `${'e'.repeat(LIMITS.email - 11)}@example.com` }, error: `Email must be at most ${LIMITS.email} characters.` },
  { input: `phone one past the limit (${LIMITS.phone + 1} characters)`, fields: { name: 'Long Phone Pia', phone: '5'.repeat(LIMITS.phone + 1) }, error: `Phone must be at most ${LIMITS.phone} characters.` },
  { input: 'unicode (accents, CJK, RTL, emoji)', fields: { name: uniqueName('Zoë Ñandú 李小龍 سارا 👩🏽‍🦱'), notes: 'café ☕ — ünïcödé' }, error: null },
  { input: 'script injection', fields: { name: `${uniqueName('Inj')} ${INJECTION}`.slice(0, 110), notes: INJECTION }, error: null },
  { input: `name at the limit (${LIMITS.clientName} characters) is saved whole`, fields: { name: atLimit(uniqueName('Limit Lina'), LIMITS.clientName) }, error: null },
  { input: `notes and phone at their limits`, fields: { name: uniqueName('Limit Noor'), phone: `+${'1'.repeat(LIMITS.phone - 1)}`, notes: atLimit('Long notes', LIMITS.notes) }, error: null },
];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test.describe('bad-input matrix: forms', () => {
  // One signed-in page for every row (each starts from the Clients link), so the rows test the
  // form rather than sign-in and the first pull again and again.
  let page: Page;
  const dialogs: string[] = [];
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(90_000);
    await resetConnect();
    await enableConnectByApi(await sessionOf(STORES.salon.owner));
    page = await (await browser.newContext()).newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await login(page, 'owner');
    await filledCache(page);
  });
  test.afterAll(() => page?.context().close());

  for (const row of FORM_ROWS) {
    test(`form: ${row.input}`, async () => {
      dialogs.length = 0;
      await navigate(page, 'Clients');
      const countBefore = await storedClients(page);
      const inlineScripts = () => page.locator('script:not([src])').count();
      const inlineBefore = await inlineScripts();
      await page.getByRole('button', { name: 'New client' }).click();
      await page.getByLabel('Name').fill(row.fields.name);
      for (const [label, value] of [['Email', row.fields.email], ['Phone', row.fields.phone], ['Notes', row.fields.notes]] as const) {
        if (value) await page.getByLabel(label).fill(value);
      }
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
      // The server and Connect hold the same characters, byte for byte.
      await expect.poll(async () => (await onServer(name)).length).toBe(1);
      expect((await onServer(name))[0]).toMatchObject({ name, notes: row.fields.notes?.trim() ?? '', phone: row.fields.phone ?? '' });
      const [arrived] = (await waitForWebhooks(new RegExp(escapeRe(JSON.stringify(name).slice(1, -1))), 1)).filter((w) => !w.duplicate);
      expect((arrived?.data as { name: string }).name).toBe(name);
    });
  }
});

test('the matrix counts its rows', () => {
  const process = 3;
  const rows = HTTP_ROWS.length + process + UI_ROWS.length + SYNC_ROWS.length + FORM_ROWS.length;
  console.log(`bad-input matrix: ${rows} rows (HTTP ${HTTP_ROWS.length}, process ${process}, UI ${UI_ROWS.length}, device↔server ${SYNC_ROWS.length}, forms ${FORM_ROWS.length})`);
  expect(rows).toBeGreaterThanOrEqual(70);
});
