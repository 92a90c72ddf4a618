import type { ModuleFederationRuntimePlugin } from '@module-federation/enhanced/runtime';

/**
 * The remote entry's URL for the n-th retry. A module entry that threw while evaluating stays
 * errored in the browser's module map for the page's life: importing the same URL again rejects
 * with the same error without fetching, so Retry could never pick up a fixed deploy. A new query
 * per retry makes a new module record (fetched again, HTTP cache bypassed); the entry's chunks keep
 * their URLs, because relative imports resolve against the path, not the query.
 */
export function retryEntryUrl(entry: string, attempt: number, base?: string): string {
  const url = new URL(entry, base ?? globalThis.location?.href);
  url.searchParams.set('mango-retry', String(attempt));
  return url.href;
}

/** Imports an ES module by URL; injected so tests need no network. */
export type ImportModule = (url: string) => Promise<unknown>;

/**
 * A runtime plugin: after a failed load and a Retry (`attemptOf(name) > 0`), imports the remote's
 * module entry under a fresh URL instead of letting the runtime reuse the errored one. The first load
 * is left to the runtime untouched.
 */
export function entryRetryPlugin(attemptOf: (remoteName: string) => number, importModule: ImportModule = (url) => import(/* @vite-ignore */ url)): ModuleFederationRuntimePlugin {
  return {
    name: 'mango-entry-retry',
    loadEntry({ remoteInfo }) {
      const attempt = attemptOf(remoteInfo.name);
      if (attempt === 0 || (remoteInfo.type !== 'module' && remoteInfo.type !== 'esm')) return undefined;
      return importModule(retryEntryUrl(remoteInfo.entry, attempt)) as Promise<never>;
    },
  };
}
