import { ConnectSDKLoadError } from './errors.js';
import type { MangoConnectNamespace } from './types.js';
import { validateSDKExports } from './validate-exports.js';

export const DEFAULT_SDK_TIMEOUT_MS = 15_000;

/** Marks the tags this loader inserted, and whether they finished, so a reused tag is never awaited forever. */
const TAG_ATTR = 'data-mango-connect-sdk';

export interface LoadConnectSDKOptions {
  timeoutMs?: number;
}

// One promise per SDK URL for the whole page (after Stripe's connect-js): every route, re-render
// and component that needs the SDK shares it, so the script is fetched and evaluated once.
const cache = new Map<string, Promise<MangoConnectNamespace>>();

/** Forgets every cached load; only tests need this (a page keeps its SDK for its lifetime). */
export function resetConnectSDKCache(): void {
  cache.clear();
}

export function absoluteSDKUrl(url: string): string {
  try {
    return new URL(url, document.baseURI).href;
  } catch {
    throw new ConnectSDKLoadError('ERR_SDK_URL_INVALID', `The Mango Connect SDK URL "${url}" is not a valid URL; check the integration's sdkUrl.`, url);
  }
}

function findScript(absUrl: string): HTMLScriptElement | undefined {
  return Array.from(document.scripts).find((s) => s.src === absUrl);
}

function globalsError(absUrl: string, missing: string[]): ConnectSDKLoadError {
  return new ConnectSDKLoadError(
    'ERR_SDK_GLOBALS_MISSING',
    `The Mango Connect SDK script at ${absUrl} loaded, but ${
      missing.includes('window.MangoConnect') ? 'did not define window.MangoConnect' : `window.MangoConnect lacks ${missing.join(', ')}`
    }. ` +
      'The sdkUrl may point at the wrong file or an incompatible SDK version.',
    absUrl,
  );
}

/**
 * Loads the Connect SDK from `url` once per page and resolves to `window.MangoConnect`.
 * Rejects with a ConnectSDKLoadError saying whether the script failed to load, loaded without the
 * expected globals, threw while running, or timed out. A failed load is dropped from the cache
 * (and its tag removed) so calling again really retries.
 */
export function loadConnectSDK(url: string, options: LoadConnectSDKOptions = {}): Promise<MangoConnectNamespace> {
  let absUrl: string;
  try {
    absUrl = absoluteSDKUrl(url);
  } catch (err) {
    return Promise.reject(err);
  }
  const cached = cache.get(absUrl);
  if (cached) return cached;

  const promise = inject(absUrl, options.timeoutMs ?? DEFAULT_SDK_TIMEOUT_MS);
  cache.set(absUrl, promise);
  promise.catch(() => {
    // Only drop our own entry: a retry may already have replaced it.
    if (cache.get(absUrl) === promise) cache.delete(absUrl);
  });
  return promise;
}

function inject(absUrl: string, timeoutMs: number): Promise<MangoConnectNamespace> {
  return new Promise<MangoConnectNamespace>((resolve, reject) => {
    const present = validateSDKExports(window.MangoConnect);
    if (present.ok) {
      resolve(present.sdk);
      return;
    }

    let script = findScript(absUrl);
    if (script?.getAttribute(TAG_ATTR) === 'loaded') {
      // Our earlier tag ran to completion and the globals are still missing: waiting changes nothing.
      script.remove();
      script = undefined;
    }
    if (!script) {
      script = document.createElement('script');
      script.src = absUrl;
      script.async = true;
      script.setAttribute(TAG_ATTR, 'loading');
      document.head.appendChild(script);
    }
    const tag = script;

    // A classic script that throws reports on window, not on the tag. Cross-origin scripts report a
    // muted "Script error." with no filename, so that counts too while this load is pending.
    let thrown: string | null = null;
    const onWindowError = (event: ErrorEvent) => {
      if (event.filename === absUrl || (!event.filename && /script error/i.test(event.message))) {
        thrown = event.error instanceof Error ? event.error.message : event.message;
      }
    };

    const settle = (outcome: { sdk: MangoConnectNamespace } | { error: ConnectSDKLoadError }) => {
      clearTimeout(timer);
      window.removeEventListener('error', onWindowError);
      tag.removeEventListener('load', onLoad);
      tag.removeEventListener('error', onError);
      if ('sdk' in outcome) {
        resolve(outcome.sdk);
      } else {
        tag.remove();
        reject(outcome.error);
      }
    };

    const onLoad = () => {
      tag.setAttribute(TAG_ATTR, 'loaded');
      const check = validateSDKExports(window.MangoConnect);
      if (check.ok) return settle({ sdk: check.sdk });
      if (thrown !== null) {
        return settle({
          error: new ConnectSDKLoadError(
            'ERR_SDK_SCRIPT_THREW',
            `The Mango Connect SDK script at ${absUrl} loaded but threw while running: ${thrown}`,
            absUrl,
          ),
        });
      }
      settle({ error: globalsError(absUrl, check.missing) });
    };

    const onError = () =>
      settle({
        error: new ConnectSDKLoadError(
          'ERR_SDK_SCRIPT_FAILED',
          `The Mango Connect SDK script at ${absUrl} failed to load (network error or an HTTP error such as 404). ` +
            'Check that Mango Connect is reachable and the integration\'s sdkUrl is right.',
          absUrl,
        ),
      });

    const timer = setTimeout(
      () =>
        settle({
          error: new ConnectSDKLoadError(
            'ERR_SDK_TIMEOUT',
            `The Mango Connect SDK script at ${absUrl} did not finish loading within ${Math.round(timeoutMs / 1000)} s. ` +
              'The network or Mango Connect may be slow; try again.',
            absUrl,
          ),
        }),
      timeoutMs,
    );

    window.addEventListener('error', onWindowError);
    tag.addEventListener('load', onLoad);
    tag.addEventListener('error', onError);
  });
}
