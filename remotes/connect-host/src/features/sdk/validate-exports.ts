import type { MangoConnectNamespace } from './types.js';

export const REQUIRED_SDK_EXPORTS = ['MangoConnectSDK', 'ConversationsModule', 'AIAssistantModule', 'CampaignsModule'] as const;

export type ExportsCheck = { ok: true; sdk: MangoConnectNamespace } | { ok: false; missing: string[] };

/** Checks that a value looks like the SDK namespace: every documented class present and callable. */
export function validateSDKExports(value: unknown): ExportsCheck {
  if (typeof value !== 'object' || value === null) return { ok: false, missing: ['window.MangoConnect'] };
  const record = value as Record<string, unknown>;
  const missing = REQUIRED_SDK_EXPORTS.filter((name) => typeof record[name] !== 'function');
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, sdk: value as MangoConnectNamespace };
}
