import { MangoConnectError, type SDKError } from './errors.js';
import { tokenExpiry } from './token.js';

export interface SDKOptions {
  /** Connect API origin (integration.apiUrl). */
  apiUrl: string;
  /** Current Biz JWT. */
  token: string;
  /** Called whenever the SDK needs a fresh token (401 token_expired, or expiry near). */
  fetchToken: () => Promise<string>;
  /** Every error the user should hear about. */
  onError?: (err: SDKError) => void;
}

export interface SDKSession {
  storeId: string;
  connectTenantId: string | null;
  member: { memberId: string; email: string; name: string; role: string; permissions: string[] };
  expiresAt: string;
}

/** Refresh ahead of `exp` so a request never leaves with a token about to lapse. */
const EXPIRY_LEAD_SECONDS = 30;
/** The same error repeated by a poll is told to the host once per window, not every 5 s. */
const REPEAT_REPORT_WINDOW_MS = 30_000;

interface ErrorBody {
  error?: { code?: string; message?: string };
}

export class MangoConnectSDK {
  private readonly apiUrl: string;
  private token: string;
  private readonly options: SDKOptions;
  private refreshing: Promise<string> | null = null;
  private destroyed = false;
  private lastReport: { key: string; at: number } | null = null;
  session: SDKSession | null = null;

  constructor(options: SDKOptions) {
    if (!options || typeof options.apiUrl !== 'string' || typeof options.token !== 'string' || typeof options.fetchToken !== 'function') {
      throw new TypeError('MangoConnectSDK needs { apiUrl, token, fetchToken }.');
    }
    this.options = options;
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.token = options.token;
  }

  /** Validates the token with Connect and returns who and where we are. */
  async init(): Promise<SDKSession> {
    const { session } = await this.request<{ session: SDKSession }>('POST', '/auth-mango-biz');
    this.session = session;
    return session;
  }

  setToken(token: string): void {
    this.token = token;
  }

  /** Stops all calls; mounted modules stop polling on their next tick. */
  destroy(): void {
    this.destroyed = true;
    this.session = null;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /**
   * One authenticated API call with the current token. On 401 token_expired it asks the host
   * for a fresh token once (shared by concurrent calls), sets it and retries once.
   * Failures are reported to onError and rejected as MangoConnectError.
   */
  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    try {
      if (this.destroyed) throw new MangoConnectError('not_initialised', 'The Mango Connect SDK was destroyed; create a new one.');
      const exp = tokenExpiry(this.token);
      if (exp !== null && exp - Date.now() / 1000 < EXPIRY_LEAD_SECONDS) await this.refreshToken(this.token);
      const sent = this.token;
      let res = await this.send(method, path, sent, body);
      if (res.status === 401 && (await errorCode(res.clone())) === 'token_expired') {
        await this.refreshToken(sent);
        res = await this.send(method, path, this.token, body);
      }
      if (!res.ok) throw await toError(res);
      return (await res.json()) as T;
    } catch (err) {
      const error = err instanceof MangoConnectError ? err : new MangoConnectError('api_error', String(err));
      this.report(error);
      throw error;
    }
  }

  private async send(method: string, path: string, token: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await fetch(`${this.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      throw new MangoConnectError('network', `Could not reach Mango Connect at ${this.apiUrl}: ${(err as Error).message ?? err}`);
    }
  }

  /** If the token is still the one that failed, fetch one fresh token for every waiting call. */
  private async refreshToken(failed: string): Promise<void> {
    if (this.token !== failed) return;
    this.refreshing ??= this.options
      .fetchToken()
      .then((fresh) => {
        if (typeof fresh !== 'string' || fresh === '') throw new Error('fetchToken returned no token');
        this.setToken(fresh);
        return fresh;
      })
      .catch((err: unknown) => {
        throw new MangoConnectError('token_expired', `The Connect token expired and a fresh one could not be fetched: ${(err as Error).message ?? err}`);
      })
      .finally(() => {
        this.refreshing = null;
      });
    await this.refreshing;
  }

  /** Tells the host, once per repeat window for an identical error. */
  report(error: MangoConnectError): void {
    const key = `${error.code}|${error.status ?? ''}|${error.message}`;
    const now = Date.now();
    if (this.lastReport && this.lastReport.key === key && now - this.lastReport.at < REPEAT_REPORT_WINDOW_MS) return;
    this.lastReport = { key, at: now };
    try {
      this.options.onError?.(error.toJSON());
    } catch {
      // A throwing host callback must not break the SDK.
    }
  }
}

async function errorCode(res: Response): Promise<string | undefined> {
  try {
    return ((await res.json()) as ErrorBody).error?.code;
  } catch {
    return undefined;
  }
}

async function toError(res: Response): Promise<MangoConnectError> {
  let body: ErrorBody = {};
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    // Not JSON: fall back to the status line.
  }
  const message = body.error?.message ?? `Mango Connect answered ${res.status} ${res.statusText}`;
  if (res.status === 401) {
    return new MangoConnectError(body.error?.code === 'token_expired' ? 'token_expired' : 'token_invalid', message, 401);
  }
  return new MangoConnectError('api_error', message, res.status);
}
