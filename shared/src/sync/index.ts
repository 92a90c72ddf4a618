export { chunk } from './chunk.js';
export { runSync, type RunSyncArgs, type SyncProgress } from './run-sync.js';
