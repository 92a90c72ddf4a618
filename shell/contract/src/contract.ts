import type {
  ConnectFeatures,
  DeliveryStatus,
  MangoConnectIntegration,
  Session,
  SyncReport,
  WaitingResponse,
  WebhookDelivery,
  WebhookEvent,
} from '@mango/connect-shared';

/**
 * Version of this contract. A remote declares the major it was built against; the shell refuses
 * (with a clear fallback, not a crash) a remote whose major differs. A minor adds only optional
 * members, so a remote built against an earlier minor of the same major keeps working.
 */
export const SHELL_CONTRACT_VERSION = '1.3.0';

/** `useConnectToken()`: null token when Connect is disabled or there is no session. */
export interface ConnectTokenState {
  token: string | null;
  /** True while the token exists and is not within its expiry. */
  isValid: boolean;
  /** Fetches a fresh token from the edge API; resolves to it (or null when Connect is off). */
  refresh: () => Promise<string | null>;
  error: string | null;
}

export interface SyncProgress {
  entity: 'clients' | 'appointments';
  done: number;
  total: number;
  failed: number;
}

export interface SyncRunResult {
  clients: SyncReport;
  appointments: SyncReport;
  finishedAt: string;
}

export interface SyncState {
  running: boolean;
  progress: SyncProgress | null;
  last: SyncRunResult | null;
  counts: { clients: number; appointments: number };
  /**
   * Why the latest run stopped before it finished ("Mango Connect is unreachable"), or null when
   * it finished or is running (since 1.2.0). Per-batch errors stay in `last`.
   */
  error?: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  event?: WebhookEvent;
  limit?: number;
}

export interface ConnectionCheck {
  ok: boolean;
  message: string;
  latencyMs?: number;
  /**
   * `unknown`: Connect offers no health check, so nothing was checked; not a sign it is down
   * (since 1.2.0; a 1.1 remote reads `ok`, which is false then).
   */
  state?: 'connected' | 'unreachable' | 'unknown';
}

/** What the shell's integration service offers remotes. Every method rejects with an Error whose message a person can act on. */
export interface ConnectServices {
  getIntegration(): Promise<MangoConnectIntegration | null>;
  /**
   * Provisions the tenant and turns Connect on (on the server), then waits for the initial sync the
   * server runs, reporting its progress. `sync` is null when that run did not finish (see
   * `SyncState.error`).
   */
  enable(onProgress?: (p: SyncProgress) => void): Promise<{ integration: MangoConnectIntegration; sync: SyncRunResult | null }>;
  disable(): Promise<void>;
  updateFeatures(features: Partial<ConnectFeatures>): Promise<MangoConnectIntegration>;
  /** Starts a sync run on the server (or follows the one already running) and resolves when it ends. */
  syncNow(onProgress?: (p: SyncProgress) => void): Promise<SyncRunResult>;
  listDeliveries(filter?: DeliveryFilter): Promise<WebhookDelivery[]>;
  /** Queues a dead-lettered event on the server for immediate delivery. */
  redeliver(eventId: string): Promise<void>;
  checkConnection(): Promise<ConnectionCheck>;
  /**
   * The webhook destination's health (its circuit) and the events waiting to reach Connect, soonest
   * next attempt first (since 1.3.0; a shell of an earlier minor lacks it, so check before calling).
   */
  listWaiting?(): Promise<WaitingResponse>;
  /**
   * Makes that waiting event, or every waiting event when no id is given, due at once, and probes a
   * paused destination at once. Resolves to how many events were made due (since 1.3.0; optional).
   */
  retryNow?(eventId?: string): Promise<number>;
}

/** The whole value the shell provides; read it through the hooks in hooks.ts. */
export interface ShellContractValue {
  version: string;
  session: Session | null;
  connectToken: ConnectTokenState;
  /** Current integration config (null when never set up); re-rendered on change. */
  integration: MangoConnectIntegration | null;
  sync: SyncState;
  services: ConnectServices;
  /** Bumps when deliveries change so the log can re-query. */
  deliveriesVersion: number;
  /** Lets remotes show a toast in the shell's single toast area. */
  notify: (message: string, kind?: 'info' | 'error' | 'success') => void;
  /**
   * Client-side navigation to a shell route (since 1.1.0). Remotes link through this instead of a
   * router of their own, so react-router need not be a shared module: shared modules cannot be
   * tree-shaken, and sharing it made the shell ship all of react-router on every page.
   */
  navigate?: (to: string) => void;
}

/** Major version compatibility check: `isCompatibleContract('1.4.0')` against 1.x. */
export function isCompatibleContract(required: string, provided: string = SHELL_CONTRACT_VERSION): boolean {
  return required.split('.')[0] === provided.split('.')[0];
}
