/**
 * The Connect SDK's shape as docs/CONTRACTS.md promises it. This remote is the only code in Biz
 * that touches it, so the types live here rather than in shared/.
 */
export type SDKErrorCode = 'token_invalid' | 'token_expired' | 'network' | 'api_error' | 'not_initialised';

export interface SDKError {
  code: SDKErrorCode;
  message: string;
  status?: number;
}

export interface SDKOptions {
  apiUrl: string;
  token: string;
  fetchToken: () => Promise<string>;
  onError?: (err: SDKError) => void;
}

export interface SDKInitResult {
  storeId: string;
  connectTenantId: string;
  member: { memberId: string; name: string; role: string };
}

export interface MangoConnectSDKInstance {
  init(): Promise<SDKInitResult>;
  setToken(token: string): void;
  destroy(): void;
}

export interface ConnectUIModule {
  mount(el: HTMLElement): void;
  unmount(): void;
}

export type ConnectUIModuleClass = new (sdk: MangoConnectSDKInstance) => ConnectUIModule;

/** What the SDK script puts on `window.MangoConnect`. */
export interface MangoConnectNamespace {
  version?: string;
  MangoConnectSDK: new (options: SDKOptions) => MangoConnectSDKInstance;
  ConversationsModule: ConnectUIModuleClass;
  AIAssistantModule: ConnectUIModuleClass;
  CampaignsModule: ConnectUIModuleClass;
}

declare global {
  interface Window {
    MangoConnect?: unknown;
  }
}
