export { createConnectApiClient, type ConnectApiClient, type ConnectApiClientOptions } from './client.js';
