import {
  DEFAULT_CONNECT_FEATURES,
  MutationSchema,
  type ApiError,
  type AppointmentRow,
  type ChangesResponse,
  type ClientRow,
  type ConnectState,
  type DestinationHealth,
  type Mutation,
  type PushResult,
  type SyncRunView,
  type WaitingEvent,
  type WebhookDelivery,
} from '@mango/connect-shared';
import * as v from 'valibot';

/**
 * A small stand-in for the Biz API, answering as notes on the API say it does: mutations applied
 * once per id and in order, a change sequence per store, the change feed with paging and resets,
 * the Connect state with sync runs the test moves along. `fetch` is what the browser code calls.
 */
export interface FakeBizServer {
  fetch: typeof fetch;
  /** Every request, as `METHOD /path?query`, in order. */
  requests: string[];
  /** Mutations sent, per push request. */
  pushes: Mutation[][];
  seq(): number;
  clients(): ClientRow[];
  appointments(): AppointmentRow[];
  /** How many times each mutation id was applied (a repeat must not apply it again). */
  appliedCount(mutationId: string): number;
  /** A change made on another device. */
  putClient(row: Omit<ClientRow, 'seq' | 'createdAt' | 'updatedAt'> & Partial<ClientRow>): ClientRow;
  /** The next requests to this path prefix fail as a whole (a status, or the network). */
  failNext(pathPrefix: string, failure: number | 'network', times?: number): void;
  /** The next push is applied, but its answer never arrives (the network drops it). */
  loseNextPushAnswer(): void;
  /** Refuse a mutation when `rule` returns an error for it. */
  refuse(rule: (m: Mutation) => ApiError | null): void;
  /** The session is gone: every request answers 401. */
  signOut(): void;
  /** Rows per change-feed page. */
  pageLimit: number;
  /** Replaces the database (e.g. restored elsewhere): the sequence restarts. */
  replaceDatabase(clients: ClientRow[]): void;
  connectState(): ConnectState;
  /** Moves the running sync run along (each step bumps the store's sequence, as the server does). */
  progressSync(progress: NonNullable<SyncRunView['progress']>): void;
  finishSync(status?: 'done' | 'failed', error?: string): void;
  deliveries: WebhookDelivery[];
  /** The webhook destination's circuit as `GET /api/connect/waiting` answers it. */
  destination: DestinationHealth | null;
  /** Events waiting to reach Connect; the answer lists them soonest first, at most 100. */
  waiting: WaitingEvent[];
}

