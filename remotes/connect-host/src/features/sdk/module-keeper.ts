import type { ConnectUIModule, MangoConnectNamespace, MangoConnectSDKInstance } from './types.js';

export type ConnectModuleName = 'ConversationsModule' | 'AIAssistantModule' | 'CampaignsModule';

/**
 * How long a module the user left stays mounted off-screen. Coming back within it shows the inbox
 * as it was (list, open thread, scroll) in the first frame, instead of a fresh module that must
 * ask Connect for its data before it shows anything: `pnpm bench` measured that round trip as most
 * of the click on Messages. A kept module goes on polling Connect meanwhile, so the window is short.
 */
export const KEEP_ALIVE_MS = 60_000;

/** A module mounted into a container this remote owns; the caller attaches `container` to the page. */
export interface ModuleLease {
  readonly container: HTMLElement;
  /** True when the module was kept from an earlier visit rather than mounted now. */
  readonly reused: boolean;
  /** Detaches the container; the module is unmounted now, or after `keepAliveMs` unless leased again. */
  release(): void;
}

interface Kept {
  instance: ConnectUIModule;
  container: HTMLElement;
  /** The lease that shows it now, or null while it is parked. */
  holder: symbol | null;
  timer: ReturnType<typeof setTimeout> | null;
}

const keptBySdk = new WeakMap<MangoConnectSDKInstance, Map<ConnectModuleName, Kept>>();

/** The optional `refresh()` Connect's modules may offer; the contract only promises mount/unmount. */
function refreshIfOffered(instance: ConnectUIModule): void {
  const refresh = (instance as { refresh?: unknown }).refresh;
  if (typeof refresh === 'function') void Promise.resolve(refresh.call(instance)).catch(() => undefined);
}

function mountFresh(namespace: MangoConnectNamespace, sdk: MangoConnectSDKInstance, module: ConnectModuleName, doc: Document): { instance: ConnectUIModule; container: HTMLElement } {
  const container = doc.createElement('div');
  container.className = 'ch-module-root';
  const instance = new namespace[module](sdk);
  instance.mount(container);
  return { instance, container };
}

/**
 * Mounts `module` for `sdk`, or hands back the one kept from the last visit (asking it to refresh
 * when it can). The newest lease wins: if the kept module is still held — a holder React has
 * hidden or not yet cleaned up — it moves to the new lease, and the old holder's release does
 * nothing. Throws what the module's constructor or mount throws.
 */
export function leaseModule(
  namespace: MangoConnectNamespace,
  sdk: MangoConnectSDKInstance,
  module: ConnectModuleName,
  opts: { keepAliveMs?: number; document?: Document } = {},
): ModuleLease {
  const keepAliveMs = opts.keepAliveMs ?? KEEP_ALIVE_MS;
  const doc = opts.document ?? document;
  if (keepAliveMs <= 0) {
    const fresh = mountFresh(namespace, sdk, module, doc);
    return { container: fresh.container, reused: false, release: () => unmount(fresh) };
  }
  let byModule = keptBySdk.get(sdk);
  if (!byModule) keptBySdk.set(sdk, (byModule = new Map()));
  const me = Symbol(module);
  const kept = byModule.get(module);
  if (kept) {
    if (kept.timer !== null) clearTimeout(kept.timer);
    kept.timer = null;
    kept.holder = me;
    refreshIfOffered(kept.instance);
    return { container: kept.container, reused: true, release: () => park(byModule, module, kept, me, keepAliveMs) };
  }
  const entry: Kept = { ...mountFresh(namespace, sdk, module, doc), holder: me, timer: null };
  byModule.set(module, entry);
  return { container: entry.container, reused: false, release: () => park(byModule, module, entry, me, keepAliveMs) };
}

function park(byModule: Map<ConnectModuleName, Kept>, module: ConnectModuleName, entry: Kept, holder: symbol, keepAliveMs: number): void {
  // A newer lease took the module over: it is not this holder's to park.
  if (entry.holder !== holder) return;
  entry.holder = null;
  entry.container.remove();
  entry.timer = setTimeout(() => {
    entry.timer = null;
    if (byModule.get(module) === entry) byModule.delete(module);
    unmount(entry);
  }, keepAliveMs);
}

function unmount(m: { instance: ConnectUIModule; container: HTMLElement }): void {
  m.container.remove();
  try {
    m.instance.unmount();
  } finally {
    m.container.replaceChildren();
  }
}

/** Unmounts every module kept for `sdk` that is off-screen now: its SDK session is ending. */
export function dropKeptModules(sdk: MangoConnectSDKInstance): void {
  const byModule = keptBySdk.get(sdk);
  if (!byModule) return;
  for (const [module, entry] of byModule) {
    if (entry.holder !== null) continue;
    if (entry.timer !== null) clearTimeout(entry.timer);
    byModule.delete(module);
    unmount(entry);
  }
}
