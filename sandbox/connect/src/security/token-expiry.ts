import type { SandboxState } from '../state.js';

/** Bound on remembered tokens so a long-running sandbox does not grow without limit. */
const MAX_REMEMBERED_TOKENS = 10_000;

/** Remembers when a token was first presented (first sighting wins). */
export function noteTokenSeen(state: SandboxState, token: string, nowMs: number): void {
  if (state.tokenFirstSeenMs.has(token)) return;
  if (state.tokenFirstSeenMs.size >= MAX_REMEMBERED_TOKENS) {
    const oldest = state.tokenFirstSeenMs.keys().next().value;
    if (oldest !== undefined) state.tokenFirstSeenMs.delete(oldest);
  }
  state.tokenFirstSeenMs.set(token, nowMs);
}

/**
 * The admin "expire-tokens" rule. `iat` has one-second resolution, so a token is expired when
 * its whole issue second lies before the cut-off, or when the sandbox had already seen it before
 * the cut-off. A token Biz mints right after the cut-off (same second) therefore stays valid,
 * which is what lets the SDK's refresh succeed instead of looping.
 */
export function isExpiredByAdmin(state: SandboxState, token: string, iat: number): boolean {
  const cutoff = state.tokensExpiredBeforeMs;
  if (cutoff === null) return false;
  if ((iat + 1) * 1000 <= cutoff) return true;
  const seen = state.tokenFirstSeenMs.get(token);
  return seen !== undefined && seen < cutoff;
}
