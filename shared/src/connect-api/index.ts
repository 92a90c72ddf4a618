export { createConnectApiClient, type ConnectApiClient, type ConnectApiClientOptions } from './client.js';
export { readCapped, type CappedBody, type CappedReadEnd, type ReadCappedOptions } from '../internal/read-capped.js';
