import { describe, expect, it } from 'vitest';
import { entryRetryPlugin, retryEntryUrl } from './entry-retry-plugin';

type LoadEntryArgs = Parameters<NonNullable<ReturnType<typeof entryRetryPlugin>['loadEntry']>>[0];
const args = (type: string, entry = 'http://remote.test/app/remoteEntry.js') => ({ remoteInfo: { name: 'connectHost', entry, type } }) as unknown as LoadEntryArgs;

describe('retryEntryUrl', () => {
  it('adds the attempt as a query and keeps the path, so the entry’s relative chunk URLs stay the same', () => {
    const url = new URL(retryEntryUrl('http://remote.test/app/remoteEntry.js', 3));
    expect(url.pathname).toBe('/app/remoteEntry.js');
    expect(url.searchParams.get('mango-retry')).toBe('3');
    expect(new URL('./assets/chunk.js', url).href).toBe('http://remote.test/app/assets/chunk.js');
  });

  it('replaces an earlier attempt instead of piling queries up, and keeps other parameters', () => {
    const once = retryEntryUrl('http://remote.test/remoteEntry.js?v=7', 1);
    expect(retryEntryUrl(once, 2)).toBe('http://remote.test/remoteEntry.js?v=7&mango-retry=2');
  });

  it('resolves a relative entry against the given base', () => {
    expect(retryEntryUrl('/remoteEntry.js', 1, 'http://shell.test/messages')).toBe('http://shell.test/remoteEntry.js?mango-retry=1');
  });
});

describe('entryRetryPlugin', () => {
  it('leaves the first load to the runtime', () => {
    const imported: string[] = [];
    const plugin = entryRetryPlugin(() => 0, async (url) => imported.push(url));
    expect(plugin.loadEntry!(args('module'))).toBeUndefined();
    expect(imported).toEqual([]);
  });

  it('imports a module entry under a fresh URL on a retry and hands back its exports', async () => {
    const exports = { init: () => undefined, get: () => undefined };
    const imported: string[] = [];
    const plugin = entryRetryPlugin(() => 2, async (url) => {
      imported.push(url);
      return exports;
    });
    await expect(plugin.loadEntry!(args('module'))).resolves.toBe(exports);
    expect(imported).toEqual(['http://remote.test/app/remoteEntry.js?mango-retry=2']);
  });

  it('passes an import failure on, for the registry to report', async () => {
    const plugin = entryRetryPlugin(() => 1, async () => {
      throw new Error('remote entry exploded on load');
    });
    await expect(plugin.loadEntry!(args('module'))).rejects.toThrow('remote entry exploded on load');
  });

  it('does not touch classic-script entries, which the runtime re-adds as new script tags anyway', () => {
    const plugin = entryRetryPlugin(() => 1, async () => ({}));
    expect(plugin.loadEntry!(args('global'))).toBeUndefined();
  });
});
