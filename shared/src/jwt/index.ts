export { generateConnectToken, type GenerateConnectTokenOptions } from './generate.js';
export { verifyConnectToken, type VerifyConnectTokenOptions } from './verify.js';
export { decodeConnectToken, isTokenExpired, refreshDelayMs } from './decode.js';
