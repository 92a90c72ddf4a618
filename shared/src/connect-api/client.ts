import ky, { isHTTPError, isNetworkError, isTimeoutError } from 'ky';
import * as v from 'valibot';
import { assertSecret, ConnectApiError, ConnectConfigError, ConnectValidationError } from '../errors.js';
import {
  ApiErrorBodySchema,
  ProvisionRequestSchema,
  ProvisionResponseSchema,
  SyncRequestSchema,
  SyncResponseSchema,
  type ProvisionRequest,
  type ProvisionResponse,
  type SyncRequest,
  type SyncResponse,
} from '../types/connect-api.js';
import { describeIssues } from '../types/validation.js';
import { signedRequestHeaders } from '../webhooks/sign.js';

export interface ConnectApiClientOptions {
  /** Connect API origin, e.g. MANGO_CONNECT_API_URL. */
  apiUrl: string;
  /** MANGO_CONNECT_WEBHOOK_SECRET: signs every request like a webhook. */
  webhookSecret: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout; default 15000 ms. */
  timeoutMs?: number;
  /** Extra attempts for 5xx, 408, 429 and network errors; default 2. */
  retries?: number;
}

export interface ConnectApiClient {
  provision(req: ProvisionRequest): Promise<ProvisionResponse>;
  syncBatch(req: SyncRequest): Promise<SyncResponse>;
  health(): Promise<{ ok: boolean; latencyMs: number; status: number | null }>;
}

const EXCERPT_CHARS = 500;

/**
 * The Biz → Connect API client for the edge API. Requests are signed exactly like webhooks
 * (X-Mango-Signature + Standard Webhooks headers, a fresh webhook-id per call) and answers are
 * validated against the contract schemas. Retrying a POST is safe here: provisioning is idempotent
 * per store and sync upserts by id. Failures throw ConnectApiError with kind, status and body excerpt.
 */
export function createConnectApiClient(opts: ConnectApiClientOptions): ConnectApiClient {
  assertSecret('MANGO_CONNECT_WEBHOOK_SECRET', opts.webhookSecret);
  let base: URL;
  try {
    base = new URL(opts.apiUrl);
  } catch (err) {
    throw new ConnectConfigError(`MANGO_CONNECT_API_URL is not a valid URL (got "${opts.apiUrl}")`, { cause: err });
  }
  const baseUrl = base.href.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const retries = opts.retries ?? 2;
  const fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);

  const http = ky.create({
    fetch: fetchImpl,
    timeout: timeoutMs,
    redirect: 'manual',
    retry: {
      limit: retries,
      methods: ['post', 'get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      afterStatusCodes: [429, 503],
      maxRetryAfter: 10_000,
      backoffLimit: 5_000,
    },
  });

  async function signedPost<S extends v.GenericSchema>(path: string, what: string, body: unknown, schema: S): Promise<v.InferOutput<S>> {
    const url = `${baseUrl}${path}`;
    const rawBody = JSON.stringify(body);
    const headers = await signedRequestHeaders({ id: globalThis.crypto.randomUUID(), rawBody, secret: opts.webhookSecret });
    let text: string;
    let status: number;
    try {
      const pending = http.post(url, { body: rawBody, headers });
      // ky's body shortcut bounds the body read by the same timeout; awaiting `pending` again gives the status.
      text = await pending.text();
      status = (await pending).status;
    } catch (err) {
      throw toApiError(err, what, url, timeoutMs);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new ConnectApiError(
        { kind: 'invalid_response', status, bodyExcerpt: text.slice(0, EXCERPT_CHARS), message: `Mango Connect answered ${what} with a body that is not JSON; is MANGO_CONNECT_API_URL pointing at Connect?` },
        { cause: err },
      );
    }
    const parsed = v.safeParse(schema, json);
    if (!parsed.success) {
      const issues = describeIssues(parsed.issues).join('; ');
      throw new ConnectApiError(
        { kind: 'invalid_response', status, bodyExcerpt: text.slice(0, EXCERPT_CHARS), message: `Mango Connect's answer to ${what} does not match the contract: ${issues}` },
        { cause: new v.ValiError(parsed.issues) },
      );
    }
    return parsed.output;
  }

  return {
    async provision(req) {
      const body = validate(ProvisionRequestSchema, req, 'Provisioning request');
      return signedPost('/provision-mango-biz-tenant', 'provisioning', body, ProvisionResponseSchema);
    },

    async syncBatch(req) {
      const body = validate(SyncRequestSchema, req, 'Sync batch');
      return signedPost('/api-mango-biz-sync', `sync batch ${body.batchId}`, body, SyncResponseSchema);
    },

    async health() {
      const started = Date.now();
      try {
        const response = await http.get(`${baseUrl}/health`, { throwHttpErrors: false, retry: 0 });
        await response.body?.cancel();
        return { ok: response.ok, latencyMs: Date.now() - started, status: response.status };
      } catch {
        // Health is a probe: "no answer" is a result, not an exception.
        return { ok: false, latencyMs: Date.now() - started, status: null };
      }
    },
  };
}

/** Refuses a request that breaks the contract (e.g. more than 100 items) before anything is sent. */
function validate<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const parsed = v.safeParse(schema, value);
  if (!parsed.success) {
    throw new ConnectValidationError(`${what} does not match the contract`, describeIssues(parsed.issues), { cause: new v.ValiError(parsed.issues) });
  }
  return parsed.output;
}

function toApiError(err: unknown, what: string, url: string, timeoutMs: number): ConnectApiError {
  if (isHTTPError(err)) {
    const status = err.response.status;
    const bodyExcerpt = (typeof err.data === 'string' ? err.data : err.data === undefined ? '' : JSON.stringify(err.data)).slice(0, EXCERPT_CHARS);
    const apiError = v.safeParse(ApiErrorBodySchema, err.data);
    const detail = apiError.success ? `${apiError.output.error.code}: ${apiError.output.error.message}` : bodyExcerpt || err.response.statusText;
    const redirect = status >= 300 && status < 400 ? ' (redirects are not followed; use the final URL in MANGO_CONNECT_API_URL)' : '';
    return new ConnectApiError({ kind: 'http', status, bodyExcerpt, message: `Mango Connect answered ${status} to ${what}: ${detail}${redirect}` }, { cause: err });
  }
  if (isTimeoutError(err)) {
    return new ConnectApiError({ kind: 'timeout', status: null, message: `Mango Connect did not answer ${what} within ${timeoutMs} ms; try again later` }, { cause: err });
  }
  if (isNetworkError(err)) {
    const cause = err.cause instanceof Error ? err.cause.message : String(err.cause);
    return new ConnectApiError({ kind: 'network', status: null, message: `Could not reach Mango Connect at ${url} for ${what} (${cause}); check MANGO_CONNECT_API_URL and that Connect is up` }, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectApiError({ kind: 'network', status: null, message: `Request to Mango Connect for ${what} failed: ${message}` }, { cause: err });
}
