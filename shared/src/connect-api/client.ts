import ky, { isHTTPError, isNetworkError, isTimeoutError } from 'ky';
import * as v from 'valibot';
import { assertSecret, ConnectApiError, ConnectConfigError, ConnectValidationError } from '../errors.js';
import { capErrorBody } from '../internal/cap-error-body.js';
import { readCapped } from '../internal/read-capped.js';
import {
  ApiErrorBodySchema,
  ProvisionRequestSchema,
  ProvisionResponseSchema,
  SyncRequestSchema,
  type ConnectApiHealth,
  type ProvisionRequest,
  type ProvisionResponse,
  type SyncBatchOutcome,
  type SyncRequest,
} from '../types/connect-api.js';
import { describeIssues, issuePath } from '../types/validation.js';
import { signedRequestHeaders } from '../webhooks/sign.js';
import { healthStateOf } from './health-state.js';
import { readSyncAnswer } from './sync-answer.js';

export interface ConnectApiClientOptions {
  /** Connect API origin, e.g. MANGO_CONNECT_API_URL. */
  apiUrl: string;
  /** MANGO_CONNECT_WEBHOOK_SECRET: signs every request like a webhook. */
  webhookSecret: string;
  fetch?: typeof fetch;
  /** Per-attempt timeout for the answer's headers, and again for reading its body; default 15000 ms. */
  timeoutMs?: number;
  /** Extra attempts for 5xx, 408, 429 and network errors; default 2. */
  retries?: number;
}

export interface ConnectApiClient {
  /** Throws ConnectApiError unless Connect answers a 2xx carrying the four fields the PRD pins. */
  provision(req: ProvisionRequest): Promise<ProvisionResponse>;
  /** Any 2xx is success, whatever its body; throws ConnectApiError for a non-2xx or no answer. */
  syncBatch(req: SyncRequest): Promise<SyncBatchOutcome>;
  /** Never throws: no answer is a result ('down'). */
  health(): Promise<ConnectApiHealth>;
}

/** Largest answer read from Connect; its answers are a few hundred bytes, so more is a broken or hostile server. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Of an error answer only the start is read: enough for `{ error: { code, message } }` and an excerpt. */
const MAX_ERROR_BODY_BYTES = 4 * 1024;
const EXCERPT_CHARS = 500;

const PROVISION_FIELDS = 'connectTenantId, connectTenantSlug, webhookUrl and apiUrl';