/** A token shaped like the server's (HS256 JWT, exp in an hour); the signature is not checked here. */
function fakeJwt(): string {
  const part = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const iat = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ storeId: 'store_test', iat, exp: iat + 3600 })}.c2lnbmF0dXJl`;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const error = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

export function createFakeBizServer(opts: { now?: () => Date } = {}): FakeBizServer {
  const now = () => (opts.now?.() ?? new Date()).toISOString();
  let seq = 0;
  let connectSeq = 0;
  let clients = new Map<string, ClientRow>();
  let appointments = new Map<string, AppointmentRow>();
  const results = new Map<string, { mutation: string; result: PushResult }>();
  const appliedTimes = new Map<string, number>();
  const failures: { prefix: string; failure: number | 'network'; times: number }[] = [];
  let loseAnswer = false;
  let refuseRule: (m: Mutation) => ApiError | null = () => null;
  let signedOut = false;
  let runCounter = 0;
  let state: ConnectState = { integration: null, sync: null, counts: { clients: 0, appointments: 0 } };

  const setConnect = (next: ConnectState) => {
    state = next;
    seq += 1;
    connectSeq = seq;
  };

  function apply(m: Mutation): PushResult {
    const refused = refuseRule(m);
    if (refused) return { id: m.id, status: 'refused', error: refused };
    const at = now();
    seq += 1;
    appliedTimes.set(m.id, (appliedTimes.get(m.id) ?? 0) + 1);
    switch (m.type) {
      case 'client.create':
      case 'client.update': {
        const existing = clients.get(m.entityId);
        if (m.type === 'client.update' && !existing) return { id: m.id, status: 'refused', error: { code: 'not_found', message: 'This client does not exist in this store' } };
        const row: ClientRow = { id: m.entityId, ...m.fields, createdAt: existing?.createdAt ?? at, updatedAt: at, seq };
        clients.set(row.id, row);
        return { id: m.id, status: 'applied', seq, entity: 'client', row };
      }
      case 'appointment.create':
      case 'appointment.update':
      case 'appointment.cancel': {
        const existing = appointments.get(m.entityId);
        if (m.type !== 'appointment.create' && !existing) return { id: m.id, status: 'refused', error: { code: 'not_found', message: 'This appointment does not exist in this store' } };
        const row: AppointmentRow =
          m.type === 'appointment.cancel'
            ? { ...existing!, status: 'cancelled', updatedAt: at, seq }
            : { id: m.entityId, ...m.fields, status: existing?.status ?? 'scheduled', createdAt: existing?.createdAt ?? at, updatedAt: at, seq };
        appointments.set(row.id, row);
        return { id: m.id, status: 'applied', seq, entity: 'appointment', row };
      }
    }
  }

  function push(body: { mutations: unknown[] }): PushResult[] {
    return body.mutations.map((raw) => {
      const parsed = v.safeParse(MutationSchema, raw);
      const id = (raw as { id?: string }).id ?? '';
      if (!parsed.success) return { id, status: 'refused', error: { code: 'invalid_mutation', message: parsed.issues[0].message } };
      const m = parsed.output;
      const key = JSON.stringify(m);
      const stored = results.get(m.id);
      if (stored) return stored.mutation === key ? stored.result : { id: m.id, status: 'refused', error: { code: 'mutation_conflict', message: 'This change id was used for another change' } };
      const result = apply(m);
      results.set(m.id, { mutation: key, result });
      return result;
    });
  }

  function changes(since: number, limit: number): ChangesResponse {
    const reset = since === 0 || since > seq;
    const from = reset ? 0 : since;
    const rows = [...clients.values(), ...appointments.values()].filter((r) => r.seq > from).sort((a, b) => a.seq - b.seq);
    const page = rows.slice(0, limit);
    const more = rows.length > limit;
    const cursor = more ? page[page.length - 1]!.seq : seq;
    const out: ChangesResponse = {
      cursor,
      more,
      reset,
      clients: page.filter((r): r is ClientRow => 'email' in r),
      appointments: page.filter((r): r is AppointmentRow => 'clientId' in r),
    };
    if (reset || (connectSeq > from && connectSeq <= cursor)) out.connect = structuredClone(state);
    return out;
  }

  function startRun(): SyncRunView {
    runCounter += 1;
    return { id: `run_${runCounter}`, status: 'running', startedAt: new Date(Date.parse(now()) + runCounter).toISOString(), finishedAt: null, progress: null, clients: null, appointments: null, error: null };
  }

  const requests: string[] = [];
  const pushes: Mutation[][] = [];
  const server: FakeBizServer = {
    requests,
    pushes,
    pageLimit: 2000,
    deliveries: [],
    destination: null,
    waiting: [],
    async fetch(input, init) {
      const url = new URL(String(input), 'http://biz.test');
      const method = init?.method ?? 'GET';
      const path = url.pathname;
      requests.push(`${method} ${path}${url.search}`);
      const failure = failures.find((f) => path.startsWith(f.prefix));
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        if (failure.failure === 'network') throw new TypeError('Failed to fetch');
        return error(failure.failure, failure.failure === 503 ? 'database_unavailable' : 'internal', 'The server could not do that right now');
      }
      if (signedOut) return error(401, 'unauthenticated', 'Sign in first');
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
      if (method === 'POST' && path === '/api/mutations') {
        const mutations = body.mutations as unknown[];
        pushes.push(mutations as Mutation[]);
        const answer = push({ mutations });
        if (loseAnswer) {
          loseAnswer = false;
          throw new TypeError('Failed to fetch');
        }
        return json({ results: answer });
      }
      if (method === 'GET' && path === '/api/changes') return json(changes(Number(url.searchParams.get('since') ?? '0'), server.pageLimit));
      if (method === 'GET' && path === '/api/connect/state') return json(state);
      if (method === 'POST' && path === '/api/connect/enable') {
        const integration = { enabled: true, connectTenantId: 'ct_1', connectTenantSlug: 'test-salon', webhookUrl: 'http://connect.test/hook', apiUrl: 'http://connect.test', sdkUrl: 'http://connect.test/sdk.js', features: DEFAULT_CONNECT_FEATURES };
        setConnect({ ...state, integration, sync: startRun() });
        return json({ state });
      }
      if (method === 'POST' && path === '/api/connect/disable') {
        setConnect({ ...state, integration: state.integration && { ...state.integration, enabled: false } });
        return json({ state });
      }
      if (method === 'PATCH' && path === '/api/connect/config') {
        if (!state.integration) return error(409, 'connect_disabled', 'Enable Mango Connect first');
        setConnect({ ...state, integration: { ...state.integration, features: { ...state.integration.features, ...(body.features as object) } } });
        return json({ state });
      }
      if (method === 'POST' && path === '/api/connect/sync') {
        if (!state.integration?.enabled) return error(409, 'connect_disabled', 'Enable Mango Connect first');
        if (state.sync?.status !== 'running') setConnect({ ...state, sync: startRun() });
        return json({ state });
      }
      if (method === 'GET' && path === '/api/connect/deliveries') {
        const status = url.searchParams.get('status');
        const event = url.searchParams.get('event');
        const limit = Number(url.searchParams.get('limit') ?? '50');
        return json({ deliveries: server.deliveries.filter((d) => (!status || d.status === status) && (!event || d.event === event)).slice(0, limit), next: null });
      }
      if (method === 'POST' && path === '/api/connect/deliveries/redeliver') return json({ ok: true });
      if (method === 'GET' && path === '/api/connect/waiting') {
        const soonest = [...server.waiting].sort((a, b) => Date.parse(a.nextAttemptAt) - Date.parse(b.nextAttemptAt));
        return json({ destination: server.destination, waiting: soonest.slice(0, 100), total: server.waiting.length });
      }
      if (method === 'POST' && path === '/api/connect/waiting/retry') {
        const eventId = typeof body.eventId === 'string' ? body.eventId : undefined;
        const due = server.waiting.filter((e) => eventId === undefined || e.eventId === eventId);
        if (eventId !== undefined && due.length === 0) return error(404, 'not_found', `Event ${eventId} is not waiting in this store's outbox (it may have been delivered meanwhile).`);
        const at = now();
        for (const e of due) e.nextAttemptAt = at;
        if (server.destination?.active && server.destination.state === 'open') server.destination = { ...server.destination, probeAt: at };
        return json({ due: due.length });
      }
      if (method === 'GET' && path === '/api/connect/health') return json({ state: 'unknown', latencyMs: 12, status: 404, message: 'Mango Connect has no health endpoint' });
      if (method === 'POST' && path === '/api/connect/token') {
        if (!state.integration?.enabled) return error(409, 'connect_disabled', 'Mango Connect is off for this store');
        return json({ token: fakeJwt(), expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      }
      if (method === 'POST' && path === '/api/auth/logout') {
        signedOut = true;
        return json({ ok: true });
      }
      return error(404, 'not_found', `No route ${method} ${path}`);
    },
    seq: () => seq,
    clients: () => [...clients.values()],
    appointments: () => [...appointments.values()],
    appliedCount: (id) => appliedTimes.get(id) ?? 0,
    putClient(partial) {
      const at = now();
      seq += 1;
      const existing = clients.get(partial.id);
      const row: ClientRow = { createdAt: existing?.createdAt ?? at, ...partial, updatedAt: at, seq };
      clients.set(row.id, row);
      return row;
    },
    failNext(prefix, failure, times = 1) {
      failures.push({ prefix, failure, times });
    },
    loseNextPushAnswer() {
      loseAnswer = true;
    },
    refuse(rule) {
      refuseRule = rule;
    },
    signOut() {
      signedOut = true;
    },
    replaceDatabase(rows) {
      seq = 0;
      clients = new Map();
      appointments = new Map();
      for (const row of rows) server.putClient(row);
      setConnect(state);
    },
    connectState: () => structuredClone(state),
    progressSync(progress) {
      if (!state.sync) throw new Error('no sync run to move along');
      setConnect({ ...state, sync: { ...state.sync, progress } });
    },
    finishSync(status = 'done', message) {
      if (!state.sync) throw new Error('no sync run to finish');
      const report = (n: number) => ({ total: n, synced: status === 'done' ? n : 0, failed: 0, errors: [] });
      setConnect({
        ...state,
        sync: { ...state.sync, status, finishedAt: now(), progress: null, clients: report(clients.size), appointments: report(appointments.size), error: status === 'failed' ? (message ?? 'Mango Connect is unreachable') : null },
        counts: status === 'done' ? { clients: clients.size, appointments: appointments.size } : state.counts,
        integration: state.integration && status === 'done' ? { ...state.integration, lastSyncAt: now() } : state.integration,
      });
    },
  };
  return server;
}
