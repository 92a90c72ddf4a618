import { AIAssistantModule } from './modules/assistant.js';
import { CampaignsModule } from './modules/campaigns.js';
import { ConversationsModule } from './modules/conversations.js';
import { MangoConnectSDK } from './sdk.js';
import { SDK_VERSION } from './version.js';

export type { SDKError, SDKErrorCode } from './errors.js';
export type { SDKOptions, SDKSession } from './sdk.js';

const MangoConnect = Object.freeze({
  version: SDK_VERSION,
  MangoConnectSDK,
  ConversationsModule,
  AIAssistantModule,
  CampaignsModule,
});
export type MangoConnectGlobal = typeof MangoConnect;

declare global {
  interface Window {
    MangoConnect?: MangoConnectGlobal;
  }
}

// A classic script's only output: the global the host's loader waits for.
window.MangoConnect = MangoConnect;
