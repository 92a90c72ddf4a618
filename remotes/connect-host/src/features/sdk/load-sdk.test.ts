import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeFakeSDK } from '../../test/fake-sdk.js';
import { ConnectSDKLoadError } from './errors.js';
import { loadConnectSDK } from './load-sdk.js';
import { validateSDKExports } from './validate-exports.js';

const URL_A = 'http://localhost:5175/sdk/mango-connect-sdk.js';

const sdkTags = () => Array.from(document.querySelectorAll<HTMLScriptElement>('script')).filter((s) => s.src === URL_A);

/** Plays the browser: the script ran (optionally setting the globals) and fired `load`. */
function finishLoading(setGlobals: boolean) {
  const [tag] = sdkTags();
  if (!tag) throw new Error('no SDK script tag in the document');
  if (setGlobals) window.MangoConnect = makeFakeSDK().namespace;
  tag.dispatchEvent(new Event('load'));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('validateSDKExports', () => {
  it('accepts a namespace with every documented class', () => {
    expect(validateSDKExports(makeFakeSDK().namespace).ok).toBe(true);
  });
  it('names the classes that are missing', () => {
    const { CampaignsModule: _c, ...partial } = makeFakeSDK().namespace;
    expect(validateSDKExports(partial)).toEqual({ ok: false, missing: ['CampaignsModule'] });
    expect(validateSDKExports(undefined)).toEqual({ ok: false, missing: ['window.MangoConnect'] });
  });
});

describe('loadConnectSDK', () => {
  it('inserts one script tag and returns one promise for two loads of the same URL', async () => {
    const first = loadConnectSDK(URL_A);
    const second = loadConnectSDK(URL_A);
    expect(second).toBe(first);
    expect(sdkTags()).toHaveLength(1);
    finishLoading(true);
    await expect(first).resolves.toBe(window.MangoConnect);
    // Later callers (another route, a re-render) get the settled promise, no new tag.
    expect(loadConnectSDK(URL_A)).toBe(first);
    expect(sdkTags()).toHaveLength(1);
  });

  it('reuses a script tag already in the page instead of adding another', async () => {
    const existing = document.createElement('script');
    existing.src = URL_A;
    document.head.appendChild(existing);
    const loading = loadConnectSDK(URL_A);
    expect(sdkTags()).toEqual([existing]);
    finishLoading(true);
    await expect(loading).resolves.toBe(window.MangoConnect);
  });

  it('resolves at once when the SDK globals are already on the page', async () => {
    const fake = makeFakeSDK();
    window.MangoConnect = fake.namespace;
    await expect(loadConnectSDK(URL_A)).resolves.toBe(fake.namespace);
    expect(sdkTags()).toHaveLength(0);
  });

  it('rejects with "failed to load" on a network error or 404, removes the tag, and a retry loads again', async () => {
    const failing = loadConnectSDK(URL_A);
    sdkTags()[0]?.dispatchEvent(new Event('error'));
    const err = await failing.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectSDKLoadError);
    expect((err as ConnectSDKLoadError).code).toBe('ERR_SDK_SCRIPT_FAILED');
    expect((err as Error).message).toMatch(/failed to load/);
    expect(sdkTags()).toHaveLength(0);

    const retry = loadConnectSDK(URL_A);
    expect(retry).not.toBe(failing);
    expect(sdkTags()).toHaveLength(1);
    finishLoading(true);
    await expect(retry).resolves.toBe(window.MangoConnect);
  });

  it('rejects with the missing globals when the script loads without window.MangoConnect', async () => {
    const loading = loadConnectSDK(URL_A);
    finishLoading(false);
    await expect(loading).rejects.toMatchObject({
      code: 'ERR_SDK_GLOBALS_MISSING',
      message: expect.stringContaining('loaded, but did not define window.MangoConnect') as unknown,
    });
    expect(sdkTags()).toHaveLength(0);
  });

  it('names the missing classes when the script defines only part of the SDK', async () => {
    const loading = loadConnectSDK(URL_A);
    const { AIAssistantModule: _a, ...partial } = makeFakeSDK().namespace;
    window.MangoConnect = partial;
    sdkTags()[0]?.dispatchEvent(new Event('load'));
    await expect(loading).rejects.toMatchObject({ code: 'ERR_SDK_GLOBALS_MISSING', message: expect.stringContaining('lacks AIAssistantModule') as unknown });
  });

  it('says the script threw when it raised an error while running', async () => {
    const loading = loadConnectSDK(URL_A);
    window.dispatchEvent(new ErrorEvent('error', { message: 'Uncaught SyntaxError', filename: URL_A, error: new SyntaxError('Unexpected token <') }));
    finishLoading(false);
    await expect(loading).rejects.toMatchObject({ code: 'ERR_SDK_SCRIPT_THREW', message: expect.stringContaining('Unexpected token <') as unknown });
  });

  it('times out after the given time and lets a later call try again', async () => {
    vi.useFakeTimers();
    const loading = loadConnectSDK(URL_A, { timeoutMs: 15_000 });
    const settled = loading.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(14_999);
    expect(sdkTags()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const err = (await settled) as ConnectSDKLoadError;
    expect(err.code).toBe('ERR_SDK_TIMEOUT');
    expect(err.message).toContain('within 15 s');
    expect(loadConnectSDK(URL_A)).not.toBe(loading);
  });

  it('rejects an sdkUrl that is not a URL without touching the page', async () => {
    await expect(loadConnectSDK('http://[bad')).rejects.toMatchObject({ code: 'ERR_SDK_URL_INVALID' });
    expect(document.scripts).toHaveLength(0);
  });
});
