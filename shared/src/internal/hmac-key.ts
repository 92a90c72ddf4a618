import { utf8 } from './bytes.js';

// Importing a raw key costs more than the HMAC itself (Node runs each Web Crypto import as a job
// and makes the key transferable); profiling POST /api/connect/token showed the imports at a
// tenth of the request's CPU. A server has one or two secrets, so a few cached keys cover it;
// the bound only keeps a caller with many secrets (tests) from growing the cache for ever.
const MAX_CACHED_KEYS = 8;
const keys = new Map<string, Promise<CryptoKey>>();

/** A non-extractable HMAC-SHA256 key for `secret` (its UTF-8 bytes), usable to sign and verify; cached. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = globalThis.crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    // A failed import is not cached, so the next call tries again.
    key.catch(() => keys.delete(secret));
    if (keys.size >= MAX_CACHED_KEYS) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}
