export { connectTokenClaims, generateConnectToken, type GenerateConnectTokenOptions } from './generate.js';
export { verifyConnectToken, type VerifyConnectTokenOptions } from './verify.js';
export { decodeConnectToken, isTokenExpired, refreshDelayMs } from './decode.js';
/** A cached, non-extractable HS256 key for a secret: pass it to jose instead of the secret's bytes. */
export { hmacKey } from '../internal/hmac-key.js';
