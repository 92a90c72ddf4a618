/**
 * How the sandbox answers, so Biz can be tested against more than one Connect:
 * - 'full': every answer shape docs/CONTRACTS.md recommends (counts for a sync batch, `GET /health`).
 * - 'minimal': a Connect built from the PRD alone, as another team may build it: a sync batch is
 *   answered `{ "ok": true }`, there is no `/health` (404), and provisioning answers the four PRD
 *   fields plus fields Biz does not know. Signatures, tokens and data are handled as in 'full'.
 */
export const SANDBOX_PROFILES = ['full', 'minimal'] as const;
export type SandboxProfile = (typeof SANDBOX_PROFILES)[number];
