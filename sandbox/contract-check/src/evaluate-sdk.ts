import { runInNewContext } from 'node:vm';

/** Runs an SDK script in a bare window-like context (no DOM needed to define its exports). */
export function evaluateSdkInVm(source: string): unknown {
  const window: Record<string, unknown> = {};
  const context: Record<string, unknown> = { window, self: window, globalThis: window, console, setTimeout, clearTimeout, fetch };
  window.window = window;
  runInNewContext(source, context, { timeout: 5_000 });
  return window.MangoConnect ?? context.MangoConnect;
}
