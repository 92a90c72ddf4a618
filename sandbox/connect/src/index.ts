// Public surface for other workspace packages (e2e, contract checks) that run the sandbox in process.
export { createSandboxApp, type SandboxApp, type SandboxAppOptions } from './app.js';
export { startSandbox, type RunningSandbox } from './server.js';
export { parseSandboxConfig, SandboxConfigError, DEFAULT_ALLOWED_ORIGINS, type SandboxConfig } from './config.js';
export { createSandboxState, type SandboxState, type ReceivedWebhook, type SyncBatchRecord, type SdkMode } from './state.js';
export { SANDBOX_PROFILES, type SandboxProfile } from './profile.js';
export { buildSdkBundle, writeSdkBundle, SDK_DIST_FILE } from './sdk-bundle.js';
export { SDK_VERSION } from '../sdk/version.js';
