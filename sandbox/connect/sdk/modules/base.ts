import { MangoConnectError } from '../errors.js';
import { h, replaceChildren } from '../dom.js';
import type { MangoConnectSDK } from '../sdk.js';
import { ensureStyles } from '../styles.js';

export interface ModuleOptions {
  /** How often a mounted module refreshes its data; 0 turns polling off. Default 5000. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 5000;

/**
 * Mount/unmount, polling and error display shared by the three modules. A module polls while
 * mounted so data that changes in Biz (a new client) shows up without a reload.
 */
export abstract class BaseModule {
  protected root: HTMLElement | null = null;
  private alert: HTMLElement | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<void> | null = null;
  private readonly pollIntervalMs: number;

  constructor(
    protected readonly sdk: MangoConnectSDK,
    options: ModuleOptions = {},
  ) {
    if (!sdk || typeof (sdk as { request?: unknown }).request !== 'function') {
      throw new TypeError('Pass a MangoConnectSDK instance to the module constructor.');
    }
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  }

  protected abstract readonly name: string;
  /** Builds the module's static DOM into `root`. */
  protected abstract render(root: HTMLElement): void;
  /** Fetches data and updates the DOM. */
  protected abstract load(): Promise<void>;

  get mounted(): boolean {
    return this.root !== null;
  }

  mount(el: HTMLElement): void {
    if (this.root) this.unmount();
    ensureStyles(el.ownerDocument);
    this.alert = h('p', { className: 'mc-alert', attrs: { role: 'alert' } });
    this.root = h('div', { className: `mc-root mc-${this.name}` });
    this.render(this.root);
    this.root.appendChild(this.alert);
    replaceChildren(el, this.root);
    void this.refresh();
    if (this.pollIntervalMs > 0) {
      this.timer = setInterval(() => {
        if (this.sdk.isDestroyed) this.stopPolling();
        else void this.refresh();
      }, this.pollIntervalMs);
    }
  }

  unmount(): void {
    this.stopPolling();
    this.root?.remove();
    this.root = null;
    this.alert = null;
  }

  /** Reloads the data now; concurrent calls share one load. Never rejects. */
  refresh(): Promise<void> {
    if (!this.root) return Promise.resolve();
    this.inFlight ??= this.load()
      .then(() => this.showError(null))
      .catch((err: unknown) => this.showError(err))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Shows (or clears) the module's inline error; the SDK already told the host via onError. */
  protected showError(err: unknown): void {
    if (!this.alert) return;
    const message = err === null ? '' : err instanceof MangoConnectError ? err.message : String(err);
    replaceChildren(this.alert, message);
  }

  private stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }
}