/**
 * The Biz → Connect API client for the edge API. Requests are signed exactly like webhooks
 * (X-Mango-Signature + Standard Webhooks headers, a fresh webhook-id per call). Answers are read
 * as a tolerant reader: only what the PRD pins is required, extra fields are ignored, and no answer
 * is read past MAX_ANSWER_BYTES (error answers past 4 KB). Retrying a POST is safe here:
 * provisioning is idempotent per store and sync upserts by id. Redirects are never followed.
 * Failures throw ConnectApiError with kind, status and body excerpt.
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

  /** POSTs a signed request; resolves with a 2xx answer whose body is still unread. */
  async function signedPost(path: string, what: string, body: unknown): Promise<Response> {
    const url = `${baseUrl}${path}`;
    const rawBody = JSON.stringify(body);
    const headers = await signedRequestHeaders({ id: globalThis.crypto.randomUUID(), rawBody, secret: opts.webhookSecret });
    try {
      return await http.post(url, { body: rawBody, headers, hooks: { afterResponse: [capErrorBody(MAX_ERROR_BODY_BYTES, timeoutMs)] } });
    } catch (err) {
      throw toApiError(err, what, url, timeoutMs);
    }
  }

  return {
    async provision(req) {
      const what = 'provisioning';
      const body = validate(ProvisionRequestSchema, req, 'Provisioning request');
      const response = await signedPost('/provision-mango-biz-tenant', what, body);
      const text = await readWholeAnswer(response, what, timeoutMs);
      const invalid = (message: string, cause?: unknown) =>
        new ConnectApiError({ kind: 'invalid_response', status: response.status, bodyExcerpt: text.slice(0, EXCERPT_CHARS), message }, { cause });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw invalid(`Mango Connect answered ${what} with a body that is not JSON; is MANGO_CONNECT_API_URL pointing at Connect?`, err);
      }
      const parsed = v.safeParse(ProvisionResponseSchema, json);
      if (!parsed.success) {
        throw invalid(
          `Mango Connect's answer to ${what} lacks what Biz needs (${PROVISION_FIELDS}): ${describeProvisionIssues(parsed.issues)}`,
          new v.ValiError(parsed.issues),
        );
      }
      return parsed.output;
    },

    async syncBatch(req) {
      const body = validate(SyncRequestSchema, req, 'Sync batch');
      const response = await signedPost('/api-mango-biz-sync', `sync batch ${body.batchId}`, body);
      // The 2xx is the success. The body may add counts or per-item results, so it is read when it
      // can be; one that is empty, not JSON, too large, slow or cut off changes nothing.
      const answer = await readCapped(response, MAX_ANSWER_BYTES, { timeoutMs }).catch(() => undefined);
      return readSyncAnswer(body, answer?.end === 'complete' ? parseJsonOrUndefined(answer.text) : undefined);
    },

    async health() {
      const started = Date.now();
      try {
        const response = await http.get(`${baseUrl}/health`, { throwHttpErrors: false, retry: 0 });
        // Only the status matters; the body is never read.
        response.body?.cancel().catch(() => undefined);
        const state = healthStateOf(response.status);
        return { state, ok: state === 'up', latencyMs: Date.now() - started, status: response.status };
      } catch {
        // Health is a probe: "no answer" is a result, not an exception.
        return { state: 'down', ok: false, latencyMs: Date.now() - started, status: null };
      }
    },
  };
}

/** The whole of a 2xx answer Biz needs to parse, or ConnectApiError when it is too large, too slow or cut off. */
async function readWholeAnswer(response: Response, what: string, timeoutMs: number): Promise<string> {
  const answer = await readCapped(response, MAX_ANSWER_BYTES, { timeoutMs }).catch((err: unknown) => {
    const cause = err instanceof Error ? err.message : String(err);
    throw new ConnectApiError({ kind: 'network', status: response.status, message: `The connection to Mango Connect dropped while it answered ${what} (${cause}); try again` }, { cause: err });
  });
  const bodyExcerpt = answer.text.slice(0, EXCERPT_CHARS);
  if (answer.end === 'over_cap') {
    throw new ConnectApiError({
      kind: 'invalid_response',
      status: response.status,
      bodyExcerpt,
      message: `Mango Connect's answer to ${what} is too large: Biz reads at most ${MAX_ANSWER_BYTES / 1024} KB of an answer, and this one is longer`,
    });
  }
  if (answer.end === 'timeout') {
    throw new ConnectApiError({ kind: 'timeout', status: response.status, bodyExcerpt, message: `Mango Connect did not finish its answer to ${what} within ${timeoutMs} ms; try again later` });
  }
  return answer.text;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One phrase per problem, naming the field: "webhookUrl is missing", "apiUrl must be an absolute http(s) URL". */
function describeProvisionIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const phrases = issues.map((issue) => {
    const path = v.getDotPath(issue);
    if (path === null) return 'the answer is not a JSON object';
    return issue.input === undefined ? `${issuePath(issue)} is missing` : `${issuePath(issue)} ${issue.message}`;
  });
  return [...new Set(phrases)].join('; ');
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
    // capErrorBody made `data` the first 4 KB of the body as text (undefined when empty).
    const text = typeof err.data === 'string' ? err.data : '';
    const bodyExcerpt = text.slice(0, EXCERPT_CHARS);
    const apiError = v.safeParse(ApiErrorBodySchema, parseJsonOrUndefined(text));
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
