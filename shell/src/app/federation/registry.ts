import { isCompatibleContract, SHELL_CONTRACT_VERSION } from '@mango/shell-contract';
import type { RemoteConfig, RuntimeConfig } from '../runtime-config';
import { RemoteIncompatibleError, RemoteUnavailableError } from './errors';

/** The two calls of the Module Federation runtime we use; injected so tests need no network. */
export interface FederationRuntime {
  registerRemotes(remotes: RemoteConfig[], options?: { force?: boolean }): void;
  loadRemote<T>(id: string): Promise<T | null>;
}

export interface RemoteRegistryOptions {
  /** The runtime, or how to get it: created on first use, so a page that loads no remote never pays for it. */
  runtime: FederationRuntime | (() => Promise<FederationRuntime>);
  getConfig: () => Promise<RuntimeConfig>;
  /** A remote that neither loads nor fails within this time is reported as unavailable. */
  timeoutMs?: number;
}

export interface RemoteRegistry {
  /** Loads `remote/expose` after checking the remote's contract version; rejects with a typed error. */
  load<T>(id: string): Promise<T>;
  /** Warms the remote (manifest, entry, contract, given exposes) without rendering; never rejects. */
  preload(remoteName: string, exposes?: string[]): Promise<void>;
  /** Forgets a failed remote so the next load starts from scratch (Retry without a reload). */
  reset(remoteName: string): void;
  /** How many times a remote that never loaded has been reset: 0 until the first Retry. */
  retryAttempt(remoteName: string): number;
}

function withTimeout<T>(p: Promise<T>, ms: number, id: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RemoteUnavailableError(id, `${id} did not load within ${Math.round(ms / 1000)} s.`)), ms);
    p.then(
      (v) => { clearTimeout(timer); resolve(v); },
      (e: unknown) => { clearTimeout(timer); reject(e); },
    );
  });
}

export function createRemoteRegistry(opts: RemoteRegistryOptions): RemoteRegistry {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let registration: Promise<void> | null = null;
  /** Remotes of which at least one module loaded: re-registering them would drop live shared scopes. */
  const loadedOnce = new Set<string>();
  const forceNext = new Set<string>();
  const retries = new Map<string, number>();
  const contractChecks = new Map<string, Promise<void>>();
  let runtimeReady: Promise<FederationRuntime> | null = null;

  function runtime(): Promise<FederationRuntime> {
    const { runtime: given } = opts;
    runtimeReady ??= (typeof given === 'function' ? given() : Promise.resolve(given)).catch((err: unknown) => {
      const why = err instanceof Error ? err.message : String(err);
      throw new RemoteUnavailableError('federation', `The shell could not start Module Federation (${why}). Check the connection and Retry; if Mango Biz was just updated, reload the page.`, { cause: err });
    });
    // A runtime chunk that failed to download is fetched again on the next attempt (Retry).
    runtimeReady.catch(() => { runtimeReady = null; });
    return runtimeReady;
  }

  function register(): Promise<void> {
    registration ??= Promise.all([opts.getConfig(), runtime()]).then(([config, federation]) => {
      federation.registerRemotes(Object.values(config.remotes));
    });
    registration.catch(() => { registration = null; });
    return registration;
  }

  async function rawLoad<T>(id: string): Promise<T> {
    await register();
    const federation = await runtime();
    const remoteName = id.split('/')[0] ?? id;
    if (forceNext.has(remoteName)) {
      // After a failed load the runtime may keep the broken entry's state; a forced
      // re-registration clears its manifest and entry caches so Retry really fetches again.
      const config = await opts.getConfig();
      const remote = Object.values(config.remotes).find((r) => r.name === remoteName);
      if (remote) federation.registerRemotes([{ ...remote }], { force: true });
      forceNext.delete(remoteName);
    }
    let mod: T | null;
    try {
      mod = await withTimeout(federation.loadRemote<T>(id), timeoutMs, id);
    } catch (err) {
      if (err instanceof RemoteUnavailableError) throw err;
      const why = err instanceof Error ? err.message : String(err);
      throw new RemoteUnavailableError(id, `Could not load ${id}: ${why}`, { cause: err });
    }
    if (mod === null || mod === undefined) throw new RemoteUnavailableError(id, `${id} loaded but exported nothing.`);
    loadedOnce.add(remoteName);
    return mod;
  }

  function checkContract(remoteName: string): Promise<void> {
    let check = contractChecks.get(remoteName);
    if (!check) {
      check = rawLoad<{ contractVersion?: unknown }>(`${remoteName}/contract`).then((m) => {
        const version = typeof m.contractVersion === 'string' ? m.contractVersion : 'unknown';
        if (!isCompatibleContract(version, SHELL_CONTRACT_VERSION)) throw new RemoteIncompatibleError(version, SHELL_CONTRACT_VERSION);
      });
      contractChecks.set(remoteName, check);
      check.catch(() => contractChecks.delete(remoteName));
    }
    return check;
  }

  return {
    async load<T>(id: string) {
      const remoteName = id.split('/')[0] ?? id;
      await checkContract(remoteName);
      return rawLoad<T>(id);
    },
    async preload(remoteName, exposes = []) {
      try {
        await checkContract(remoteName);
        await Promise.all(exposes.map((e) => rawLoad(`${remoteName}/${e.replace(/^\.\//, '')}`)));
      } catch {
        // Preloading is a hint; the route that needs the remote reports the failure itself.
      }
    },
    reset(remoteName) {
      contractChecks.delete(remoteName);
      if (loadedOnce.has(remoteName)) return;
      forceNext.add(remoteName);
      retries.set(remoteName, (retries.get(remoteName) ?? 0) + 1);
    },
    retryAttempt: (remoteName) => retries.get(remoteName) ?? 0,
  };
}
