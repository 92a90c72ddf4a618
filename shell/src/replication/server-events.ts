import { ChangeEventSchema } from '@mango/connect-shared';
import * as v from 'valibot';
import { retryDelayMs } from '../lib/backoff';

/** The part of EventSource this module uses, so tests can stand in for it. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface ServerEventsDeps {
  onChange: (seq: number) => void;
  onDeliveries: () => void;
  /**
   * The stream closed for good (the browser gives up on an HTTP error such as 401 or 503): what
   * happens meanwhile is unknown, so the caller pulls (which also finds out about a 401).
   */
  onGap: () => void;
  /** Defaults to the browser's EventSource; none (old browsers, tests): no stream, pulls still run. */
  createEventSource?: ((url: string) => EventSourceLike) | null;
  random?: () => number;
}

const CLOSED = 2;

function defaultEventSource(): ((url: string) => EventSourceLike) | null {
  return typeof EventSource === 'undefined' ? null : (url) => new EventSource(url);
}

/**
 * `GET /api/events` (same origin, session cookie): the server's pokes after every commit
 * (`change` with the store's sequence) and after webhook delivery attempts (`deliveries`).
 * EventSource reconnects by itself after a dropped connection; after an HTTP error it gives up,
 * so this opens a new one with backoff.
 */
export function createServerEvents(deps: ServerEventsDeps) {
  const make = deps.createEventSource === undefined ? defaultEventSource() : deps.createEventSource;
  let source: EventSourceLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let failures = 0;
  let running = false;

  function open(): void {
    if (!make || !running) return;
    const es = make('/api/events');
    source = es;
    // No pull on open: the server's first message on every connection is `change` with its
    // current sequence, which pulls if anything happened while the stream was down.
    es.addEventListener('open', () => {
      failures = 0;
    });
    es.addEventListener('change', (e) => {
      const parsed = v.safeParse(ChangeEventSchema, parseJson(e.data));
      if (parsed.success) deps.onChange(parsed.output.seq);
    });
    es.addEventListener('deliveries', () => deps.onDeliveries());
    es.addEventListener('error', () => {
      if (es.readyState !== CLOSED || source !== es) return;
      es.close();
      source = null;
      deps.onGap();
      failures += 1;
      retryTimer = setTimeout(() => {
        retryTimer = null;
        open();
      }, retryDelayMs(failures, { random: deps.random, maxMs: 60_000 }));
    });
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      open();
    },
    stop(): void {
      running = false;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      source?.close();
      source = null;
    },
    /** Opens a new stream now if the last one gave up (back online). */
    reconnect(): void {
      if (!running || source) return;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      open();
    },
  };
}

export type ServerEvents = ReturnType<typeof createServerEvents>;

function parseJson(data: unknown): unknown {
  try {
    return typeof data === 'string' ? JSON.parse(data) : undefined;
  } catch {
    return undefined;
  }
}
